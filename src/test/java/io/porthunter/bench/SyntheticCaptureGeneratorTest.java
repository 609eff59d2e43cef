package io.porthunter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCaptureGeneratorTest {
  private static final long PACKETS = 60_000;
  private static final long SEED = 11;
  private static final int MIN_FRAME = 60;
  private static final int MAX_FRAME = 1500;
  private static final int MIN_VERTICAL_PORTS = 1000;
  private static final int MIN_HORIZONTAL_HOSTS = 100;

  @TempDir static Path dir;
  private static GroundTruth truth;
  private static CaptureFileReader.Capture pcap;

  @BeforeAll
  static void generateDefaultPcap() throws IOException {
    Path file = dir.resolve("default.pcap");
    truth = SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(PACKETS, SEED), file);
    pcap = CaptureFileReader.read(file);
  }

  @Test
  void sameSeedGivesIdenticalBytesAndAnotherSeedDiffers() throws IOException {
    SyntheticCaptureGenerator.Config config =
        SyntheticCaptureGenerator.Config.of(PACKETS, SEED).withFormat(CaptureFormat.PCAPNG, true).withFloodSources(500);
    Path a = dir.resolve("a.pcapng");
    Path b = dir.resolve("b.pcapng");
    Path c = dir.resolve("c.pcapng");
    GroundTruth ta = SyntheticCaptureGenerator.generate(config, a);
    GroundTruth tb = SyntheticCaptureGenerator.generate(config, b);
    SyntheticCaptureGenerator.generate(
        new SyntheticCaptureGenerator.Config(PACKETS, SEED + 1, CaptureFormat.PCAPNG, true, 500, ScanSpec.defaults()), c);

    assertThat(sha256(a)).isEqualTo(sha256(b));
    assertThat(ta).isEqualTo(tb);
    assertThat(sha256(c)).isNotEqualTo(sha256(a));
  }

  @Test
  void pcapHeaderAndRecordsParseBack() {
    assertThat(pcap.format()).isEqualTo("pcap");
    assertThat(pcap.linkType()).isEqualTo(1);
    assertThat(pcap.nanosResolution()).isFalse();
    assertThat(pcap.records()).hasSize((int) truth.totalPackets());
    assertThat(truth.totalPackets()).isEqualTo(PACKETS);
    assertRecordsSane(pcap);
    assertThat(pcap.records()).allSatisfy(r -> assertThat(r.tsNanos() % 1000).isZero());
  }

  @Test
  void nanosecondPcapUsesTheNanosecondMagicAndSubMicrosecondTimes() throws IOException {
    Path file = dir.resolve("ns.pcap");
    GroundTruth t = SyntheticCaptureGenerator.generate(
        SyntheticCaptureGenerator.Config.of(PACKETS, SEED).withFormat(CaptureFormat.PCAP, true), file);
    CaptureFileReader.Capture cap = CaptureFileReader.read(file);

    assertThat(cap.nanosResolution()).isTrue();
    assertThat(cap.records()).hasSize((int) t.totalPackets());
    assertRecordsSane(cap);
    assertThat(cap.records().stream().filter(r -> r.tsNanos() % 1000 != 0).count()).isPositive();
  }

  @Test
  void pcapngBlocksAreWellFormed() throws IOException {
    for (boolean nanos : new boolean[] {false, true}) {
      Path file = dir.resolve("blocks-" + nanos + ".pcapng");
      GroundTruth t = SyntheticCaptureGenerator.generate(
          SyntheticCaptureGenerator.Config.of(PACKETS, SEED).withFormat(CaptureFormat.PCAPNG, nanos), file);
      // the reader throws on a length that is not a multiple of 4 or a trailing length that differs
      CaptureFileReader.Capture cap = CaptureFileReader.read(file);

      assertThat(cap.format()).isEqualTo("pcapng");
      assertThat(cap.linkType()).isEqualTo(1);
      assertThat(cap.nanosResolution()).isEqualTo(nanos);
      assertThat(cap.records()).hasSize((int) t.totalPackets());
      assertRecordsSane(cap);
    }
  }

  @Test
  void ipLengthFieldsMatchTheFrameAndIpv4ChecksumsVerify() {
    byte[] d = pcap.data();
    int v4 = 0;
    int v6 = 0;
    for (CaptureFileReader.Rec r : pcap.records()) {
      int f = r.offset();
      int ipBytes = r.origLen() - 14;
      if (Frames.ipv6(d, f)) {
        v6++;
        assertThat(Frames.u16(d, f + 14 + 4) + 40).as("IPv6 payload length + header").isEqualTo(ipBytes);
      } else {
        v4++;
        assertThat(Frames.etherType(d, f)).isEqualTo(Frames.ETHERTYPE_IPV4);
        int total = Frames.u16(d, f + 14 + 2);
        if (r.origLen() > MIN_FRAME) {
          assertThat(total).as("IPv4 total length").isEqualTo(ipBytes);
        } else {
          assertThat(total).as("IPv4 total length in a padded frame").isBetween(20, ipBytes);
        }
        assertThat(Checksum.finish(Checksum.add(0, d, f + 14, 20))).as("IPv4 header checksum").isZero();
      }
    }
    assertThat(v4).isGreaterThan(v6);
    assertThat(v6).isPositive();
  }

  @Test
  void defaultGroundTruthCoversEveryTechniqueAndPattern() {
    assertThat(truth.scanners().stream().map(GroundTruth.Scanner::technique).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Technique.class));
    assertThat(truth.scanners().stream().map(GroundTruth.Scanner::pattern).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(ScanPattern.class));
    assertThat(truth.scanners().stream().map(GroundTruth.Scanner::source).distinct()).hasSize(truth.scanners().size());
    assertThat(truth.scanners()).anyMatch(s -> s.source().contains(":"));
  }

  @Test
  void requestedScansAreExactlyTheOnesReported() throws IOException {
    List<ScanSpec> specs = List.of(
        new ScanSpec(Technique.XMAS, ScanPattern.BLOCK, false),
        new ScanSpec(Technique.UDP, ScanPattern.VERTICAL, true));
    GroundTruth t = SyntheticCaptureGenerator.generate(
        SyntheticCaptureGenerator.Config.of(20_000, SEED).withScans(specs), dir.resolve("two.pcap"));

    assertThat(t.scanners()).extracting(GroundTruth.Scanner::technique, GroundTruth.Scanner::pattern)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Technique.XMAS, ScanPattern.BLOCK),
            org.assertj.core.groups.Tuple.tuple(Technique.UDP, ScanPattern.VERTICAL));
  }

  @Test
  void firstProbeOfEveryScannerIsInTheFileWithTheTechniquesSignature() {
    byte[] d = pcap.data();
    for (GroundTruth.Scanner s : truth.scanners()) {
      byte[] src = Frames.address(s.source());
      byte[] dst = Frames.address(s.firstProbe().dst());
      CaptureFileReader.Rec first = pcap.records().stream()
          .filter(r -> Arrays.equals(Frames.src(d, r.offset()), src))
          .findFirst().orElseThrow(() -> new AssertionError("no packet from " + s.source()));
      int f = first.offset();
      assertThat(first.tsNanos()).as(s.source()).isEqualTo(s.firstProbe().tsNanos());
      assertThat(Frames.dst(d, f)).as(s.source()).isEqualTo(dst);
      if (s.firstProbe().port() >= 0) {
        assertThat(Frames.dstPort(d, f)).as(s.source()).isEqualTo(s.firstProbe().port());
      }
      assertSignature(s.technique(), d, f);
    }
  }

  @Test
  void scanShapesMatchTheirPattern() {
    byte[] d = pcap.data();
    Map<String, Set<String>> hosts = new HashMap<>();
    Map<String, Set<Integer>> ports = new HashMap<>();
    Set<String> scannerSources = truth.scanners().stream().map(GroundTruth.Scanner::source).collect(Collectors.toSet());
    for (CaptureFileReader.Rec r : pcap.records()) {
      String src = Endpoint.text(Frames.src(d, r.offset()));
      if (!scannerSources.contains(src)) {
        continue;
      }
      hosts.computeIfAbsent(src, k -> new HashSet<>()).add(Endpoint.text(Frames.dst(d, r.offset())));
      int proto = Frames.protocol(d, r.offset());
      if (proto == 6 || proto == 17) {
        ports.computeIfAbsent(src, k -> new HashSet<>()).add(Frames.dstPort(d, r.offset()));
      }
    }
    for (GroundTruth.Scanner s : truth.scanners()) {
      int h = hosts.get(s.source()).size();
      int p = ports.getOrDefault(s.source(), Set.of()).size();
      switch (s.pattern()) {
        case VERTICAL:
          assertThat(h).as(s.source() + " hosts").isEqualTo(1);
          assertThat(p).as(s.source() + " ports").isGreaterThanOrEqualTo(MIN_VERTICAL_PORTS);
          break;
        case HORIZONTAL:
          assertThat(h).as(s.source() + " hosts").isGreaterThanOrEqualTo(MIN_HORIZONTAL_HOSTS);
          assertThat(p).as(s.source() + " ports").isLessThanOrEqualTo(2);
          break;
        default:
          assertThat(h).as(s.source() + " hosts").isGreaterThan(1);
          if (s.technique() != Technique.PING_SWEEP) {
            assertThat(p).as(s.source() + " ports").isGreaterThan(2);
          }
      }
    }
  }

  @Test
  void targetsAnswerLikeRealStacks() {
    byte[] d = pcap.data();
    Set<String> scannerSources = truth.scanners().stream().map(GroundTruth.Scanner::source).collect(Collectors.toSet());
    int synAcks = 0;
    int rstAcks = 0;
    int unreachableWithQuote = 0;
    for (CaptureFileReader.Rec r : pcap.records()) {
      int f = r.offset();
      if (!scannerSources.contains(Endpoint.text(Frames.dst(d, f)))) {
        continue;
      }
      int proto = Frames.protocol(d, f);
      if (proto == 6 && Frames.tcpFlags(d, f) == 0x12) {
        synAcks++;
      } else if (proto == 6 && Frames.tcpFlags(d, f) == 0x14) {
        rstAcks++;
      } else if ((proto == 1 && Frames.icmpType(d, f) == 3) || (proto == 58 && Frames.icmpType(d, f) == 1)) {
        // the quoted datagram must be the probe: from the scanner, to the answering target
        int quoted = Frames.transport(d, f) + 8;
        boolean v6 = Frames.ipv6(d, f);
        byte[] quotedSrc = Arrays.copyOfRange(d, quoted + (v6 ? 8 : 12), quoted + (v6 ? 24 : 16));
        assertThat(quotedSrc).isEqualTo(Frames.dst(d, f));
        unreachableWithQuote++;
      }
    }
    assertThat(synAcks).isPositive();
    assertThat(rstAcks).isGreaterThan(synAcks);
    assertThat(unreachableWithQuote).isPositive();
  }

  @Test
  void benignClientsArePrivateAndAppearInTheFile() {
    byte[] d = pcap.data();
    Set<String> sources = new HashSet<>();
    for (CaptureFileReader.Rec r : pcap.records()) {
      sources.add(Endpoint.text(Frames.src(d, r.offset())));
    }
    assertThat(truth.benignClients()).isNotEmpty();
    assertThat(sources).containsAll(truth.benignClients());
    assertThat(truth.benignClients()).allSatisfy(c -> assertThat(c).matches("192\\.168\\..*|fd00:.*"));
    assertThat(truth.scanners()).noneMatch(s -> truth.benignClients().contains(s.source()));
  }

  @Test
  void floodAddsManySpoofedSourcesAndKeepsScannersFindable() throws IOException {
    int floodSources = 3000;
    Path file = dir.resolve("flood.pcap");
    GroundTruth t = SyntheticCaptureGenerator.generate(
        SyntheticCaptureGenerator.Config.of(PACKETS, SEED).withFloodSources(floodSources), file);
    CaptureFileReader.Capture cap = CaptureFileReader.read(file);
    byte[] d = cap.data();
    String[] target = t.floodTarget().split(":");
    byte[] targetAddress = Frames.address(target[0]);
    int targetPort = Integer.parseInt(target[1]);
    Set<String> synSources = new HashSet<>();
    Set<String> allSources = new HashSet<>();
    for (CaptureFileReader.Rec r : cap.records()) {
      int f = r.offset();
      String src = Endpoint.text(Frames.src(d, f));
      allSources.add(src);
      if (Frames.protocol(d, f) == 6 && Frames.tcpFlags(d, f) == 0x02
          && Arrays.equals(Frames.dst(d, f), targetAddress) && Frames.dstPort(d, f) == targetPort) {
        synSources.add(src);
      }
    }
    assertThat(cap.records()).hasSize((int) PACKETS);
    assertThat(t.floodSources()).isEqualTo(floodSources);
    // the flood target is also a web server: benign clients and a vertical scanner send it SYNs too
    synSources.removeAll(t.benignClients());
    t.scanners().forEach(s -> synSources.remove(s.source()));
    assertThat(synSources).hasSize(floodSources);
    assertThat(allSources).containsAll(t.scanners().stream().map(GroundTruth.Scanner::source).toList());
  }

  @Test
  void tooFewPacketsForTheScansIsRejected() {
    assertThatThrownBy(() -> SyntheticCaptureGenerator.generate(
            SyntheticCaptureGenerator.Config.of(5_000, SEED), dir.resolve("small.pcap")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ask for at least");
  }

  @Test
  void verticalPingSweepIsRejected() {
    assertThatThrownBy(() -> new ScanSpec(Technique.PING_SWEEP, ScanPattern.VERTICAL, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertSignature(Technique technique, byte[] d, int f) {
    int proto = Frames.protocol(d, f);
    boolean v6 = Frames.ipv6(d, f);
    switch (technique) {
      case SYN:
      case CONNECT:
        assertThat(proto).isEqualTo(6);
        assertThat(Frames.tcpFlags(d, f)).isEqualTo(0x02);
        // connect() SYNs carry the OS option set, raw SYNs only MSS
        int dataOffset = ((d[Frames.transport(d, f) + 12] & 0xff) >>> 4) * 4;
        assertThat(dataOffset).isEqualTo(technique == Technique.CONNECT ? 40 : 24);
        break;
      case FIN:
        assertThat(Frames.tcpFlags(d, f)).isEqualTo(0x01);
        break;
      case NULL:
        assertThat(proto).isEqualTo(6);
        assertThat(Frames.tcpFlags(d, f)).isZero();
        break;
      case XMAS:
        assertThat(Frames.tcpFlags(d, f)).isEqualTo(0x29);
        break;
      case ACK:
        assertThat(Frames.tcpFlags(d, f)).isEqualTo(0x10);
        break;
      case UDP:
        assertThat(proto).isEqualTo(17);
        break;
      default:
        assertThat(proto).isEqualTo(v6 ? 58 : 1);
        assertThat(Frames.icmpType(d, f)).isEqualTo(v6 ? 128 : 8);
    }
  }

  private static void assertRecordsSane(CaptureFileReader.Capture cap) {
    long previous = Long.MIN_VALUE;
    for (CaptureFileReader.Rec r : cap.records()) {
      assertThat(r.tsNanos()).isGreaterThanOrEqualTo(previous);
      previous = r.tsNanos();
      assertThat(r.inclLen()).isLessThanOrEqualTo(r.origLen());
      assertThat(r.origLen()).isBetween(MIN_FRAME, MAX_FRAME);
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
