package io.porthunter.detect;

import java.util.List;

/** Several scanners splitting one target's port space between them. */
public record DistributedScan(String target, List<String> sources, int portsCovered, double maxOverlap) {}
