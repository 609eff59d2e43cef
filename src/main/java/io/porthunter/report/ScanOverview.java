package io.porthunter.report;

import java.util.List;
import java.util.Map;

/**
 * {@code scan_overview}'s {@code overview} object. Fields beyond the contract are additions; the
 * {@code *_total} fields count what {@code top_k} cut the lists to; {@code duplicate_frames} counts
 * frames among {@code total_pkts} that carried again a packet a frame just before carried, left out of
 * every other count; {@code tcp_headers_cut_short} TCP segments the snap length cut short of their flags,
 * which no technique, state or count could use; {@code unread_frames} frames on link types PortHunter
 * does not decode (802.11, say), among {@code total_pkts} but analysed no further.
 */
public record ScanOverview(
    String file,
    long total_pkts,
    double interval_s,
    List<Scanner> scanners,
    List<Target> targets,
    List<PortHits> port_distribution,
    List<String> suspected_patterns,
    boolean truncated,
    String truncation_note,
    String format,
    String first_ts,
    String last_ts,
    int time_window_s,
    List<Window> timeline,
    int timeline_windows,
    boolean state_capped,
    Map<String, Long> state_dropped,
    int scanners_total,
    int targets_total,
    int ports_total,
    List<Distributed> distributed_scans,
    int distributed_scans_total,
    List<String> link_types,
    long capture_bytes,
    long duplicate_frames,
    long tcp_headers_cut_short,
    long unread_frames) {

  /** A source judged to be scanning; {@code kind} is its shape: vertical, horizontal or block. */
  public record Scanner(
      String ip,
      long pkts,
      int distinct_ports,
      int distinct_hosts,
      Map<String, Long> flag_stats,
      List<String> techniques,
      String kind,
      long probes,
      double peak_rate_pps,
      long peak_second_pkts,
      String first_seen,
      String last_seen,
      int score,
      ToolGuess tool,
      Long asn,
      String org,
      String country) {}

  /**
   * A host that received probes; {@code pkts} counts probes received; {@code entries_not_listed} counts
   * the ports (or runs of ports) its port lists leave out beyond their length limit; {@code scanned_by}
   * names at most a fixed number of its {@code scanned_by_total} scanners, the highest-ranked first;
   * {@code answered}: it answered at least one probe (a reply to a ping, ARP or neighbour
   * solicitation, an open, closed or unfiltered port, an ICMP error of its own), so it is up; false
   * when it answered none (down, silent behind a filter, or only a router spoke for it).
   */
  public record Target(String ip, long pkts, int ports_hit, List<String> open, List<String> closed,
      List<String> filtered, List<String> unfiltered, List<String> scanned_by, int entries_not_listed,
      int scanned_by_total, boolean answered) {}

  public record PortHits(int port, long hits) {}

  /**
   * A target whose ports several scanners split between them (the {@code distributed} pattern): the
   * scanners (highest-ranked first), the ports they covered together, and the largest overlap
   * (Jaccard) of two of their port sets on it.
   */
  public record Distributed(String target, List<String> scanners, int ports_covered, double max_overlap) {}

  /** One {@code time_window_s} slice of the capture. */
  public record Window(String start, long probes, int active_scanners) {}
}
