package io.porthunter.detect;

import java.util.Arrays;

/**
 * The FTP PORT commands a server received that named a host other than the client sending them (RFC
 * 2577's bounce), as (client, named host) pairs, each with how many commands and the frame of its
 * first, and the ports they named. The server's connections to a named host on a named port are what
 * those commands asked for, so a scan of it made of them was the client's (nmap {@code -b}). Pairs are
 * summed whatever worker saw them, so workers' shares merge to what one pass counts; past {@link
 * #MAX_PAIRS} a server keeps the pairs it has ({@link #many}), a bound only a hostile capture reaches.
 * The ports are one set for all pairs (8 KiB at most, as a probing source's source ports take in
 * {@link ProbeTraits}), not one per host.
 */
final class BounceOrders {
  /** Pairs kept per server: an nmap -b run names one host per target, from one client. */
  static final int MAX_PAIRS = 64;
  private static final int FIELDS = 6; // client hi, lo; named hi, lo; first frame; commands

  private long[] pairs = new long[FIELDS];
  private int size;
  private boolean many;
  private final PortSet namedPorts = new PortSet();

  /** A command from the client naming the host and {@code port}, in {@code frame}. */
  void ordered(long clientHi, long clientLo, long namedHi, long namedLo, int port, long frame) {
    namedPorts.add(port);
    count(clientHi, clientLo, namedHi, namedLo, frame, 1);
  }

  /** {@code n} commands from the client naming the host, the first in {@code frame}. */
  private void count(long clientHi, long clientLo, long namedHi, long namedLo, long frame, long n) {
    for (int i = 0; i < size; i++) {
      int at = i * FIELDS;
      if (pairs[at] == clientHi && pairs[at + 1] == clientLo && pairs[at + 2] == namedHi && pairs[at + 3] == namedLo) {
        pairs[at + 4] = Math.min(pairs[at + 4], frame);
        pairs[at + 5] += n;
        return;
      }
    }
    if (size == MAX_PAIRS) {
      many = true;
      return;
    }
    if ((size + 1) * FIELDS > pairs.length) {
      pairs = Arrays.copyOf(pairs, Math.min(MAX_PAIRS, 2 * (size + 1)) * FIELDS);
    }
    int at = size++ * FIELDS;
    pairs[at] = clientHi;
    pairs[at + 1] = clientLo;
    pairs[at + 2] = namedHi;
    pairs[at + 3] = namedLo;
    pairs[at + 4] = frame;
    pairs[at + 5] = n;
  }

  /** Adds another worker's commands to the same server. */
  void merge(BounceOrders o) {
    many |= o.many;
    namedPorts.addAll(o.namedPorts);
    for (int i = 0; i < o.size; i++) {
      int at = i * FIELDS;
      count(o.pairs[at], o.pairs[at + 1], o.pairs[at + 2], o.pairs[at + 3], o.pairs[at + 4], o.pairs[at + 5]);
    }
  }

  /** Whether a command named {@code port}, whatever host it named. */
  boolean namedPort(int port) {
    return namedPorts.contains(port);
  }

  /** More pairs came than were kept. */
  boolean many() {
    return many;
  }

  int size() {
    return size;
  }

  long clientHi(int i) {
    return pairs[i * FIELDS];
  }

  long clientLo(int i) {
    return pairs[i * FIELDS + 1];
  }

  long namedHi(int i) {
    return pairs[i * FIELDS + 2];
  }

  long namedLo(int i) {
    return pairs[i * FIELDS + 3];
  }

  long firstFrame(int i) {
    return pairs[i * FIELDS + 4];
  }

  long commands(int i) {
    return pairs[i * FIELDS + 5];
  }
}
