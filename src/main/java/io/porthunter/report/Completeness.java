package io.porthunter.report;

/** Whether the analysis behind a {@link CaptureView} read the whole capture, and if not, why. */
public record Completeness(boolean truncated, String truncation_note) {}
