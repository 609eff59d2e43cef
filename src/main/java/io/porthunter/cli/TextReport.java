package io.porthunter.cli;

import io.porthunter.report.FirstEvent;
import io.porthunter.report.ScanOverview;
import io.porthunter.report.Suspect;
import io.porthunter.report.ToolGuess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The capture commands' {@code --format text}: who scanned, how, and what they found, in a few lines a
 * person at a terminal reads at a glance. The JSON stays the whole answer; where this leaves entries
 * out, it says how many, so nothing is dropped without a word.
 */
final class TextReport {
  /** Hosts shown under each suspect, those that answered first; the rest are counted. */
  static final int FINDINGS_SHOWN = 10;
  /** Open ports shown per host; the rest are counted. */
  static final int OPEN_PORTS_SHOWN = 12;
  /** Busiest destination ports shown by the overview. */
  static final int PORTS_SHOWN = 10;
  /** A port list's entry: "tcp/22", or a run "tcp/1-20". */
  private static final Pattern RUN = Pattern.compile(".*/(\\d+)-(\\d+)");

  private TextReport() {}

  /**
   * The text of one capture command's result (its JSON fields, as {@code PortHunterTools} made them),
   * with every character a terminal would act on but the line breaks shown as an escape instead: a
   * capture's file name, and what online threat intelligence says of an address, are anyone's text.
   */
  static String render(Map<String, Object> result) {
    return printable(text(result));
  }

  private static String text(Map<String, Object> result) {
    StringBuilder b = new StringBuilder();
    if (!Boolean.TRUE.equals(result.get("ok"))) {
      b.append("error: ").append(result.get("error"));
      if (result.get("message") != null) {
        b.append(": ").append(oneLine(result.get("message")));
      }
      return b.append('\n').toString();
    }
    if (result.get("overview") instanceof ScanOverview o) {
      overview(b, o);
    } else if (result.containsKey("suspects")) {
      @SuppressWarnings("unchecked")
      List<Suspect> suspects = (List<Suspect>) result.get("suspects");
      suspects(b, suspects, (Integer) result.get("suspects_total"));
      capped(b, Boolean.TRUE.equals(result.get("state_capped")), null);
    } else if (result.containsKey("first_event")) {
      firstEvent(b, (FirstEvent) result.get("first_event"));
    }
    if (Boolean.TRUE.equals(result.get("truncated"))) {
      cutShort(b, result.get("truncation_note"));
    }
    if (result.get("unread_frames") instanceof Long unread) {
      unread(b, unread);
    }
    return b.toString();
  }

  private static void overview(StringBuilder b, ScanOverview o) {
    b.append(String.format(Locale.ROOT, "%s: %s, %d packets, %d bytes", oneLine(o.file()), o.format(), o.total_pkts(),
        o.capture_bytes()));
    if (o.first_ts() != null) {
      b.append(String.format(Locale.ROOT, ", %s to %s (%.3f s)", o.first_ts(), o.last_ts(), o.interval_s()));
    }
    if (o.duplicate_frames() > 0) {
      b.append('\n').append(counted(o.duplicate_frames(), "frame"))
          .append(" carried again a packet a frame just before carried (a capture on several interfaces), counted once");
    }
    if (o.tcp_headers_cut_short() > 0) {
      b.append("\nTCP headers cut short by the snap length before the flags: ").append(o.tcp_headers_cut_short())
          .append(" (scans in those segments are not seen)");
    }
    b.append('\n').append(String.format(Locale.ROOT, "%s, %s, %s probed\n", counted(o.scanners_total(), "scanner"),
        counted(o.targets_total(), "target"), counted(o.ports_total(), "port")));
    if (!o.suspected_patterns().isEmpty()) {
      b.append("patterns: ").append(String.join(", ", o.suspected_patterns())).append('\n');
    }
    if (!o.scanners().isEmpty()) {
      b.append('\n').append(table(List.of("scanner", "score", "kind", "techniques", "tool", "hosts", "ports",
          "probes", "peak pkt/s", "first seen", "org"), "lrlllrrrrll", o.scanners(), TextReport::scannerRow));
      more(b, o.scanners_total() - o.scanners().size(), "scanner");
    }
    if (!o.targets().isEmpty()) {
      b.append('\n').append(table(List.of("target", "probes", "ports", "open", "scanned by"), "lrrll", o.targets(),
          TextReport::targetRow));
      more(b, o.targets_total() - o.targets().size(), "target");
    }
    if (!o.port_distribution().isEmpty()) {
      List<String> ports = new ArrayList<>();
      o.port_distribution().stream().limit(PORTS_SHOWN).forEach(p -> ports.add(p.port() + " (" + p.hits() + ")"));
      b.append("\nbusiest ports (probes): ").append(String.join(", ", ports)).append('\n');
    }
    for (ScanOverview.Distributed d : o.distributed_scans()) {
      b.append(String.format(Locale.ROOT, "distributed scan of %s: %d ports split between %s\n", d.target(),
          d.ports_covered(), String.join(", ", d.scanners())));
    }
    capped(b, o.state_capped(), o.state_dropped());
    if (o.truncated()) {
      cutShort(b, o.truncation_note());
    }
    unread(b, o.unread_frames());
  }

  private static List<String> scannerRow(ScanOverview.Scanner s) {
    return List.of(s.ip(), "" + s.score(), s.kind(), String.join(",", s.techniques()), tool(s.tool()),
        "" + s.distinct_hosts(), "" + s.distinct_ports(), "" + s.probes(), "" + s.peak_second_pkts(), s.first_seen(),
        org(s.asn(), s.org(), s.country()));
  }

  private static List<String> targetRow(ScanOverview.Target t) {
    return List.of(t.ip() + (t.answered() ? "" : " (no answer)"), "" + t.pkts(), "" + t.ports_hit(), open(t.open()),
        String.join(",", t.scanned_by()));
  }

  private static void suspects(StringBuilder b, List<Suspect> suspects, Integer total) {
    if (suspects.isEmpty()) {
      b.append("no suspects\n");
      return;
    }
    b.append(counted(suspects.size(), "suspect"));
    if (total != null && total > suspects.size()) {
      b.append(" listed of ").append(total).append(" matching");
    }
    b.append(", most suspicious first\n");
    for (Suspect s : suspects) {
      b.append(String.format(Locale.ROOT, "\n%s  score %d  %s %s  tool %s\n", s.ip(), s.score(), s.kind(),
          String.join(",", s.techniques()), tool(s.tool())));
      // a host sweep (ICMP, ARP, ND) probes no port
      String reach = s.distinct_ports() == 0 ? counted(s.distinct_hosts(), "host") + " swept"
          : counted(s.distinct_ports(), "port") + " on " + counted(s.distinct_hosts(), "host");
      b.append(String.format(Locale.ROOT, "  %s (%s), %d probes at %s/s, %s to %s\n", reach,
          counted(s.distinct_targets(), "target"), s.probes(), rate(s.rate_pps()), s.first_seen(), s.last_seen()));
      String org = org(s.asn(), s.org(), s.country());
      if (!org.equals("-")) {
        b.append("  ").append(org).append('\n');
      }
      if (s.station() != null) {
        b.append(s.station().forwards() ? "  via router " : "  station ").append(s.station().mac())
            .append(s.station().also_sends_as().isEmpty() ? ""
                : (s.station().forwards() ? ", which also forwards for " : ", also sends as ")
                    + String.join(", ", s.station().also_sends_as()))
            .append('\n');
      }
      s.reasons().forEach(r -> b.append("  - ").append(r).append('\n'));
      findings(b, s);
    }
  }

  /** The hosts the suspect learned something of, those that answered first. */
  private static void findings(StringBuilder b, Suspect s) {
    List<Suspect.TargetFindings> shown = new ArrayList<>(s.findings());
    shown.sort((x, y) -> Boolean.compare(y.answered(), x.answered())); // stable: the report's order otherwise
    for (Suspect.TargetFindings f : shown.subList(0, Math.min(FINDINGS_SHOWN, shown.size()))) {
      List<String> parts = new ArrayList<>();
      if (!f.open().isEmpty()) {
        parts.add("open " + open(f.open()));
      }
      int listed = ports(f.open());
      for (Map.Entry<String, List<String>> state : List.of(Map.entry("closed", f.closed()),
          Map.entry("filtered", f.filtered()), Map.entry("unfiltered", f.unfiltered()))) {
        int n = ports(state.getValue());
        listed += n;
        if (n > 0) {
          parts.add(n + " " + state.getKey());
        }
      }
      if (f.entries_not_listed() > 0) { // the lists' length limit: what they leave out, in ports
        parts.add(Math.max(0, f.ports_probed() - listed) + " more in entries not listed");
      }
      b.append(String.format(Locale.ROOT, "  %s %s: %s%s%s\n", f.ip(), f.answered() ? "up" : "no answer",
          counted(f.probes(), "probe"), f.ports_probed() == 0 ? "" : " to " + counted(f.ports_probed(), "port"),
          parts.isEmpty() ? "" : "; " + String.join("; ", parts)));
    }
    int hidden = s.findings_total() - Math.min(FINDINGS_SHOWN, shown.size());
    if (hidden > 0) {
      b.append("  ... ").append(more(hidden, "host")).append(" (--format json lists them)\n");
    }
  }

  private static void firstEvent(StringBuilder b, FirstEvent e) {
    if (e == null) {
      b.append("no scan event\n");
      return;
    }
    b.append(String.format(Locale.ROOT, "first scan event: %s, frame %d: %s -> %s %s%s, %s (%s)\n",
        e.ts() == null ? "time unknown" : e.ts(), e.frame(), e.src(), e.dst(), e.proto(),
        e.port() == null ? "" : "/" + e.port(), e.flags() == null ? "no flags" : "flags " + e.flags(),
        e.technique() == null ? "technique unknown" : e.technique()));
  }

  /** Two decimals, or two significant digits below 0.01 (nmap -T0: a probe every five minutes is 0.0033/s). */
  static String rate(double pps) {
    return String.format(Locale.ROOT, pps > 0 && pps < 0.01 ? "%.2g" : "%.2f", pps);
  }

  private static void cutShort(StringBuilder b, Object note) {
    b.append("\nthe capture is cut short: ").append(oneLine(note)).append('\n');
  }

  private static void unread(StringBuilder b, long frames) {
    if (frames > 0) {
      b.append('\n').append(counted(frames, "frame"))
          .append(" on link types PortHunter does not decode (802.11, say) were not analysed:")
          .append(" scans in them are not seen\n");
    }
  }

  private static void capped(StringBuilder b, boolean capped, Map<String, Long> dropped) {
    if (!capped) {
      return;
    }
    b.append("\nmemory bounds were reached: some sources or contacts were not kept in detail");
    if (dropped != null) {
      List<String> nonZero = new ArrayList<>();
      dropped.forEach((what, n) -> {
        if (n > 0) {
          nonZero.add(what + " " + n);
        }
      });
      b.append(" (").append(String.join(", ", nonZero)).append(')');
    }
    b.append('\n');
  }

  /** Lays rows out in columns, each aligned as {@code align} says at its index: 'l'eft or 'r'ight. */
  private static <T> String table(List<String> header, String align, List<T> items, Function<T, List<String>> row) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    items.forEach(i -> rows.add(row.apply(i)));
    int[] width = new int[header.size()];
    for (List<String> r : rows) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (List<String> r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < width.length; c++) {
        String cell = r.get(c);
        String pad = " ".repeat(width[c] - cell.length());
        boolean right = align.charAt(c) == 'r';
        line.append(right ? pad + cell : cell + pad).append(c + 1 < width.length ? "  " : "");
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  private static void more(StringBuilder b, int hidden, String noun) {
    if (hidden > 0) {
      b.append("... ").append(more(hidden, noun)).append(" (see --top)\n");
    }
  }

  private static String more(int n, String noun) {
    return n + " more " + noun + (n == 1 ? "" : "s");
  }

  private static String tool(ToolGuess t) {
    return t == null || "unknown".equals(t.name()) ? "unknown"
        : String.format(Locale.ROOT, "%s (%.2f)", t.name(), t.confidence());
  }

  private static String org(Long asn, String org, String country) {
    List<String> parts = new ArrayList<>();
    if (asn != null) {
      parts.add("AS" + asn);
    }
    if (org != null) {
      parts.add(oneLine(org));
    }
    if (country != null) {
      parts.add(oneLine(country));
    }
    return parts.isEmpty() ? "-" : String.join(" ", parts);
  }

  private static String open(List<String> entries) {
    if (entries.isEmpty()) {
      return "-";
    }
    String shown = String.join(",", entries.subList(0, Math.min(OPEN_PORTS_SHOWN, entries.size())));
    return entries.size() > OPEN_PORTS_SHOWN ? shown + " +" + (entries.size() - OPEN_PORTS_SHOWN) + " more" : shown;
  }

  /** How many ports a list's entries name, runs counted port by port. */
  static int ports(List<String> entries) {
    int n = 0;
    for (String e : entries) {
      Matcher run = RUN.matcher(e);
      n += run.matches() ? Integer.parseInt(run.group(2)) - Integer.parseInt(run.group(1)) + 1 : 1;
    }
    return n;
  }

  private static String counted(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * {@code text} with C0 and C1 control characters other than the line feed (ESC starts a terminal's
   * commands, CSI too), DEL, and the bidirectional overrides and isolates (which reorder what is shown)
   * written as {@code \\uXXXX}.
   */
  static String printable(String text) {
    return escaped(text, true);
  }

  /** A value shown within a line: {@link #printable}, its line feeds escaped too, so it adds no line. */
  static String oneLine(Object value) {
    return escaped(String.valueOf(value), false);
  }

  private static String escaped(String text, boolean keepLineFeeds) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean acts = (c < 0x20 && !(c == '\n' && keepLineFeeds)) || (c >= 0x7f && c <= 0x9f)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      if (acts && b == null) {
        b = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (acts) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }
}
