package io.porthunter.bench;

import java.util.List;

/**
 * What a generated capture contains, for tests and benchmarks to check detectors against.
 *
 * @param scanners one entry per scanner, in {@link SyntheticCaptureGenerator.Config#scans()} order
 * @param benignClients textual addresses of every benign client that appears in the file
 * @param totalPackets records written
 * @param floodSources number of spoofed flood source addresses (0 when no flood)
 * @param floodTarget "address:port" the flood hits, or null when no flood
 */
public record GroundTruth(
    List<Scanner> scanners,
    List<String> benignClients,
    long totalPackets,
    int floodSources,
    String floodTarget) {

  public GroundTruth {
    scanners = List.copyOf(scanners);
    benignClients = List.copyOf(benignClients);
  }

  /** One scanner source and what it did. */
  public record Scanner(String source, Technique technique, ScanPattern pattern, FirstProbe firstProbe) {}

  /**
   * The scanner's first probe as written to the file.
   *
   * @param tsNanos epoch nanoseconds, already truncated to the file's time resolution
   * @param port destination port, or -1 for ICMP probes
   */
  public record FirstProbe(long tsNanos, String dst, int port) {}
}
