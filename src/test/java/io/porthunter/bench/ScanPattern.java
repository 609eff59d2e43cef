package io.porthunter.bench;

/** Shape of a scan over the (host, port) plane. */
public enum ScanPattern {
  /** One host, many ports. */
  VERTICAL,
  /** One or two ports, many hosts. */
  HORIZONTAL,
  /** Several hosts times several ports. */
  BLOCK;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
