package io.porthunter.detect;

/** Packets a source sent per whole second (sorted epoch seconds), for timelines and peak rates. */
public record Activity(long[] seconds, int[] counts) {
  static Activity of(ActivityHistogram h) {
    long[] s = new long[h.size()];
    int[] c = new int[h.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = h.second(i);
      c[i] = h.count(i);
    }
    return new Activity(s, c);
  }

  /** The most packets sent in one whole second. */
  public long busiestSecond() {
    long most = 0;
    for (int c : counts) {
      most = Math.max(most, c);
    }
    return most;
  }

  /** Highest packets-per-second averaged over any aligned window of the given length. */
  public double peakRate(int windowSeconds, long originSecond) {
    long best = 0;
    long current = 0;
    long currentWindow = Long.MIN_VALUE;
    for (int i = 0; i < seconds.length; i++) {
      long w = Math.floorDiv(seconds[i] - originSecond, windowSeconds);
      if (w != currentWindow) {
        currentWindow = w;
        current = 0;
      }
      current += counts[i];
      best = Math.max(best, current);
    }
    return (double) best / windowSeconds;
  }
}
