package io.porthunter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.report.FirstEvent;
import io.porthunter.report.ScanOverview;
import io.porthunter.report.Suspect;
import io.porthunter.report.ToolGuess;
import io.porthunter.tools.FakeReports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capture commands' text summary says what the JSON says, and how much it left out. */
class TextReportTest {
  private static Map<String, Object> ok(String key, Object value) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ok", true);
    result.put(key, value);
    return result;
  }

  private static Suspect.TargetFindings host(String ip, boolean answered, List<String> open, List<String> closed,
      List<String> filtered, int portsProbed, int notListed) {
    return new Suspect.TargetFindings(ip, portsProbed + 3L, portsProbed, open, closed, filtered, List.of(), notListed,
        answered);
  }

  private static Suspect suspect(List<Suspect.TargetFindings> findings, int findingsTotal) {
    return new Suspect("198.51.100.7", "block", 40, 12, 80.5, List.of("SYN"), List.of("syn", "udp"), "t0", "t1", 500,
        480, 93, List.of("sequential test judged it", "412 of 480 distinct targets failed"), 5,
        new ToolGuess("nmap", 0.9, List.of()), findings, findingsTotal, 64500L, "Example Transit", "NL",
        new Suspect.Station("02:00:5e:10:00:07", List.of("10.0.0.8", "2001:db8::7"), true));
  }

  @Test
  void aHostSweepSaysHowManyHostsItSweptNotThatItProbedNoPort() {
    Suspect sweep = new Suspect("10.0.0.5", "horizontal", 0, 30, 3.0, List.of("ARP"), List.of("arp_sweep"), "t0", "t1",
        30, 30, 82, List.of("ARP requests to 30 hosts within 10 s (ARP sweep)"), null,
        new ToolGuess("unknown", 0, List.of()), List.of(), 0, null, null, null, null);
    String text = TextReport.render(ok("suspects", List.of(sweep)));
    assertThat(text).contains("  30 hosts swept (30 targets), 30 probes at 3.00/s, t0 to t1\n")
        .doesNotContain("0 ports").doesNotContain("station"); // a link that shows no station
    Suspect onTheSegment = new Suspect("10.0.0.5", "horizontal", 0, 30, 3.0, List.of("ARP"), List.of("arp_sweep"),
        "t0", "t1", 30, 30, 82, List.of(), null, new ToolGuess("unknown", 0, List.of()), List.of(), 0, null, null,
        null, new Suspect.Station("02:00:5e:10:00:05", List.of("fe80::5"), false));
    assertThat(TextReport.render(ok("suspects", List.of(onTheSegment))))
        .contains("\n  station 02:00:5e:10:00:05, also sends as fe80::5\n");
  }

  @Test
  void aSuspectSaysHowItScannedWhyAndWhatEachHostShowedAnsweringHostsFirst() {
    List<Suspect.TargetFindings> findings = new ArrayList<>();
    for (int i = 1; i <= 11; i++) { // eleven silent hosts, then one that answered
      findings.add(host("10.0.0." + i, false, List.of(), List.of(), List.of("tcp/1-40"), 40, 0));
    }
    findings.add(host("10.0.0.99", true, List.of("tcp/22", "tcp/443"), List.of("tcp/1-20", "udp/53"),
        List.of("tcp/30"), 40, 2));
    String text = TextReport.render(ok("suspects", List.of(suspect(findings, 14))));

    assertThat(text).startsWith("1 suspect, most suspicious first\n");
    assertThat(text).contains("198.51.100.7  score 93  block syn,udp  tool nmap (0.90)\n");
    assertThat(text).contains("  40 ports on 12 hosts (480 targets), 500 probes at 80.50/s, t0 to t1\n");
    assertThat(text).contains("  AS64500 Example Transit NL\n  via router 02:00:5e:10:00:07, which also forwards for"
        + " 10.0.0.8, 2001:db8::7\n");
    assertThat(text).contains("  - sequential test judged it\n  - 412 of 480 distinct targets failed\n");
    List<String> hostLines = text.lines().filter(l -> l.startsWith("  10.0.0.")).toList();
    assertThat(hostLines).hasSize(TextReport.FINDINGS_SHOWN);
    // runs count port by port; the ports in entries the lists left out are the rest of the 40 probed
    assertThat(hostLines.get(0)).isEqualTo(
        "  10.0.0.99 up: 43 probes to 40 ports; open tcp/22,tcp/443; 21 closed; 1 filtered; 16 more in entries not listed");
    assertThat(hostLines.get(1)).isEqualTo("  10.0.0.1 no answer: 43 probes to 40 ports; 40 filtered");
    assertThat(text).endsWith("  ... 4 more hosts (--format json lists them)\n"); // 14 in all, 10 shown
  }

  @Test
  void aHostSweepsFindingsCountProbesNotPorts() {
    Suspect.TargetFindings pinged = new Suspect.TargetFindings("10.0.0.3", 2, 0, List.of(), List.of(), List.of(),
        List.of(), 0, true);
    assertThat(TextReport.render(ok("suspects", List.of(suspect(List.of(pinged), 1)))))
        .contains("\n  10.0.0.3 up: 2 probes\n").doesNotContain("more hosts");
  }

  @Test
  void theOverviewTabulatesScannersAndTargetsAndSaysWhatTopKCut() {
    ScanOverview o = FakeReports.overview();
    ScanOverview cut = new ScanOverview(o.file(), o.total_pkts(), o.interval_s(), o.scanners(), o.targets(),
        o.port_distribution(), o.suspected_patterns(), true, "record 12 cut short at byte 4096", o.format(),
        o.first_ts(), o.last_ts(), o.time_window_s(), o.timeline(), o.timeline_windows(), true,
        Map.of("sources_dropped", 7L, "contacts_not_kept", 0L), 3, 1, 1, o.distributed_scans(),
        o.distributed_scans_total(), o.link_types(), o.capture_bytes(), 12, 5, 9);
    String text = TextReport.render(ok("overview", cut));

    assertThat(text).startsWith("d19.pcapng: pcapng, 100 packets, 4096 bytes, 2024-01-01T00:00:00Z to "
        + "2024-01-01T00:00:02.5Z (2.500 s)\n12 frames carried again a packet a frame just before carried "
        + "(a capture on several interfaces), counted once\nTCP headers cut short by the snap length before the "
        + "flags: 5 (scans in those segments are not seen)\n3 scanners, 1 target, 1 port probed\npatterns: syn_scan\n");
    List<String> lines = text.lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("scanner ")).findFirst().orElseThrow());
    // numbers right-aligned under their headings: the row ends each column where the heading ends
    String heading = lines.get(header);
    String row = lines.get(header + 1);
    assertThat(row).startsWith("10.0.0.5 ").contains("  nmap (0.90)  ");
    for (String numeric : List.of("score", "probes", "peak pkt/s")) {
      int end = heading.indexOf(numeric) + numeric.length();
      assertThat(row.charAt(end - 1)).as(numeric).isNotEqualTo(' ');
      assertThat(row.charAt(end)).as(numeric).isEqualTo(' ');
    }
    assertThat(lines.get(header + 2)).isEqualTo("... 2 more scanners (see --top)");
    assertThat(text).contains("\ntarget    probes  ports  open    scanned by\n10.0.0.9      80     80  tcp/22  10.0.0.5\n");
    assertThat(text).contains("busiest ports (probes): 22 (3)\n");
    assertThat(text).contains("memory bounds were reached: some sources or contacts were not kept in detail"
        + " (sources_dropped 7)\n");
    assertThat(text).endsWith("the capture is cut short: record 12 cut short at byte 4096\n\n9 frames on link types"
        + " PortHunter does not decode (802.11, say) were not analysed: scans in them are not seen\n");
  }

  @Test
  void aSlowScansRateKeepsItsDigits() {
    assertThat(TextReport.rate(80.5)).isEqualTo("80.50");
    assertThat(TextReport.rate(0.0)).isEqualTo("0.00");
    assertThat(TextReport.rate(0.00333)).isEqualTo("0.0033");
  }

  @Test
  void theFirstEventIsOneLineAndAnUntimedOneSaysSo() {
    assertThat(TextReport.render(ok("first_event", FakeReports.firstEvent()))).isEqualTo(
        "first scan event: 2024-01-01T00:00:00Z, frame 7: 10.0.0.5 -> 10.0.0.9 tcp/22, flags S (syn)\n");
    FirstEvent untimed = new FirstEvent(null, "10.0.0.5", "10.0.0.9", null, null, null, 3, "icmp");
    assertThat(TextReport.render(ok("first_event", untimed))).isEqualTo(
        "first scan event: time unknown, frame 3: 10.0.0.5 -> 10.0.0.9 icmp, no flags (technique unknown)\n");
    Map<String, Object> none = ok("first_event", null);
    none.put("truncated", true);
    none.put("truncation_note", "the file ends inside a block");
    assertThat(TextReport.render(none)).isEqualTo("no scan event\n\nthe capture is cut short: the file ends inside a block\n");
  }

  @Test
  void anErrorIsItsCodeAndMessage() {
    Map<String, Object> failed = new LinkedHashMap<>(Map.of("ok", false, "error", "file_too_large"));
    assertThat(TextReport.render(failed)).isEqualTo("error: file_too_large\n");
    failed.put("message", "the capture is 3 GB, over the 2 GB limit");
    assertThat(TextReport.render(failed)).isEqualTo("error: file_too_large: the capture is 3 GB, over the 2 GB limit\n");
  }

  @Test
  void textATerminalWouldActOnIsShownEscaped() {
    // a capture named to clear the screen and retitle the terminal, and to reverse what follows it
    Map<String, Object> failed = new LinkedHashMap<>(Map.of("ok", false, "error", "unsupported_file_type"));
    failed.put("message", "/data/\u001b[2J\u001b]0;owned\u0007x\u202egnp.pcap: not a capture");
    assertThat(TextReport.render(failed)).isEqualTo(
        "error: unsupported_file_type: /data/\\u001b[2J\\u001b]0;owned\\u0007x\\u202egnp.pcap: not a capture\n");
    assertThat(TextReport.printable("a\tb\rc\u009bd\u007fe\u2066f\ng")).isEqualTo(
        "a\\u0009b\\u000dc\\u009bd\\u007fe\\u2066f\ng");
    assertThat(TextReport.printable("10.0.0.5 → Zürich")).isEqualTo("10.0.0.5 → Zürich");
    // within a line, a line feed is escaped too, so a name cannot add a line of its own to the report
    failed.put("message", "/data/x.pcap\n10.6.6.6  score 99  vertical syn: not a capture");
    assertThat(TextReport.render(failed)).isEqualTo(
        "error: unsupported_file_type: /data/x.pcap\\u000a10.6.6.6  score 99  vertical syn: not a capture\n");
  }

  @Test
  void portListsCountRunsPortByPort() {
    assertThat(TextReport.ports(List.of("tcp/22", "tcp/1000-1023", "udp/53"))).isEqualTo(26);
    assertThat(TextReport.ports(List.of())).isZero();
  }
}
