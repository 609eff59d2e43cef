package io.porthunter.detect;

/**
 * The link-layer stations one source address opened its conversations from, each with how many of
 * those failed and how many did not: a host's own address is sent from its own station (or, routed,
 * from its gateway's), so an address whose failures leave from one station while its other
 * conversations leave from another is two hosts, one of them forging it. Two stations are kept, each
 * with the frame of its first opening, so that workers' shares merge to what one pass counts; a
 * third makes the counts meaningless ({@link #many}).
 */
final class OpeningStations {
  private static final int KEPT = 2;
  private final long[] station = {-1, -1};
  private final long[] firstFrame = {Long.MAX_VALUE, Long.MAX_VALUE};
  private final int[] failed = new int[KEPT];
  private final int[] succeeded = new int[KEPT];
  private boolean many;

  /** A conversation opened from {@code linkSource} in record {@code frame} concluded, failed or not. */
  void opened(long linkSource, long frame, int failures, int successes) {
    if (linkSource < 0 || many) {
      return;
    }
    int i = linkSource == station[0] ? 0 : linkSource == station[1] ? 1
        : station[0] < 0 ? 0 : station[1] < 0 ? 1 : -1; // kept, or a free slot, or a third
    if (i < 0) {
      many = true;
      return;
    }
    station[i] = linkSource;
    firstFrame[i] = Math.min(firstFrame[i], frame);
    failed[i] += failures;
    succeeded[i] += successes;
  }

  /** Adds another worker's openings of the same source. */
  void merge(OpeningStations o) {
    many |= o.many;
    for (int i = 0; i < KEPT && o.station[i] >= 0; i++) {
      opened(o.station[i], o.firstFrame[i], o.failed[i], o.succeeded[i]);
    }
  }

  /** Sent from more than two stations: no two of them tell the address's owner from a forger. */
  boolean many() {
    return many;
  }

  /** How many stations (at most two) its conversations were opened from, unless {@link #many}. */
  int count() {
    return station[1] >= 0 ? 2 : station[0] >= 0 ? 1 : 0;
  }

  /** The stations in the order their first openings came (0: the earlier). */
  long station(int i) {
    return station[byFrame(i)];
  }

  int failed(int i) {
    return failed[byFrame(i)];
  }

  int succeeded(int i) {
    return succeeded[byFrame(i)];
  }

  private int byFrame(int i) {
    boolean swapped = station[1] >= 0 && firstFrame[1] < firstFrame[0];
    return swapped ? 1 - i : i;
  }
}
