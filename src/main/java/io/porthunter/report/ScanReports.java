package io.porthunter.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The views the contract tools expose, computed from one shared analysis per file. Callers pass a
 * real, already-authorised path; implementations cache the analysis per file version (real path, size, mtime, inode, ctime).
 * Views are immutable; an implementation may answer a repeated question about a kept analysis with
 * the very object it answered before, so a caller may keep what it derives from a view by identity.
 */
public interface ScanReports {
  ScanOverview overview(Path capture, int timeWindowSeconds, int topK, AnalysisControl control)
      throws IOException;

  /** The suspects matching the filters, most suspicious first, at most a fixed number of them. */
  CaptureView<SuspectList> suspects(Path capture, int minPorts, double minRatePps, AnalysisControl control)
      throws IOException;

  /** The earliest probe of a source judged to be a scanner (null when nothing scanned). */
  CaptureView<FirstEvent> firstEvent(Path capture, AnalysisControl control) throws IOException;

  /**
   * What each address did in the capture (scanner / target / not seen), in the order given; a cut
   * capture says so, as "not seen" may then only mean "not in the part that was read".
   */
  CaptureView<List<CaptureRole>> roles(Path capture, List<String> ips, AnalysisControl control) throws IOException;
}
