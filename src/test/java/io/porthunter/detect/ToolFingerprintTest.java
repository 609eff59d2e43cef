package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tool rules ({@link ToolFingerprint}) on scripted probes: which tool, how sure, on what evidence. */
class ToolFingerprintTest {
  private static final String SCANNER = "203.0.113.7";
  private static final String TARGET = "10.0.0.5";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private ScannerVerdict only() {
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
    assertThat(a.scanners()).hasSize(1);
    return a.scanners().get(0);
  }

  @Test
  void masscansIpv4CookieIsItsSignature() {
    // masscan over IPv4: IP ID = (destination ^ destination port ^ sequence) mod 2^16, window 1024,
    // TTL 255, SYNs without options; the cookie alone names it with the signature's confidence
    wire.ttl = 255;
    long seq = 0x1234_5678L;
    for (int port = 1; port <= 30; port++) {
      wire.ipId = (int) ((0x0A00_0005L ^ port ^ seq) & 0xFFFF); // 10.0.0.5
      wire.tcp(SCANNER, 61000, TARGET, port, TcpFlags.SYN, 0, 1024, seq);
      wire.tcp(TARGET, port, SCANNER, 61000, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("masscan");
    assertThat(tool.confidence()).isEqualTo(0.95);
    assertThat(tool.evidence()).containsExactly(
        "30/30 probes with IP ID = dst ^ dport ^ seq (masscan's stateless cookie)",
        "30/30 probes with window 1024", "30/30 probes with TTL >= 250 (sent as 255)");
  }

  @Test
  void window512IsHping3sDefault() {
    // hping3 --scan 1-30 -S: window 512, one source port per probe, incremented
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 2000 + port, TARGET, port, TcpFlags.SYN, 0, 512, 7);
      wire.tcp(TARGET, port, SCANNER, 2000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("hping3");
    assertThat(tool.confidence()).isEqualTo(0.85);
    assertThat(tool.evidence()).containsExactly("30/30 probes with window 512 (hping3's default)",
        "source ports one contiguous run of 30 (incremented per probe)");
  }

  @Test
  void window16384IsUnicornscans() {
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 16384, 7);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("unicornscan");
    assertThat(tool.confidence()).isEqualTo(0.7);
    assertThat(tool.evidence()).containsExactly("30/30 probes with window 16384 (unicornscan)");
  }

  @Test
  void aTraitInExactlyTheMinimumShareOfTheProbesNamesTheTool() {
    // 24 of 30 probes (toolMinShare, 0.8) with hping3's window; the rest with a stack's
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 2000 + port, TARGET, port, TcpFlags.SYN, 0, port <= 24 ? 512 : 64240, 7);
      wire.tcp(TARGET, port, SCANNER, 2000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("hping3");
    assertThat(tool.evidence()).first().isEqualTo("24/30 probes with window 512 (hping3's default)");
  }
}
