package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The bound on the contacts all sources keep together, and what it costs. */
class StateBoundsTest {
  /** {@code src} SYN-probes ports 1..{@code ports} of {@code host}, each refused, from second {@code start}. */
  private static void scan(Wire w, String src, String host, int ports, double start) {
    for (int port = 1; port <= ports; port++) {
      w.at(start + port * 0.01);
      w.tcp(src, 40000, host, port, TcpFlags.SYN, 0, 1024, 5);
      w.tcp(host, port, src, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
  }

  /** The defaults with other contact bounds: per source, and over all sources. */
  private static DetectionSettings contactBounds(int perSource, int total) {
    DetectionSettings d = DetectionSettings.DEFAULTS;
    return d.withBounds(d.maxFlows(), d.maxSources(), perSource, total);
  }

  /** The defaults with a source table of {@code max}: small enough for a test to fill. */
  private static DetectionSettings sources(int max) {
    DetectionSettings d = DetectionSettings.DEFAULTS;
    return d.withBounds(d.maxFlows(), max, d.maxContactsPerSource(), d.maxContacts());
  }

  /** {@code ip} is listed with the span, packet count and opening flags of what it sent. */
  private static void assertSent(ScanAnalysis a, String ip, long firstNanos, long lastNanos, int packets, String flag) {
    assertThat(a.scanners()).filteredOn(v -> v.ip().equals(ip)).singleElement().satisfies(v -> {
      assertThat(v.firstSeenNanos()).isEqualTo(firstNanos);
      assertThat(v.lastSeenNanos()).isEqualTo(lastNanos);
      assertThat(v.packets()).isEqualTo(packets);
      assertThat(v.flagStats()).containsEntry(flag, (long) packets);
    });
  }

  private static ScanAnalysis judge(DetectionSettings settings, Consumer<Wire> traffic) {
    ConversationTracker tracker = new ConversationTracker(settings);
    traffic.accept(new Wire(tracker));
    return Wire.judge(settings, tracker.finish());
  }

  @Test
  void contactsPastTheGlobalBoundAreCountedAndEverySourceKeepsEnoughToBeJudged() {
    ScanAnalysis a = judge(contactBounds(DetectionSettings.DEFAULTS.maxContactsPerSource(), 100), w -> {
      // far enough apart that each scan's conversations conclude before the next begins
      scan(w, "203.0.113.1", "10.0.0.5", 80, 0);
      scan(w, "203.0.113.2", "10.0.0.6", 80, 100);
      scan(w, "203.0.113.3", "10.0.0.7", 10, 200);
    });

    // 80 kept, then 20 up to the bound, then the floor: the first 5 (minFailedContacts) and the first
    // 10 failures (focusMinFailedTargets)
    assertThat(a.cost().contactsNotKept()).isEqualTo(60);
    assertThat(a.cost().capped()).isTrue();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip)
        .containsExactlyInAnyOrder("203.0.113.1", "203.0.113.2", "203.0.113.3");
    // what was not kept still counts
    assertThat(a.scanners()).extracting(ScannerVerdict::contacts).containsExactlyInAnyOrder(80, 80, 10);
    assertThat(a.scanners()).extracting(ScannerVerdict::distinctPorts).containsExactlyInAnyOrder(80, 20, 10);
  }

  @Test
  void aClientThatStartsScanningPastTheGlobalBoundIsStillFoundByTheFocusRule() {
    ScanAnalysis a = judge(contactBounds(DetectionSettings.DEFAULTS.maxContactsPerSource(), 100), w -> {
      scan(w, "203.0.113.1", "10.0.0.5", 100, 0); // fills the bound
      for (int i = 1; i <= 100; i++) { // a workstation's 100 good connections, then 40 refused ports
        w.at(100 + i * 0.5);
        w.conversation("10.0.0.77", 40000 + i, "198.51.100." + i, 443);
      }
      w.windowsSyns(true); // its own stack's SYNs (nc -z): crafted ones are judged apart, before the focus rule
      scan(w, "10.0.0.77", "10.0.0.9", 40, 300);
    });

    ScannerVerdict v = a.scanners().stream().filter(s -> s.ip().equals("10.0.0.77")).findFirst().orElseThrow();
    assertThat(v.focused()).isTrue(); // 40 of 140 failed: too few for the other rules
    assertThat(v.contacts()).isEqualTo(140);
  }

  @Test
  void whatABoundKeepsOfConversationsConcludedTogetherIsTheirOpeningOrder() {
    // 200 probes concluded in one sweep, 50 kept: the first 50 sent, whatever the table's secret order
    ScanAnalysis a = judge(contactBounds(50, DetectionSettings.DEFAULTS.maxContacts()), w -> {
      for (int port = 1; port <= 200; port++) {
        w.tcp("203.0.113.1", 40000, "10.0.0.5", port, TcpFlags.SYN, 0, 1024, 5);
      }
    });

    assertThat(a.cost().contactsNotKept()).isEqualTo(150);
    assertThat(a.scanners().get(0).findings().get(0).filtered()).containsExactly("tcp/1-50");
  }

  @Test
  void aTableFullOfTwiceSpoofedSourcesMakesRoomForALateScanner() {
    // 200 sources each sending two SYNs (a flood spoofing every address twice) fill a 64-source
    // table; the scanner that comes after them must still find a place
    ScanAnalysis a = judge(sources(64), w -> {
      for (int i = 0; i < 200; i++) {
        w.at(i * 0.01);
        String src = "198.18." + (i / 250) + "." + (1 + i % 250);
        w.tcp(src, 1000 + i, "10.0.0.5", 80, TcpFlags.SYN, 0, 64240, 5);
        w.tcp(src, 2000 + i, "10.0.0.5", 443, TcpFlags.SYN, 0, 64240, 5);
      }
      scan(w, "203.0.113.9", "10.0.0.7", 40, 300);
    });

    assertThat(a.scanners()).extracting(ScannerVerdict::ip).contains("203.0.113.9");
    assertThat(a.cost().sourcesDropped()).isPositive();
  }

  @Test
  void aScannerForgottenBeforeItsProbesConcludedStillShowsTheirTimesAndPackets() {
    // a SYN scan nothing answers, its conversations open until they go idle, then a spoofed flood that
    // fills a 64-source table: the scanner, with nothing concluded yet, is forgotten with its counts,
    // and made again when its probes conclude
    String scanner = "203.0.113.9";
    int ports = 40;
    ScanAnalysis a = judge(sources(64), w -> {
      for (int port = 1; port <= ports; port++) {
        w.at(port * 0.01);
        w.tcp(scanner, 40000, "10.0.0.7", port, TcpFlags.SYN, 0, 1024, 5);
      }
      for (int i = 0; i < 300; i++) {
        w.at(1 + i * 0.01);
        w.tcp("198.18.0." + (1 + i % 250), 1000 + i, "10.0.0.5", 80, TcpFlags.SYN, 0, 64240, 5);
      }
    });

    assertThat(a.cost().sourcesDropped()).isPositive();
    long start = 1_700_000_000_000_000_000L;
    assertSent(a, scanner, start + 10_000_000L, start + ports * 10_000_000L, ports, "SYN");
  }

  @Test
  void anArpSweeperNeverTrackedWhileItAskedStillShowsItsQuestionsTimesAndPackets() {
    // a 128-source table holding 127 sources with 5 refused contacts each, which no sweep may drop,
    // one source still retrying and two light ones, the second making the table drop the first: the
    // sweeper's requests then find no room and go uncounted, and it is made when its questions conclude
    String sweeper = "10.88.0.66";
    int asked = 15;
    ScanAnalysis a = judge(sources(128), w -> {
      for (int s = 0; s < 127; s++) {
        scan(w, "198.51." + (s / 200) + "." + (1 + s % 200), "10.0.0.5", 5, s * 0.005);
      }
      for (int i = 0; i < 4; i++) {
        w.at(2 + i * 2);
        w.tcp("198.51.0.1", 40000, "10.0.0.5", 1, TcpFlags.SYN, 0, 64240, 5);
      }
      w.at(10);
      w.tcp("198.18.0.1", 1000, "10.0.0.6", 80, TcpFlags.SYN, 0, 64240, 5);
      w.at(10.001);
      w.tcp("198.18.0.2", 1000, "10.0.0.6", 80, TcpFlags.SYN, 0, 64240, 5);
      w.linkSource = 0x0288_0000_0066L;
      w.linkGroupDestination = true;
      for (int i = 0; i < asked; i++) {
        w.at(10.5 + i * 0.01);
        w.arp(1, sweeper, "10.88.0." + (100 + i));
      }
      w.linkGroupDestination = false;
      w.linkSource = -1;
      w.at(130.3); // the light sources' conversations conclude, then the sweeper's questions
      w.tcp("198.51.0.2", 40000, "10.0.0.5", 1, TcpFlags.SYN, 0, 64240, 5);
      w.at(135.5);
      w.tcp("198.51.0.3", 40000, "10.0.0.5", 1, TcpFlags.SYN, 0, 64240, 5);
    });

    assertThat(a.cost().packetsFromUntrackedSources()).isGreaterThanOrEqualTo(asked);
    long first = 1_700_000_010_500_000_000L;
    assertSent(a, sweeper, first, first + (asked - 1) * 10_000_000L, asked, "ARP");
  }

  @Test
  void aTableFullOfClientsThatUsedManyServicesStillMakesRoomForALateScanner() {
    // 100 clients, one a second, each using 6 services, none failing: more than the table holds, and
    // each with more contacts than the count-based sweeps drop; the scanner after them must find room
    ScanAnalysis a = judge(sources(64), w -> {
      for (int i = 0; i < 100; i++) {
        w.at(i);
        for (int service = 0; service < 6; service++) {
          w.conversation("198.18.0." + (1 + i), 40000 + service, "10.0.0." + (10 + service), 443);
        }
      }
      scan(w, "203.0.113.9", "10.0.0.7", 40, 200);
    });

    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly("203.0.113.9");
    assertThat(a.scanners().get(0).distinctPorts()).isEqualTo(40);
  }

  @Test
  void aSlowScannersFewFailuresOutliveTheClientsOfABusyService() {
    // a SYN every 20 s to a closed port, among 2 new clients a second, each with two successful
    // exchanges: each time the table fills, the clients whose conversations are over go first and the
    // scanner keeps its failures
    ScanAnalysis a = judge(sources(64), w -> {
      for (int probe = 0; probe < 15; probe++) {
        for (int i = 0; i < 40; i++) {
          int client = probe * 40 + i;
          w.at(probe * 20 + i * 0.5);
          String address = "198.18." + (client / 250) + "." + (1 + client % 250);
          w.conversation(address, 40000, "10.0.0.10", 443);
          w.conversation(address, 40001, "10.0.0.11", 443);
        }
        w.at(probe * 20 + 10);
        w.tcp("203.0.113.9", 40000, "10.0.0.7", 1 + probe, TcpFlags.SYN, 0, 1024, 5);
        w.tcp("10.0.0.7", 1 + probe, "203.0.113.9", 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    });

    assertThat(a.cost().sourcesDropped()).isPositive();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly("203.0.113.9");
    assertThat(a.scanners().get(0).distinctPorts()).isEqualTo(15);
  }
}
