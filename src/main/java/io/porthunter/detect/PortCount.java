package io.porthunter.detect;

/** Probe packets scanners sent to one port (TCP and UDP together). */
public record PortCount(int port, long hits) {}
