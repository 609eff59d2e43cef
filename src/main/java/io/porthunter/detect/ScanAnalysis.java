package io.porthunter.detect;

import io.porthunter.capture.CaptureSummary;
import java.util.List;

/**
 * The finished, immutable analysis of one capture; every contract view is a projection of it.
 * Safe to share between threads.
 *
 * @param scanners          judged scanners, most suspicious first (score, then probes, then address)
 * @param targets           hosts the scanners probed, most probed first
 * @param portHits          probe packets per port, most hit first
 * @param suspectedPatterns e.g. "syn_scan", "vertical", "distributed", in order of first appearance
 * @param senders           packets sent by every address that sent at least one IP packet (for roles)
 * @param probed            probe packets received by every host the scanners listed probed, also
 *                          those beyond the findings kept (for roles)
 */
public record ScanAnalysis(
    CaptureSummary capture,
    List<ScannerVerdict> scanners,
    List<TargetSummary> targets,
    List<PortCount> portHits,
    List<String> suspectedPatterns,
    List<DistributedScan> distributed,
    StateCost cost,
    AddressCounts senders,
    AddressCounts probed) {}
