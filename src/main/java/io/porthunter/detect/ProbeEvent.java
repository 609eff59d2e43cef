package io.porthunter.detect;

/** One probe: when, from whom to where, with which flags (TCP letters; null for UDP and ICMP). */
public record ProbeEvent(long tsNanos, long frame, String src, String dst, Integer port, String proto,
    String flags, String technique) {}
