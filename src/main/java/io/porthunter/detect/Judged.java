package io.porthunter.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * A scanner as {@link ScanJudge} and the rules across scanners work on it: its verdict, how its
 * contacts counted, whether any probe of it drew an answer from its target (open, closed or
 * unfiltered), and the per-host findings kept (null until given out).
 */
record Judged(SourceState src, ScannerVerdict verdict, Contacts contacts, boolean answered,
    List<HostFindings> hosts) {
  Judged withFindings(List<HostFindings> kept) {
    List<TargetFinding> findings = new ArrayList<>(kept.size());
    for (HostFindings h : kept) {
      findings.add(h.finding());
    }
    return new Judged(src, verdict.withFindings(List.copyOf(findings)), contacts, answered, kept);
  }

  Judged withVerdict(ScannerVerdict v) {
    return new Judged(src, v, contacts, answered, hosts);
  }
}
