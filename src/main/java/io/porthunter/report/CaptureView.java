package io.porthunter.report;

/**
 * A view of a capture's analysis with whether that analysis read the whole file, both taken from the
 * same analysis: a cut or damaged file is analysed up to where it breaks, and every view says so.
 */
public record CaptureView<T>(T view, Completeness completeness) {}
