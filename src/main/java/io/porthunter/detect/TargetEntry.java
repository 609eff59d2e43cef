package io.porthunter.detect;

import java.util.List;

/** One probed host: everything learned about it, and each scanner's own findings. */
record TargetEntry(HostFindings all, List<String> scanners, List<HostFindings> perScanner) {}
