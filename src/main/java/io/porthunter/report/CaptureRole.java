package io.porthunter.report;

import java.util.List;

/**
 * An address's part in a capture, for {@code correlate}.
 *
 * @param role "scanner", "target", "scanner_and_target", "seen" (traffic, neither), "not_seen", or
 *             "invalid" for a text that is no address literal (the tools refuse those before asking)
 */
public record CaptureRole(String ip, String role, List<String> techniques, String kind, String first_seen,
    long probes_received) {}
