package io.porthunter.bench;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A random-source SYN flood: many distinct spoofed public IPv4 sources, each sending one or two SYNs to a
 * single target port, which answers every SYN with a SYN-ACK (backscatter to the spoofed address).
 * Sources are drawn up front, so the packet count is known before the capture is written.
 */
final class FloodActivity extends Activity {
  private static final int TTL = 50;
  private static final int WINDOW = 512;
  private static final int TARGET_TTL = 64;
  private static final int TARGET_WINDOW = 65160;
  private static final int MAX_SYNS_PER_SOURCE = 2;

  private final Endpoint target;
  private final int port;
  private final int[] sources;
  private final byte[] syns;
  private final long interval;
  private final long answerDelay;
  private final SplittableRandom rng;
  /** Reused for every spoofed source: its address bytes are overwritten per packet. */
  private final Endpoint spoofed;
  private final long plannedPackets;

  private int source;
  private int synOfSource;
  private boolean answerNext;
  private int sourcePort;
  private long seq;
  private long isn;

  FloodActivity(Endpoint target, int port, int sourceCount, long start, long duration, SplittableRandom rng) {
    this.target = target;
    this.port = port;
    this.rng = rng;
    this.sources = new int[sourceCount];
    this.syns = new byte[sourceCount];
    long totalSyns = 0;
    Set<Integer> drawn = new HashSet<>();
    for (int i = 0; i < sourceCount; i++) {
      int address;
      do {
        address = randomPublicIpv4(rng);
      } while (!drawn.add(address)); // sources are distinct, so the ground truth count is exact
      sources[i] = address;
      syns[i] = (byte) (1 + rng.nextInt(MAX_SYNS_PER_SOURCE));
      totalSyns += syns[i];
    }
    this.plannedPackets = 2 * totalSyns;
    this.interval = Math.max(2, duration / Math.max(1, totalSyns));
    this.answerDelay = interval / 2;
    this.spoofed = Endpoint.of(new byte[4]);
    this.nextTs = start;
  }

  long plannedPackets() {
    return plannedPackets;
  }

  @Override
  boolean emit(FrameBuilder frames, CaptureWriter out) throws IOException {
    byte[] a = spoofed.address();
    int s = sources[source];
    a[0] = (byte) (s >>> 24);
    a[1] = (byte) (s >>> 16);
    a[2] = (byte) (s >>> 8);
    a[3] = (byte) s;
    int frame;
    if (!answerNext) {
      sourcePort = 1024 + rng.nextInt(64512);
      seq = rng.nextLong() & 0xffff_ffffL;
      isn = rng.nextLong() & 0xffff_ffffL;
      frame = frames.tcp(spoofed, target, TTL, sourcePort, port, seq, 0, FrameBuilder.SYN, WINDOW,
          FrameBuilder.TcpOptions.NONE, null, 0, 0);
      out.write(nextTs, frames.frame, frame);
      answerNext = true;
      nextTs += answerDelay;
      return true;
    }
    frame = frames.tcp(target, spoofed, TARGET_TTL, port, sourcePort, isn, (seq + 1) & 0xffff_ffffL,
        FrameBuilder.SYN | FrameBuilder.ACK, TARGET_WINDOW, FrameBuilder.TcpOptions.MSS, null, 0, 0);
    out.write(nextTs, frames.frame, frame);
    answerNext = false;
    nextTs += interval - answerDelay;
    if (++synOfSource == syns[source]) {
      synOfSource = 0;
      source++;
    }
    return source < sources.length;
  }

  /**
   * A unicast address outside private, loopback, link-local, CGNAT, benchmarking, documentation
   * and multicast space, and not one of the scanners (they must stay distinguishable).
   */
  private static int randomPublicIpv4(SplittableRandom rng) {
    while (true) {
      int a = 1 + rng.nextInt(223);
      int b = rng.nextInt(256);
      boolean special = a == 10 || a == 127 || a == 0
          || (a == 100 && b >= 64 && b < 128)
          || (a == 169 && b == 254)
          || (a == 172 && b >= 16 && b < 32)
          || (a == 192 && (b == 168 || b == 0))
          || (a == 198 && (b == 18 || b == 19 || b == 51))
          || (a == 203 && b == 0);
      int addr = (a << 24) | (b << 16) | rng.nextInt(1 << 16);
      if (!special && (addr & 0xff) != 0 && (addr & 0xff) != 0xff
          && !Network.isScannerAddress(new byte[] {(byte) a, (byte) b, (byte) (addr >>> 8), (byte) addr})) {
        return addr;
      }
    }
  }
}
