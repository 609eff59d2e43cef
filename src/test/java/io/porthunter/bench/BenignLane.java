package io.porthunter.bench;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * One concurrent "slot" of benign traffic: plays a flow to its end, then starts the next one.
 * A flow is scripted into reused arrays when it starts, so steady state allocates nothing.
 *
 * <p>Flows: HTTP-like TCP (handshake, request/response rounds, FIN teardown; some keep-alive
 * connections carry many rounds), DNS query/answer on port 53, NTP on port 123, ICMP echo pairs.
 */
final class BenignLane extends Activity {
  /** Shared count of benign packets still to write; lanes stop when it reaches zero. */
  static final class Budget {
    long remaining;

    Budget(long remaining) {
      this.remaining = remaining;
    }
  }

  private enum Kind { TCP, DNS, NTP, PING }

  private static final int CLIENT = 0;
  private static final int SERVER = 1;
  private static final int MAX_STEPS = 512;
  private static final double P_TCP = 0.70;
  private static final double P_DNS = 0.15;
  private static final double P_NTP = 0.05;
  private static final double P_IPV6 = 0.25;
  private static final double P_KEEP_ALIVE = 0.10;
  private static final int KEEP_ALIVE_MIN_ROUNDS = 5;
  private static final int KEEP_ALIVE_MAX_ROUNDS = 60;
  /**
   * Most responses are one small segment; the rest span 2..MAX_SEGMENTS_PER_RESPONSE, all but the
   * last full. Sizes are chosen so that the mix averages about 130 bytes per record, as the
   * 10-million-packet, 1.3 GB capture of the performance issue does.
   */
  private static final double P_SMALL_RESPONSE = 0.97;
  private static final int MAX_SMALL_RESPONSE = 140;
  private static final int MAX_SEGMENTS_PER_RESPONSE = 3;
  private static final int MIN_REQUEST = 20;
  private static final int MAX_REQUEST = 140;
  private static final int MIN_LAST_SEGMENT = 20;
  private static final int MAX_DNS_ROUNDS = 3;
  private static final int MAX_PINGS = 4;
  private static final int[] WEB_PORTS = {80, 3128, 8080};
  private static final int DNS_PORT = 53;
  private static final int NTP_PORT = 123;
  private static final int EPHEMERAL_LOW = 32768;
  private static final int EPHEMERAL_SPAN = 28232;
  private static final int TTL = 64;
  private static final int CLIENT_WINDOW = 64240;
  private static final int SERVER_WINDOW = 65160;

  private final Network net;
  private final SplittableRandom rng;
  private final Budget budget;
  private final boolean[] usedV4;
  private final boolean[] usedV6;
  private final long meanGapNanos;

  private final int[] stepDir = new int[MAX_STEPS];
  private final int[] stepFlags = new int[MAX_STEPS];
  private final int[] stepLen = new int[MAX_STEPS];
  private int steps;
  private int step;

  private Kind kind;
  private Endpoint client;
  private int clientIndex;
  private Endpoint server;
  private int clientPort;
  private int serverPort;
  private long clientSeq;
  private long serverSeq;
  private int templateIndex;
  private int echoId;

  BenignLane(Network net, SplittableRandom rng, Budget budget, boolean[] usedV4, boolean[] usedV6,
      long startNanos, long meanGapNanos) {
    this.net = net;
    this.rng = rng;
    this.budget = budget;
    this.usedV4 = usedV4;
    this.usedV6 = usedV6;
    this.meanGapNanos = meanGapNanos;
    this.nextTs = startNanos + gap();
    startFlow();
  }

  @Override
  boolean exhausted() {
    return budget.remaining <= 0;
  }

  @Override
  boolean emit(FrameBuilder frames, CaptureWriter out) throws IOException {
    if (step == 0) {
      // marked only once the flow really starts: the budget may end before a scripted flow does
      (client.ipv6() ? usedV6 : usedV4)[clientIndex] = true;
    }
    boolean fromClient = stepDir[step] == CLIENT;
    Endpoint src = fromClient ? client : server;
    Endpoint dst = fromClient ? server : client;
    int len = stepLen[step];
    int frame;
    switch (kind) {
      case TCP:
        frame = tcpStep(frames, fromClient, src, dst, stepFlags[step], len);
        break;
      case DNS:
        frame = fromClient
            ? frames.udp(src, dst, TTL, clientPort, serverPort, Templates.DNS_QUERIES[templateIndex], len)
            : frames.udp(src, dst, TTL, serverPort, clientPort, Templates.DNS_ANSWERS[templateIndex], len);
        break;
      case NTP:
        frame = fromClient
            ? frames.udp(src, dst, TTL, clientPort, serverPort, Templates.NTP_REQUEST, len)
            : frames.udp(src, dst, TTL, serverPort, clientPort, Templates.NTP_REPLY, len);
        break;
      default:
        frame = frames.echo(src, dst, TTL, !fromClient, echoId, stepFlags[step], Templates.ECHO, len);
        break;
    }
    out.write(nextTs, frames.frame, frame);
    budget.remaining--;
    step++;
    if (step == steps) {
      startFlow();
    }
    nextTs += gap();
    return true;
  }

  private int tcpStep(FrameBuilder frames, boolean fromClient, Endpoint src, Endpoint dst, int flags, int len) {
    boolean syn = (flags & FrameBuilder.SYN) != 0;
    FrameBuilder.TcpOptions options = syn ? FrameBuilder.TcpOptions.OS_SYN : FrameBuilder.TcpOptions.NONE;
    Payload payload = fromClient ? Templates.HTTP_REQUEST : Templates.HTTP_RESPONSE;
    int frame = fromClient
        ? frames.tcp(src, dst, TTL, clientPort, serverPort, clientSeq, serverSeq, flags, CLIENT_WINDOW,
            options, payload, len, (int) (nextTs >>> 20))
        : frames.tcp(src, dst, TTL, serverPort, clientPort, serverSeq, clientSeq, flags, SERVER_WINDOW,
            options, payload, len, (int) (nextTs >>> 20));
    // SYN and FIN each consume one sequence number, data consumes its length
    long advance = len + (syn ? 1 : 0) + ((flags & FrameBuilder.FIN) != 0 ? 1 : 0);
    if (fromClient) {
      clientSeq = (clientSeq + advance) & 0xffff_ffffL;
    } else {
      serverSeq = (serverSeq + advance) & 0xffff_ffffL;
    }
    return frame;
  }

  private long gap() {
    return 1 + (long) (rng.nextDouble() * 2 * meanGapNanos);
  }

  private void startFlow() {
    step = 0;
    steps = 0;
    boolean v6 = rng.nextDouble() < P_IPV6;
    clientIndex = rng.nextInt(v6 ? usedV6.length : usedV4.length);
    client = v6 ? net.clientsV6[clientIndex] : net.clientsV4[clientIndex];
    clientPort = EPHEMERAL_LOW + rng.nextInt(EPHEMERAL_SPAN);
    double k = rng.nextDouble();
    if (k < P_TCP) {
      scriptTcp(v6);
    } else if (k < P_TCP + P_DNS) {
      kind = Kind.DNS;
      server = v6 ? net.dnsV6 : net.dnsV4;
      serverPort = DNS_PORT;
      templateIndex = rng.nextInt(Templates.DNS_QUERIES.length);
      int rounds = 1 + rng.nextInt(MAX_DNS_ROUNDS);
      for (int r = 0; r < rounds; r++) {
        add(CLIENT, 0, Templates.DNS_QUERIES[templateIndex].maxLength());
        add(SERVER, 0, Templates.DNS_ANSWERS[templateIndex].maxLength());
      }
    } else if (k < P_TCP + P_DNS + P_NTP) {
      kind = Kind.NTP;
      server = v6 ? net.ntpV6 : net.ntpV4;
      serverPort = NTP_PORT;
      add(CLIENT, 0, Templates.NTP_PACKET);
      add(SERVER, 0, Templates.NTP_PACKET);
    } else {
      kind = Kind.PING;
      Endpoint[] servers = v6 ? net.webV6 : net.webV4;
      server = servers[rng.nextInt(servers.length)];
      echoId = rng.nextInt(1 << 16);
      int pings = 1 + rng.nextInt(MAX_PINGS);
      for (int seq = 1; seq <= pings; seq++) {
        add(CLIENT, seq, Templates.ECHO_DATA);
        add(SERVER, seq, Templates.ECHO_DATA);
      }
    }
  }

  private void scriptTcp(boolean v6) {
    kind = Kind.TCP;
    Endpoint[] servers = v6 ? net.webV6 : net.webV4;
    server = servers[rng.nextInt(servers.length)];
    serverPort = WEB_PORTS[rng.nextInt(WEB_PORTS.length)];
    clientSeq = rng.nextLong() & 0xffff_ffffL;
    serverSeq = rng.nextLong() & 0xffff_ffffL;
    int maxPayload = Templates.maxTcpPayload(v6);
    add(CLIENT, FrameBuilder.SYN, 0);
    add(SERVER, FrameBuilder.SYN | FrameBuilder.ACK, 0);
    add(CLIENT, FrameBuilder.ACK, 0);
    int rounds = rng.nextDouble() < P_KEEP_ALIVE
        ? KEEP_ALIVE_MIN_ROUNDS + rng.nextInt(KEEP_ALIVE_MAX_ROUNDS - KEEP_ALIVE_MIN_ROUNDS + 1)
        : 1 + rng.nextInt(2);
    for (int r = 0; r < rounds; r++) {
      add(CLIENT, FrameBuilder.PSH | FrameBuilder.ACK, MIN_REQUEST + rng.nextInt(MAX_REQUEST - MIN_REQUEST));
      if (rng.nextDouble() < P_SMALL_RESPONSE) {
        add(SERVER, FrameBuilder.PSH | FrameBuilder.ACK, MIN_LAST_SEGMENT + rng.nextInt(MAX_SMALL_RESPONSE - MIN_LAST_SEGMENT));
      } else {
        int segments = 2 + rng.nextInt(MAX_SEGMENTS_PER_RESPONSE - 1);
        for (int s = 1; s < segments; s++) {
          add(SERVER, FrameBuilder.ACK, maxPayload);
        }
        add(SERVER, FrameBuilder.PSH | FrameBuilder.ACK, MIN_LAST_SEGMENT + rng.nextInt(maxPayload - MIN_LAST_SEGMENT + 1));
      }
      add(CLIENT, FrameBuilder.ACK, 0);
    }
    add(CLIENT, FrameBuilder.FIN | FrameBuilder.ACK, 0);
    add(SERVER, FrameBuilder.ACK, 0);
    add(SERVER, FrameBuilder.FIN | FrameBuilder.ACK, 0);
    add(CLIENT, FrameBuilder.ACK, 0);
  }

  private void add(int dir, int flags, int len) {
    stepDir[steps] = dir;
    stepFlags[steps] = flags;
    stepLen[steps] = len;
    steps++;
  }
}
