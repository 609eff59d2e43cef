package io.porthunter.report;

import java.util.List;

/**
 * An address's part in a capture, for {@code correlate}.
 *
 * @param role "scanner", "target", "scanner_and_target", "seen" (traffic, neither) or "not_seen"
 */
public record CaptureRole(String ip, String role, List<String> techniques, String kind, String first_seen,
    long probes_received) {}
