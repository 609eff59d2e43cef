package io.porthunter.detect;

import java.util.List;
import java.util.Map;

/**
 * A source judged to be scanning, with the evidence.
 *
 * @param detectedAfterProbes first contacts the sequential test needed, or -1 when the source was
 *                            judged by the sweep rule alone
 * @param focused             judged by the focus rule: its failures concentrate on one host or on one
 *                            (protocol, port), whatever the rest of its traffic
 * @param firstProbe          its earliest probe (host discovery included)
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
    ToolMatch tool,
    List<TargetFinding> findings,
    ProbeEvent firstProbe,
    Activity activity) {}
