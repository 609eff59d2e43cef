package io.porthunter.detect;

import java.util.List;

/**
 * A host that scanners probed: probes received, ports hit, what all its scanners learned, and whether
 * it answered any of them.
 */
public record TargetSummary(String ip, long probes, int portsHit, List<String> open, List<String> closed,
    List<String> filtered, List<String> unfiltered, List<String> scannedBy, boolean answered) {}
