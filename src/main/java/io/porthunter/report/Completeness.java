package io.porthunter.report;

/**
 * Whether the analysis behind a view saw the whole capture: a cut or damaged file is analysed up to
 * where it breaks, and every view says so.
 */
public record Completeness(boolean truncated, String truncation_note) {}
