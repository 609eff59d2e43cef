package io.porthunter.report;

/** {@code first_scan_event}'s {@code first_event}: the earliest probe of a scanning source. */
public record FirstEvent(String ts, String src, String dst, Integer port, String flags, String technique,
    long frame, String proto) {}
