package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What probes taught about a host ({@link HostFindings}), per scanner and over all of them. */
class HostFindingsTest {
  private static final String TARGET = "10.0.0.5";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  /** An ACK scan (nmap -sA) of ports 1 to {@code last} from {@code src}: every port resets, unfiltered. */
  private void ackScan(String src, int last) {
    for (int port = 1; port <= last; port++) {
      wire.tcp(src, 40000, TARGET, port, TcpFlags.ACK, 0, 1024, 5);
      wire.tcp(TARGET, port, src, 40000, TcpFlags.RST);
    }
  }

  @Test
  void unfilteredPortsCountAmongThePortsProbed() {
    ackScan("203.0.113.7", 30);
    ScanAnalysis a = judge();
    TargetFinding f = a.scanners().get(0).findings().get(0);
    assertThat(f.unfiltered()).containsExactly("tcp/1-30");
    assertThat(f.portsProbed()).isEqualTo(30);
    assertThat(a.targets().get(0).portsHit()).isEqualTo(30);
  }

  @Test
  void theTargetSummaryKeepsEveryScannersUnfilteredPorts() {
    ackScan("203.0.113.7", 30);
    wire.at(1);
    ackScan("203.0.113.8", 30);
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(2);
    assertThat(a.targets()).singleElement().satisfies(t -> {
      assertThat(t.unfiltered()).containsExactly("tcp/1-30");
      assertThat(t.portsHit()).isEqualTo(30);
    });
  }

  @Test
  void portsAnsweredToOneScannerAreNotFilteredInTheTargetSummary() {
    // two SYN scans of ports 1-30: the first's probes of 22 and 23 are dropped, the second's answered
    // (22 open, 23 closed)
    for (String src : new String[] {"203.0.113.7", "203.0.113.8"}) {
      wire.at(src.endsWith("7") ? 0 : 5);
      for (int port = 1; port <= 30; port++) {
        wire.tcp(src, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
        boolean first = src.endsWith("7");
        if (port == 22 && !first) {
          wire.tcp(TARGET, port, src, 40000, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(src, 40000, TARGET, port, TcpFlags.RST);
        } else if (port != 22 && (port != 23 || !first)) {
          wire.tcp(TARGET, port, src, 40000, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(2);
    assertThat(a.scanners()).filteredOn(v -> v.ip().equals("203.0.113.7")).singleElement()
        .satisfies(v -> assertThat(v.findings().get(0).filtered()).containsExactly("tcp/22", "tcp/23"));
    assertThat(a.targets()).singleElement().satisfies(t -> {
      assertThat(t.open()).containsExactly("tcp/22");
      assertThat(t.closed()).containsExactly("tcp/1-21", "tcp/23-30");
      assertThat(t.filtered()).isEmpty();
    });
  }

  @Test
  void udpPortUnreachablesDoNotOpenSilentStealthPorts() {
    // nmap -sF -sU: the host drops every FIN (no reset anywhere) and refuses the UDP probes with port
    // unreachable: its silent TCP ports are filtered, not open
    for (int port = 1; port <= 20; port++) {
      wire.tcp("203.0.113.7", 40000, TARGET, port, TcpFlags.FIN, 0, 1024, 0);
      wire.udp("203.0.113.7", 40001, TARGET, port, 0);
      wire.icmpError(TARGET, "203.0.113.7", 3, 3, "203.0.113.7", 40001, TARGET, port, 17);
    }
    TargetFinding f = judge().scanners().get(0).findings().get(0);
    assertThat(f.closed()).containsExactly("udp/1-20");
    assertThat(f.open()).isEmpty();
    assertThat(f.filtered()).containsExactly("tcp/1-20");
  }
}
