package io.porthunter.report;

/**
 * Whether the analysis behind a {@link CaptureView} read the whole capture, and if not, why; and how
 * many frames it read but could not decode, being on link types the decoder does not read (802.11,
 * say): a scan in them is not seen.
 */
public record Completeness(boolean truncated, String truncation_note, long unread_frames) {}
