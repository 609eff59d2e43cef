package io.porthunter.report;

import java.util.List;

/** One entry of {@code list_suspects}. Fields beyond the contract are additions. */
public record Suspect(
    String ip,
    String kind,
    int distinct_ports,
    int distinct_hosts,
    double rate_pps,
    List<String> flags_seen,
    List<String> techniques,
    String first_seen,
    String last_seen,
    long probes,
    int distinct_targets,
    int score,
    List<String> reasons,
    Integer detected_after_probes,
    ToolGuess tool,
    List<TargetFindings> findings,
    int findings_total,
    Long asn,
    String org,
    String country,
    Station station) {

  /**
   * The link-layer station the scanner's first packets came from ({@code mac}; null when the capture's
   * link shows none, or only a loopback's all-zero address), the other addresses it sent as, of either
   * family ({@code also_sends_as}, at most 8, lowest first), and whether it forwards others' packets
   * ({@code forwards}: a router, which brought a routed scanner onto the capture's segment and lists
   * the other sources it forwarded; else the scanner's own machine).
   */
  public record Station(String mac, List<String> also_sends_as, boolean forwards) {}

  /**
   * What the scanner learned about one target, and how hard it tried: {@code probes} (probe packets it
   * sent the host) over {@code ports_probed} ports; ports as "tcp/22", "udp/53", runs folded into
   * ranges ("tcp/1-20") in the closed, filtered and unfiltered lists; {@code entries_not_listed}
   * counts the ports (or runs) the lists leave out beyond their length limit; {@code answered}: the
   * host answered at least one of the scanner's probes (a host sweep's "up"; see
   * {@link ScanOverview.Target}).
   */
  public record TargetFindings(String ip, long probes, int ports_probed, List<String> open, List<String> closed,
      List<String> filtered, List<String> unfiltered, int entries_not_listed, boolean answered) {}
}
