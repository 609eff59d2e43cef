package io.porthunter.detect;

/**
 * The FTP PORT commands a server received that named a host other than the client sending them (RFC
 * 2577's bounce): each such client with how many it sent. The server's own connections are what the
 * commands asked for, so a scan made of them was ordered by those clients (nmap {@code -b}). Two
 * clients are kept, each with the frame of its first command, so that workers' shares merge to what
 * one pass counts; a third makes the counts meaningless ({@link #many}).
 */
final class BounceOrders {
  private static final int KEPT = 2;
  private final long[] hi = new long[KEPT];
  private final long[] lo = new long[KEPT];
  private final long[] firstFrame = {Long.MAX_VALUE, Long.MAX_VALUE};
  private final int[] orders = new int[KEPT];
  private boolean many;

  /** The client at ({@code clientHi}, {@code clientLo}) sent {@code n} such commands, the first in {@code frame}. */
  void ordered(long clientHi, long clientLo, long frame, int n) {
    if (many) {
      return;
    }
    int i = kept(0, clientHi, clientLo) ? 0 : kept(1, clientHi, clientLo) ? 1
        : orders[0] == 0 ? 0 : orders[1] == 0 ? 1 : -1; // kept, or a free slot, or a third
    if (i < 0) {
      many = true;
      return;
    }
    hi[i] = clientHi;
    lo[i] = clientLo;
    firstFrame[i] = Math.min(firstFrame[i], frame);
    orders[i] += n;
  }

  private boolean kept(int i, long clientHi, long clientLo) {
    return orders[i] > 0 && hi[i] == clientHi && lo[i] == clientLo;
  }

  /** Adds another worker's commands to the same server. */
  void merge(BounceOrders o) {
    many |= o.many;
    for (int i = 0; i < KEPT && o.orders[i] > 0; i++) {
      ordered(o.hi[i], o.lo[i], o.firstFrame[i], o.orders[i]);
    }
  }

  /** Sent by more than two clients. */
  boolean many() {
    return many;
  }

  /** How many clients (at most two) sent such commands, unless {@link #many}. */
  int count() {
    return orders[1] > 0 ? 2 : orders[0] > 0 ? 1 : 0;
  }

  /** The commands of the clients kept. */
  int total() {
    return orders[0] + orders[1];
  }

  /** The clients in the order their first commands came (0: the earlier). */
  long hi(int i) {
    return hi[byFrame(i)];
  }

  long lo(int i) {
    return lo[byFrame(i)];
  }

  int orders(int i) {
    return orders[byFrame(i)];
  }

  private int byFrame(int i) {
    boolean swapped = orders[1] > 0 && firstFrame[1] < firstFrame[0];
    return swapped ? 1 - i : i;
  }
}
