package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The bounds on judging: a capture crafted with tens of thousands of scanning sources must neither
 * exhaust the heap (verdicts kept) nor take minutes (the pairwise distributed-scan comparison).
 */
class JudgeBoundsTest {
  private static final String TARGET = "10.0.0.5";
  /** The defaults with other judging bounds. */
  private static DetectionSettings bounded(int maxScanners, int distributedMaxSources) {
    DetectionSettings d = DetectionSettings.DEFAULTS;
    return d.withJudgeBounds(distributedMaxSources, maxScanners, d.maxFindingsPerScanner(), d.maxFindings(),
        d.minFindingsPerScanner());
  }

  private static ScanAnalysis judge(DetectionSettings settings, Consumer<Wire> traffic) {
    ConversationTracker tracker = new ConversationTracker(settings);
    traffic.accept(new Wire(tracker));
    return Wire.judge(settings, tracker.finish());
  }

  /** Scanner i (1-based) SYN-probes {@code ports(i)} closed ports of the target, from port {@code first(i)}. */
  private static void scanners(Wire wire, int count, int portsOfFirst, boolean disjoint) {
    int next = 1;
    for (int i = 1; i <= count; i++) {
      String src = "203.0.113." + i;
      int ports = portsOfFirst + i - 1;
      int first = disjoint ? next : 1;
      for (int port = first; port < first + ports; port++) {
        wire.tcp(src, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
        wire.tcp(TARGET, port, src, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
      next += ports;
    }
  }

  private static List<String> ips(ScanAnalysis a) {
    return a.scanners().stream().map(ScannerVerdict::ip).toList();
  }

  @Test
  void onlyTheHighestRankedScannersAreKeptAndTheRestAreCounted() {
    ScanAnalysis all = judge(DetectionSettings.DEFAULTS, w -> scanners(w, 20, 10, false));
    ScanAnalysis capped = judge(bounded(5, 64), w -> scanners(w, 20, 10, false));

    assertThat(all.scanners()).hasSize(20);
    assertThat(all.cost().capped()).isFalse();
    // the broadest scanners rank first
    assertThat(ips(capped)).containsExactly("203.0.113.20", "203.0.113.19", "203.0.113.18", "203.0.113.17",
        "203.0.113.16");
    assertThat(ips(capped)).isEqualTo(ips(all).subList(0, 5));
    assertThat(capped.cost().scannersNotListed()).isEqualTo(15);
    assertThat(capped.cost().capped()).isTrue();
    assertThat(capped.targets()).hasSize(1);
    assertThat(capped.targets().get(0).scannedBy()).hasSize(5);
  }

  @Test
  void theDistributedRuleComparesTheScannersWithTheMostPortsOnATarget() {
    ScanAnalysis all = judge(DetectionSettings.DEFAULTS, w -> scanners(w, 5, 10, true));
    ScanAnalysis bounded = judge(bounded(4096, 3), w -> scanners(w, 5, 10, true));

    assertThat(all.distributed()).hasSize(1);
    assertThat(all.distributed().get(0).sources()).hasSize(5);
    assertThat(all.distributed().get(0).portsCovered()).isEqualTo(10 + 11 + 12 + 13 + 14);
    assertThat(bounded.distributed()).hasSize(1);
    assertThat(bounded.distributed().get(0).sources())
        .containsExactly("203.0.113.5", "203.0.113.4", "203.0.113.3");
    assertThat(bounded.distributed().get(0).portsCovered()).isEqualTo(14 + 13 + 12);
  }

  @Test
  void manyScannersOfTheSamePortsOnOneTargetAreNotDistributed() {
    // 3,000 scanners of the same ports: every pair overlaps, and the first pair settles it.
    ScanAnalysis a = judge(DetectionSettings.DEFAULTS, w -> {
      for (int i = 0; i < 3000; i++) {
        String src = "198.18." + (i / 250) + "." + (1 + i % 250);
        for (int port = 1; port <= 6; port++) {
          w.tcp(src, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
        }
      }
    });
    assertThat(a.scanners()).hasSize(3000);
    assertThat(a.distributed()).isEmpty();
  }

  /** Scanner {@code src} SYN-probes tcp/445 on 10.1.0.1 … 10.1.0.{hosts}; those in {@code open} answer. */
  private static void sweep(Wire wire, String src, int hosts, int hostBase, Set<Integer> open) {
    for (int h = 1; h <= hosts; h++) {
      String host = "10." + hostBase + ".0." + h;
      wire.tcp(src, 40000, host, 445, TcpFlags.SYN, 0, 1024, 5);
      if (open.contains(h)) {
        wire.tcp(host, 445, src, 40000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(src, 40000, host, 445, TcpFlags.RST);
      }
    }
  }

  @Test
  void aScannerKeepsTheFindingsOfTheHostsWithOpenPortsFirstAndCountsEveryHost() {
    DetectionSettings d = DetectionSettings.DEFAULTS;
    DetectionSettings five = d.withJudgeBounds(d.distributedMaxSources(), d.maxScanners(), 5, d.maxFindings(), 1);
    ScanAnalysis a = judge(five, w -> sweep(w, "203.0.113.7", 20, 1, Set.of(13, 14, 15)));

    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.distinctHosts()).isEqualTo(20);
    // the three open hosts, then the lowest silent ones; listed in address order
    assertThat(v.findings()).extracting(TargetFinding::ip)
        .containsExactly("10.1.0.1", "10.1.0.2", "10.1.0.13", "10.1.0.14", "10.1.0.15");
    assertThat(v.findings().get(2).open()).containsExactly("tcp/445");
    assertThat(v.findings().get(0).filtered()).containsExactly("tcp/445");
    assertThat(a.targets()).hasSize(5);
    // a host whose findings were not kept is still known as probed
    assertThat(a.probed().count(new byte[] {10, 1, 0, 20})).isEqualTo(1);
    assertThat(a.probed().count(new byte[] {10, 1, 0, 21})).isZero();
    assertThat(a.probed().size()).isEqualTo(20);
    assertThat(a.cost().findingsNotKept()).isEqualTo(15);
    assertThat(a.cost().capped()).as("a cut of what is reported, not of what the pass saw").isFalse();
  }

  @Test
  void theHostAScannerHammeredKeepsItsFindingsBesideTheOpenOnes() {
    DetectionSettings d = DetectionSettings.DEFAULTS;
    DetectionSettings four = d.withJudgeBounds(d.distributedMaxSources(), d.maxScanners(), 4, d.maxFindings(), 1);
    ScanAnalysis a = judge(four, w -> {
      sweep(w, "203.0.113.7", 20, 1, Set.of(13, 14, 15));
      for (int port = 1; port <= 30; port++) { // then 30 more ports of the last host, all silent
        w.tcp("203.0.113.7", 40000, "10.1.0.20", port, TcpFlags.SYN, 0, 1024, 5);
      }
    });

    // half by open ports (13 and 14: one each, lowest address first), half by probes sent (20, then 15)
    assertThat(a.scanners().get(0).findings()).extracting(TargetFinding::ip)
        .containsExactly("10.1.0.13", "10.1.0.14", "10.1.0.15", "10.1.0.20");
    assertThat(a.targets().get(0).ip()).isEqualTo("10.1.0.20");
    assertThat(a.targets().get(0).portsHit()).isEqualTo(31);
  }

  @Test
  void findingsAreGivenOutInRankOrderWithAFloorForEachScanner() {
    DetectionSettings d = DetectionSettings.DEFAULTS;
    DetectionSettings budget = d.withJudgeBounds(d.distributedMaxSources(), d.maxScanners(), 5, 6, 2);
    ScanAnalysis a = judge(budget, w -> {
      sweep(w, "203.0.113.1", 12, 1, Set.of());
      sweep(w, "203.0.113.2", 20, 2, Set.of());
      sweep(w, "203.0.113.3", 15, 3, Set.of());
    });

    // ranked by breadth: 20 hosts, then 15, then 12; 5 of the 6 go to the first, the floor to the others
    assertThat(ips(a)).containsExactly("203.0.113.2", "203.0.113.3", "203.0.113.1");
    assertThat(a.scanners()).extracting(v -> v.findings().size()).containsExactly(5, 2, 2);
    assertThat(a.scanners()).extracting(ScannerVerdict::distinctHosts).containsExactly(20, 15, 12);
  }

  @Test
  void anIdleScansReaderBeyondTheScannerBoundIsCounted() {
    // nmap -sI through 10.0.0.60: the scanner reads the zombie's IP ID before, between and after its
    // forged SYNs; with room for one verdict, the zombie's fills it and the reader's is counted
    Consumer<Wire> idleScan = w -> {
      for (int port = 20; port <= 40; port++) {
        w.tcp("203.0.113.9", 30000 + port, "10.0.0.60", 80, TcpFlags.SYN | TcpFlags.ACK, 0, 1024, 9);
        w.tcp("10.0.0.60", 80, "203.0.113.9", 30000 + port, TcpFlags.RST);
        if (port < 40) {
          w.tcp("10.0.0.60", 80, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
          w.tcp(TARGET, port, "10.0.0.60", 80, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    };
    assertThat(ips(judge(DetectionSettings.DEFAULTS, idleScan))).containsExactly("203.0.113.9", "10.0.0.60");
    ScanAnalysis capped = judge(bounded(1, 64), idleScan);
    assertThat(ips(capped)).containsExactly("10.0.0.60");
    assertThat(capped.cost().scannersNotListed()).isEqualTo(1);
    assertThat(capped.cost().capped()).isTrue();
    assertThat(capped.suspectedPatterns()).contains("idle_scan");
  }
}
