package io.porthunter.detect;

import io.porthunter.capture.IpProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source judged to be scanning, with the evidence.
 *
 * @param detectedAfterProbes first contacts the sequential test needed, or -1 when the source was
 *                            judged by the sweep rule alone
 * @param focused             judged by the focus rule: its failures concentrate on one host or on one
 *                            (protocol, port), whatever the rest of its traffic
 * @param osDetection         its probes include nmap's OS-detection probes (the OS detection rule),
 *                            whatever else it was judged by
 * @param slowSweep           its ICMP queries or neighbour questions reached a slow sweep's hosts ({@link
 *                            DetectionSettings#slowSweepMinHosts}), whatever else it was judged by
 * @param findings            what it learned about the hosts it probed, in address order: at most
 *                            {@link DetectionSettings#maxFindingsPerScanner} of its {@code distinctHosts}
 *                            hosts (half those with the most open ports, then those that answered,
 *                            half those it sent the most probes)
 * @param firstProbe          its earliest probe (host discovery included)
 * @param likelyForged        one of a decoy scan's addresses whose probes went unanswered while
 *                            another's were answered: probably not the scanner at all
 * @param station             the link-layer station its first packets came from, or null when the
 *                            capture's link shows none
 */
public record ScannerVerdict(
    String ip,
    long packets,
    long probePackets,
    long firstSeenNanos,
    long lastSeenNanos,
    long firstProbeNanos,
    long lastProbeNanos,
    int distinctHosts,
    int distinctPorts,
    int contacts,
    int failedContacts,
    Map<String, Long> flagStats,
    List<String> techniques,
    String pattern,
    int score,
    List<String> reasons,
    int detectedAfterProbes,
    boolean focused,
    boolean osDetection,
    boolean slowSweep,
    ToolMatch tool,
    List<TargetFinding> findings,
    ProbeEvent firstProbe,
    Activity activity,
    boolean likelyForged,
    Station station) {

  /**
   * A link-layer station: its address ({@code aa:bb:cc:dd:ee:ff}), the other source addresses its
   * packets carried (either family, lowest first, at most {@link #ADDRESSES_LISTED}), and whether it
   * forwards others' packets ({@link Stations#forwardsOthers}). On the capture's segment it is the
   * scanner's own; a scanner routed onto it arrives from a router's, which lists the other sources it
   * forwarded.
   */
  public record Station(String mac, List<String> alsoSendsAs, boolean forwards) {
    /** Other addresses of a station listed at most. */
    public static final int ADDRESSES_LISTED = 8;
  }

  /** The same verdict with one more reason, and (when told) marked as likely forged. */
  ScannerVerdict withReason(String reason, boolean forged) {
    return with(techniques, plus(reasons, reason), findings, firstProbe, forged, station);
  }

  /**
   * The same verdict of a source that also drove an idle scan through {@code zombie}, reading its IP ID
   * on {@code port}: technique idle, and why; a first probe that was its first read of the zombie's IP
   * ID (an unsolicited SYN/ACK to that port, an {@link Technique#ODD_TCP_FLAGS} probe) is named an
   * idle-scan probe.
   */
  ScannerVerdict withIdleScan(String reason, String zombie, int port) {
    String idle = Technique.IDLE.wireName();
    ProbeEvent first = firstProbe;
    if (first != null && zombie.equals(first.dst()) && first.port() != null && first.port() == port
        && PortList.protoName(IpProtocol.TCP).equals(first.proto())
        && Technique.ODD_TCP_FLAGS.wireName().equals(first.technique())) {
      first = new ProbeEvent(first.tsNanos(), first.frame(), first.src(), first.dst(), first.port(), first.proto(),
          first.flags(), idle);
    }
    return with(techniques.contains(idle) ? techniques : plus(techniques, idle), plus(reasons, reason), findings,
        first, likelyForged, station);
  }

  /** The same verdict with its station named. */
  ScannerVerdict withStation(Station named) {
    return with(techniques, reasons, findings, firstProbe, likelyForged, named);
  }

  /** The same verdict with the findings kept for it. */
  ScannerVerdict withFindings(List<TargetFinding> kept) {
    return with(techniques, reasons, kept, firstProbe, likelyForged, station);
  }

  private static List<String> plus(List<String> list, String more) {
    List<String> out = new ArrayList<>(list);
    out.add(more);
    return List.copyOf(out);
  }

  private ScannerVerdict with(List<String> how, List<String> why, List<TargetFinding> found, ProbeEvent first,
      boolean forged, Station named) {
    return new ScannerVerdict(ip, packets, probePackets, firstSeenNanos, lastSeenNanos, firstProbeNanos,
        lastProbeNanos, distinctHosts, distinctPorts, contacts, failedContacts, flagStats, how, pattern,
        score, why, detectedAfterProbes, focused, osDetection, slowSweep, tool, found, first, activity, forged,
        named);
  }
}
