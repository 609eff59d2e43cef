package io.porthunter.detect;

import java.util.List;

/**
 * One probed host, as {@link ScanJudge} gathers it and {@link DistributedScanFinder} reads it: everything
 * learned about it, the scanners that probed it, and each one's own findings (in the same order).
 */
record TargetEntry(HostFindings all, List<String> scanners, List<HostFindings> perScanner) {}
