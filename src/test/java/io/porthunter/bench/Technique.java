package io.porthunter.bench;

/** Scan techniques the generator can emit, named as the ground truth labels them. */
public enum Technique {
  SYN,
  FIN,
  NULL,
  XMAS,
  ACK,
  UDP,
  PING_SWEEP,
  CONNECT;

  /** Lower-case label used in ground truth and on the command line. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
