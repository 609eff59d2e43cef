package io.porthunter.detect;

import java.util.List;

/** A host that scanners probed: probes received, ports hit, and what all its scanners learned. */
public record TargetSummary(String ip, long probes, int portsHit, List<String> open, List<String> closed,
    List<String> filtered, List<String> unfiltered, List<String> scannedBy) {}
