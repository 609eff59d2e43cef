package io.porthunter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a deterministic synthetic capture: benign IPv4/IPv6 traffic with scanners (and
 * optionally a spoofed SYN flood) mixed in, and returns the {@link GroundTruth} of what it wrote.
 *
 * <p>Command line: {@code --packets N --seed S --format pcap|pcapng [--nsec] [--flood-sources M] OUT}.
 */
public final class SyntheticCaptureGenerator {
  /** 2024-05-06T08:00:00Z: capture start, fixed so the same seed gives the same bytes. */
  static final long START_EPOCH_NANOS = 1_714_982_400L * CaptureWriter.NANOS_PER_SECOND;
  /** Nominal aggregate rate; only sets how long (in capture time) the file lasts. */
  static final long NOMINAL_PACKETS_PER_SECOND = 20_000;
  /** Concurrent benign flows. */
  static final int BENIGN_LANES = 256;
  /** A capture must keep at least this many benign packets besides the scans. */
  static final long MIN_BENIGN_PACKETS = 1_000;
  /** Ports 1..VERTICAL_PORTS are probed, in random order, by a vertical scan. */
  static final int VERTICAL_PORTS = 1200;
  static final int HORIZONTAL_HOSTS = 508;
  static final int BLOCK_HOSTS = 16;
  static final int BLOCK_PORTS = 80;
  static final int PING_BLOCK_HOSTS = 256;
  static final int FLOOD_PORT = 80;
  // scans start within [SCAN_EARLIEST, SCAN_EARLIEST + SCAN_START_SPREAD) of the capture duration
  // and last SCAN_SPAN of it, so they end well before the benign traffic does
  private static final double SCAN_EARLIEST = 0.02;
  private static final double SCAN_START_SPREAD = 0.40;
  private static final double SCAN_SPAN = 0.45;
  private static final double FLOOD_START = 0.30;
  private static final double FLOOD_SPAN = 0.20;
  private static final int FIRST_HORIZONTAL_SUBNET = 20;
  private static final int FIRST_PING_SUBNET = 60;

  /**
   * What to generate.
   *
   * @param packets exact number of records to write
   * @param nanos nanosecond timestamps (pcap: the ns magic; pcapng: if_tsresol 9)
   * @param floodSources spoofed SYN flood sources, 0 for no flood
   * @param scans scanners to mix in, one source address each
   */
  public record Config(long packets, long seed, CaptureFormat format, boolean nanos, int floodSources,
      List<ScanSpec> scans) {
    public Config {
      if (packets <= 0) {
        throw new IllegalArgumentException("packets must be positive: " + packets);
      }
      if (floodSources < 0) {
        throw new IllegalArgumentException("floodSources must not be negative: " + floodSources);
      }
      scans = List.copyOf(scans);
    }

    /** pcap, microsecond timestamps, no flood, {@link ScanSpec#defaults()}. */
    public static Config of(long packets, long seed) {
      return new Config(packets, seed, CaptureFormat.PCAP, false, 0, ScanSpec.defaults());
    }

    public Config withFormat(CaptureFormat newFormat, boolean newNanos) {
      return new Config(packets, seed, newFormat, newNanos, floodSources, scans);
    }

    public Config withFloodSources(int sources) {
      return new Config(packets, seed, format, nanos, sources, scans);
    }

    public Config withScans(List<ScanSpec> newScans) {
      return new Config(packets, seed, format, nanos, floodSources, newScans);
    }
  }

  private SyntheticCaptureGenerator() {}

  /** Writes the capture to {@code out} (replacing it) and returns what it contains. */
  public static GroundTruth generate(Config config, Path out) throws IOException {
    SplittableRandom root = new SplittableRandom(config.seed());
    Network net = new Network();
    long duration = config.packets() * CaptureWriter.NANOS_PER_SECOND / NOMINAL_PACKETS_PER_SECOND;
    long tick = config.nanos() ? 1 : 1000;

    ActivityQueue queue = new ActivityQueue();
    List<GroundTruth.Scanner> scanners = new ArrayList<>();
    long reserved = 0;
    int v4 = 0;
    int v6 = 0;
    for (int i = 0; i < config.scans().size(); i++) {
      ScanSpec spec = config.scans().get(i);
      String[] pool = spec.ipv6() ? Network.SCANNERS_V6 : Network.SCANNERS_V4;
      int n = spec.ipv6() ? v6++ : v4++;
      if (n >= pool.length) {
        throw new IllegalArgumentException("at most " + pool.length + (spec.ipv6() ? " IPv6" : " IPv4") + " scanners");
      }
      Endpoint source = Endpoint.parse(pool[n]);
      ScanActivity scan = scan(spec, source, i, net, duration, root.split());
      reserved += scan.plannedPackets();
      queue.add(scan);
      int port = scan.port(0);
      scanners.add(new GroundTruth.Scanner(source.text(), spec.technique(), spec.pattern(),
          new GroundTruth.FirstProbe(scan.startNanos() - scan.startNanos() % tick, scan.target(0).text(), port)));
    }
    String floodTarget = null;
    if (config.floodSources() > 0) {
      Endpoint target = net.webV4[0];
      FloodActivity flood = new FloodActivity(target, FLOOD_PORT, config.floodSources(),
          START_EPOCH_NANOS + (long) (duration * FLOOD_START), (long) (duration * FLOOD_SPAN), root.split());
      reserved += flood.plannedPackets();
      queue.add(flood);
      floodTarget = target.text() + ":" + FLOOD_PORT;
    }
    long benign = config.packets() - reserved;
    if (benign < MIN_BENIGN_PACKETS) {
      throw new IllegalArgumentException("the requested scans and flood need " + reserved + " packets; ask for at least "
          + (reserved + MIN_BENIGN_PACKETS) + " packets");
    }
    BenignLane.Budget budget = new BenignLane.Budget(benign);
    boolean[] usedV4 = new boolean[Network.CLIENTS_V4];
    boolean[] usedV6 = new boolean[Network.CLIENTS_V6];
    long meanGap = BENIGN_LANES * CaptureWriter.NANOS_PER_SECOND / NOMINAL_PACKETS_PER_SECOND;
    for (int i = 0; i < BENIGN_LANES; i++) {
      queue.add(new BenignLane(net, root.split(), budget, usedV4, usedV6, START_EPOCH_NANOS, meanGap));
    }

    long written;
    try (CaptureWriter writer = CaptureWriter.open(config.format(), out, config.nanos())) {
      FrameBuilder frames = new FrameBuilder(root.nextInt());
      while (!queue.isEmpty()) {
        Activity a = queue.top();
        if (a.exhausted()) {
          queue.removeTop();
        } else if (a.emit(frames, writer)) {
          queue.topChanged();
        } else {
          queue.removeTop();
        }
      }
      written = writer.records();
    }
    if (written != config.packets()) {
      throw new IllegalStateException("wrote " + written + " records, planned " + config.packets());
    }
    return new GroundTruth(scanners, usedClients(net, usedV4, usedV6), written, config.floodSources(), floodTarget);
  }

  private static ScanActivity scan(ScanSpec spec, Endpoint scanner, int index, Network net, long duration,
      SplittableRandom rng) {
    boolean v6 = spec.ipv6();
    boolean ping = spec.technique() == Technique.PING_SWEEP;
    Endpoint[] targets;
    int[] ports;
    switch (spec.pattern()) {
      case VERTICAL:
        targets = new Endpoint[] {v6 ? net.webV6[0] : net.webV4[index % net.webV4.length]};
        ports = shuffledRange(VERTICAL_PORTS, rng);
        break;
      case HORIZONTAL:
        targets = Network.hosts(v6, (ping ? FIRST_PING_SUBNET : FIRST_HORIZONTAL_SUBNET) + 2 * index, HORIZONTAL_HOSTS);
        ports = horizontalPorts(spec.technique(), index);
        break;
      default:
        targets = ping
            ? Network.hosts(v6, FIRST_PING_SUBNET + 2 * index, PING_BLOCK_HOSTS)
            : Network.hosts(v6, 1, BLOCK_HOSTS);
        ports = ping ? new int[] {-1} : shuffledRange(BLOCK_PORTS, rng);
        break;
    }
    long start = START_EPOCH_NANOS + (long) (duration * (SCAN_EARLIEST + SCAN_START_SPREAD * rng.nextDouble()));
    long probes = (long) targets.length * ports.length;
    long interval = Math.max(ScanActivity.MAX_STEPS + 1, (long) (duration * SCAN_SPAN) / probes);
    return new ScanActivity(scanner, spec.technique(), targets, ports, spec.pattern() != ScanPattern.VERTICAL,
        start, interval, rng);
  }

  private static int[] horizontalPorts(Technique technique, int index) {
    switch (technique) {
      case PING_SWEEP:
        return new int[] {-1};
      case UDP:
        return new int[] {53, 123};
      default:
        return index % 2 == 0 ? new int[] {22} : new int[] {80, 443};
    }
  }

  /** 1..n in a seeded random order (Fisher-Yates), as scanners randomise their port order. */
  private static int[] shuffledRange(int n, SplittableRandom rng) {
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      ports[i] = i + 1;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = ports[i];
      ports[i] = ports[j];
      ports[j] = t;
    }
    return ports;
  }

  private static List<String> usedClients(Network net, boolean[] usedV4, boolean[] usedV6) {
    List<String> clients = new ArrayList<>();
    for (int i = 0; i < usedV4.length; i++) {
      if (usedV4[i]) {
        clients.add(net.clientsV4[i].text());
      }
    }
    for (int i = 0; i < usedV6.length; i++) {
      if (usedV6[i]) {
        clients.add(net.clientsV6[i].text());
      }
    }
    return clients;
  }

  public static void main(String[] args) throws IOException {
    long packets = -1;
    long seed = 1;
    CaptureFormat format = CaptureFormat.PCAP;
    boolean nanos = false;
    int flood = 0;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--packets":
          packets = Long.parseLong(args[++i]);
          break;
        case "--seed":
          seed = Long.parseLong(args[++i]);
          break;
        case "--format":
          format = args[++i].equalsIgnoreCase("pcapng") ? CaptureFormat.PCAPNG : CaptureFormat.PCAP;
          if (!args[i].equalsIgnoreCase(format.name())) {
            usage("unknown format: " + args[i]);
          }
          break;
        case "--nsec":
          nanos = true;
          break;
        case "--flood-sources":
          flood = Integer.parseInt(args[++i]);
          break;
        default:
          if (args[i].startsWith("--") || out != null) {
            usage("unexpected argument: " + args[i]);
          }
          out = Path.of(args[i]);
      }
    }
    if (packets <= 0 || out == null) {
      usage("--packets N and OUT are required");
    }
    long t0 = System.nanoTime();
    GroundTruth truth;
    try {
      truth = generate(Config.of(packets, seed).withFormat(format, nanos).withFloodSources(flood), out);
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      return;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(Locale.ROOT, "wrote %d packets, %d bytes to %s in %d ms (%.0f packets/s)%n",
        truth.totalPackets(), Files.size(out), out, ms, truth.totalPackets() * 1000.0 / Math.max(1, ms));
    for (GroundTruth.Scanner s : truth.scanners()) {
      System.out.printf(Locale.ROOT, "scanner %-24s %-10s %-10s first probe %d -> %s port %d%n", s.source(),
          s.technique().label(), s.pattern().label(), s.firstProbe().tsNanos(), s.firstProbe().dst(),
          s.firstProbe().port());
    }
    System.out.printf(Locale.ROOT, "benign clients: %d, flood sources: %d%s%n", truth.benignClients().size(),
        truth.floodSources(), truth.floodTarget() == null ? "" : " -> " + truth.floodTarget());
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: SyntheticCaptureGenerator --packets N --seed S --format pcap|pcapng [--nsec]"
        + " [--flood-sources M] OUT");
    System.exit(2);
  }
}
