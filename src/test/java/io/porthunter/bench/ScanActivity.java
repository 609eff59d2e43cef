package io.porthunter.bench;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * One scanner working through its (target, port) list at a fixed probe interval, with the targets
 * answering as real stacks do: SYN-ACK from open ports, RST/ACK from closed ones, nothing from
 * filtered ports or dead hosts, ICMP port unreachable (quoting the probe) for closed UDP ports.
 *
 * <p>Which answer a probe gets depends only on (target, port), never on the random stream, so the
 * packet count of a scan is known before it runs ({@link #plannedPackets()}).
 */
final class ScanActivity extends Activity {
  /** Ports a target may listen on; each host opens most of them. */
  private static final int[] OPEN_CANDIDATES = {22, 25, 53, 80, 110, 123, 143, 443, 445, 993, 3306, 3389, 8080};
  private static final int DNS_PORT = 53;
  private static final int NTP_PORT = 123;
  /** One port in FILTER_MODULUS is silently dropped by a firewall. */
  private static final int FILTER_MODULUS = 20;
  /** One host in DEAD_MODULUS of a horizontal sweep does not exist. */
  private static final int DEAD_MODULUS = 4;
  private static final int CLOSED_MODULUS = 3;

  private static final int RAW_WINDOW = 1024;
  private static final int CONNECT_WINDOW = 64240;
  private static final int TARGET_WINDOW = 65160;
  private static final int TARGET_TTL = 64;
  private static final int CONNECT_TTL = 64;
  private static final int EPHEMERAL_LOW = 32768;
  private static final int EPHEMERAL_SPAN = 28232;

  // answer steps after the probe
  private static final int SYN_ACK = 1;
  private static final int RST_ACK = 2;
  private static final int RST = 3;
  private static final int SCANNER_RST = 4;
  private static final int CONNECT_ACK = 5;
  private static final int CONNECT_RST_ACK = 6;
  private static final int UDP_REPLY = 7;
  private static final int PORT_UNREACHABLE = 8;
  private static final int ECHO_REPLY = 9;
  static final int MAX_STEPS = 4;

  private final Endpoint scanner;
  private final Technique technique;
  private final Endpoint[] targets;
  private final boolean[] alive;
  private final int[] ports;
  private final int probes;
  private final long start;
  private final long interval;
  private final long answerDelay;
  private final int scannerTtl;
  private final int rawSourcePort;
  private final int echoId;
  private final SplittableRandom rng;

  private final int[] answer = new int[MAX_STEPS];
  private int answers;
  private int probe;
  private int step;
  private long probeSeq;
  private long probeAck;
  private long targetIsn;
  private int probeIpv4Id;

  /**
   * @param ports destination ports; for a ping sweep a single -1
   * @param sweep true when targets are many hosts of which some are absent
   */
  ScanActivity(Endpoint scanner, Technique technique, Endpoint[] targets, int[] ports, boolean sweep,
      long start, long interval, SplittableRandom rng) {
    this.scanner = scanner;
    this.technique = technique;
    this.targets = targets;
    this.ports = ports;
    this.probes = targets.length * ports.length;
    this.start = start;
    this.interval = interval;
    this.rng = rng;
    this.answerDelay = Math.max(1, Math.min(interval / (MAX_STEPS + 1), 200_000 + rng.nextInt(3_000_000)));
    this.scannerTtl = technique == Technique.CONNECT ? CONNECT_TTL : 37 + rng.nextInt(23);
    this.rawSourcePort = 40000 + rng.nextInt(25000);
    this.echoId = rng.nextInt(1 << 16);
    this.alive = new boolean[targets.length];
    for (int h = 0; h < targets.length; h++) {
      alive[h] = !sweep || mix(hostKey(targets[h])) % DEAD_MODULUS != 0;
    }
    this.nextTs = start;
  }

  Endpoint target(int probeIndex) {
    return targets[probeIndex % targets.length];
  }

  int port(int probeIndex) {
    return ports[probeIndex / targets.length];
  }

  long startNanos() {
    return start;
  }

  /** Packets this scan will write: probes plus every answer they draw. */
  long plannedPackets() {
    long n = 0;
    for (int i = 0; i < probes; i++) {
      n += 1 + plan(i);
    }
    return n;
  }

  @Override
  boolean emit(FrameBuilder frames, CaptureWriter out) throws IOException {
    int frame;
    if (step == 0) {
      answers = plan(probe);
      probeSeq = rng.nextLong() & 0xffff_ffffL;
      probeAck = rng.nextLong() & 0xffff_ffffL;
      targetIsn = rng.nextLong() & 0xffff_ffffL;
      frame = probe(frames);
      probeIpv4Id = frames.lastIpv4Id();
    } else {
      frame = answer(frames, answer[step - 1]);
    }
    out.write(nextTs, frames.frame, frame);
    if (step < answers) {
      step++;
      nextTs += answerDelay;
      return true;
    }
    step = 0;
    probe++;
    nextTs = start + probe * interval;
    return probe < probes;
  }

  private int sourcePort() {
    return technique == Technique.CONNECT ? EPHEMERAL_LOW + (rawSourcePort + probe) % EPHEMERAL_SPAN : rawSourcePort;
  }

  private int probe(FrameBuilder f) {
    Endpoint dst = target(probe);
    int port = port(probe);
    FrameBuilder.TcpOptions mss = FrameBuilder.TcpOptions.MSS;
    switch (technique) {
      case SYN:
        return f.tcp(scanner, dst, scannerTtl, sourcePort(), port, probeSeq, 0, FrameBuilder.SYN, RAW_WINDOW, mss, null, 0, 0);
      case CONNECT:
        return f.tcp(scanner, dst, scannerTtl, sourcePort(), port, probeSeq, 0, FrameBuilder.SYN, CONNECT_WINDOW,
            FrameBuilder.TcpOptions.OS_SYN, null, 0, (int) (nextTs >>> 20));
      case FIN:
        return rawTcp(f, dst, port, FrameBuilder.FIN);
      case NULL:
        return rawTcp(f, dst, port, 0);
      case XMAS:
        return rawTcp(f, dst, port, FrameBuilder.FIN | FrameBuilder.PSH | FrameBuilder.URG);
      case ACK:
        return f.tcp(scanner, dst, scannerTtl, sourcePort(), port, probeSeq, probeAck, FrameBuilder.ACK, RAW_WINDOW,
            FrameBuilder.TcpOptions.NONE, null, 0, 0);
      case UDP:
        Payload p = udpProbePayload(port);
        return f.udp(scanner, dst, scannerTtl, sourcePort(), port, p, p == null ? 0 : p.maxLength());
      case PING_SWEEP:
        return f.echo(scanner, dst, scannerTtl, false, echoId, probe & 0xffff, Templates.ECHO, 0);
      default:
        throw new IllegalStateException(technique.name());
    }
  }

  private int rawTcp(FrameBuilder f, Endpoint dst, int port, int flags) {
    return f.tcp(scanner, dst, scannerTtl, sourcePort(), port, probeSeq, 0, flags, RAW_WINDOW,
        FrameBuilder.TcpOptions.NONE, null, 0, 0);
  }

  private int answer(FrameBuilder f, int kind) {
    Endpoint dst = target(probe);
    int port = port(probe);
    int sport = sourcePort();
    switch (kind) {
      case SYN_ACK:
        return f.tcp(dst, scanner, TARGET_TTL, port, sport, targetIsn, probeSeq + 1, FrameBuilder.SYN | FrameBuilder.ACK,
            TARGET_WINDOW, FrameBuilder.TcpOptions.MSS, null, 0, 0);
      case RST_ACK:
        // a closed port acknowledges whatever the probe consumed (SYN and FIN count one each)
        int consumed = technique == Technique.SYN || technique == Technique.CONNECT || technique == Technique.FIN
            || technique == Technique.XMAS ? 1 : 0;
        return f.tcp(dst, scanner, TARGET_TTL, port, sport, 0, (probeSeq + consumed) & 0xffff_ffffL,
            FrameBuilder.RST | FrameBuilder.ACK, 0, FrameBuilder.TcpOptions.NONE, null, 0, 0);
      case RST:
        return f.tcp(dst, scanner, TARGET_TTL, port, sport, probeAck, 0, FrameBuilder.RST, 0,
            FrameBuilder.TcpOptions.NONE, null, 0, 0);
      case SCANNER_RST:
        return f.tcp(scanner, dst, scannerTtl, sport, port, (probeSeq + 1) & 0xffff_ffffL, 0, FrameBuilder.RST, 0,
            FrameBuilder.TcpOptions.NONE, null, 0, 0);
      case CONNECT_ACK:
        return f.tcp(scanner, dst, scannerTtl, sport, port, (probeSeq + 1) & 0xffff_ffffL, (targetIsn + 1) & 0xffff_ffffL,
            FrameBuilder.ACK, CONNECT_WINDOW, FrameBuilder.TcpOptions.NONE, null, 0, 0);
      case CONNECT_RST_ACK:
        return f.tcp(scanner, dst, scannerTtl, sport, port, (probeSeq + 1) & 0xffff_ffffL, (targetIsn + 1) & 0xffff_ffffL,
            FrameBuilder.RST | FrameBuilder.ACK, 0, FrameBuilder.TcpOptions.NONE, null, 0, 0);
      case UDP_REPLY:
        Payload reply = port == DNS_PORT ? Templates.DNS_ANSWERS[0] : Templates.NTP_REPLY;
        return f.udp(dst, scanner, TARGET_TTL, port, sport, reply, reply.maxLength());
      case PORT_UNREACHABLE:
        Payload p = udpProbePayload(port);
        return f.portUnreachable(dst, scanner, TARGET_TTL, scannerTtl, probeIpv4Id, sport, port, p,
            p == null ? 0 : p.maxLength());
      case ECHO_REPLY:
        return f.echo(dst, scanner, TARGET_TTL, true, echoId, probe & 0xffff, Templates.ECHO, 0);
      default:
        throw new IllegalStateException("answer " + kind);
    }
  }

  /** Well-formed payloads for ports whose dissectors expect one; empty datagrams elsewhere. */
  private static Payload udpProbePayload(int port) {
    if (port == DNS_PORT) {
      return Templates.DNS_QUERIES[0];
    }
    return port == NTP_PORT ? Templates.NTP_REQUEST : null;
  }

  /** Fills {@link #answer} for probe {@code i}; returns how many answer packets follow it. */
  private int plan(int i) {
    int h = i % targets.length;
    if (!alive[h]) {
      return 0;
    }
    int key = hostKey(targets[h]);
    if (technique == Technique.PING_SWEEP) {
      return steps(ECHO_REPLY);
    }
    int port = port(i);
    boolean filtered = mix(key * 31 + port) % FILTER_MODULUS == 0;
    if (filtered) {
      return 0;
    }
    boolean open = isOpenCandidate(port) && mix(key ^ (port * 0x9e37)) % CLOSED_MODULUS != 0;
    switch (technique) {
      case SYN:
        return open ? steps(SYN_ACK, SCANNER_RST) : steps(RST_ACK);
      case CONNECT:
        return open ? steps(SYN_ACK, CONNECT_ACK, CONNECT_RST_ACK) : steps(RST_ACK);
      case FIN:
      case NULL:
      case XMAS:
        // RFC 9293: a segment without SYN, RST or ACK to an open port is dropped silently
        return open ? 0 : steps(RST_ACK);
      case ACK:
        return steps(RST);
      case UDP:
        if (port == DNS_PORT || port == NTP_PORT) {
          return open ? steps(UDP_REPLY) : steps(PORT_UNREACHABLE);
        }
        return open ? 0 : steps(PORT_UNREACHABLE);
      default:
        throw new IllegalStateException(technique.name());
    }
  }

  // fixed-arity helpers: no varargs array per probe
  private int steps(int a) {
    answer[0] = a;
    return 1;
  }

  private int steps(int a, int b) {
    answer[1] = b;
    return steps(a) + 1;
  }

  private int steps(int a, int b, int c) {
    answer[2] = c;
    return steps(a, b) + 1;
  }

  private static boolean isOpenCandidate(int port) {
    for (int p : OPEN_CANDIDATES) {
      if (p == port) {
        return true;
      }
    }
    return false;
  }

  private static int hostKey(Endpoint e) {
    byte[] a = e.address();
    int k = 0;
    for (byte b : a) {
      k = k * 131 + (b & 0xff);
    }
    return k;
  }

  /** Cheap integer hash (murmur3 finalizer), non-negative. */
  private static int mix(int x) {
    x ^= x >>> 16;
    x *= 0x85ebca6b;
    x ^= x >>> 13;
    x *= 0xc2b2ae35;
    x ^= x >>> 16;
    return x & Integer.MAX_VALUE;
  }
}
