package io.porthunter.detect;

/** nmap -D scans with a live decoy, scripted on the wire for the decoy rule's tests. */
final class DecoyScans {
  static final String SCANNER = "10.0.0.1";
  static final String LIVE_DECOY = "10.0.0.4";
  static final String TARGET = "10.0.0.5";
  static final long SCANNER_MAC = 0x0257_0000_0001L;
  static final long DECOY_MAC = 0x0257_0000_0004L;
  static final long TARGET_MAC = 0x0257_0000_0005L;

  private DecoyScans() {}

  /**
   * nmap -D 10.0.0.4,ME of ports 1-30 of {@link #TARGET}, from {@code probePort}: each probe copied
   * from the live decoy just before the scanner's own, every copy sent from the station {@code
   * probesFrom}, and each reset by the target. {@code afterFirstCopy} adds what the capture shows
   * right after the first copy (the ARP exchanges it drew).
   */
  static void liveDecoyScan(Wire wire, long probesFrom, int probePort, Runnable afterFirstCopy) {
    for (int port = 1; port <= 30; port++) {
      wire.at(port * 0.01);
      for (String src : new String[] {LIVE_DECOY, SCANNER}) {
        wire.linkSource = probesFrom;
        wire.tcp(src, probePort, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
        if (port == 1 && src.equals(LIVE_DECOY)) {
          afterFirstCopy.run();
        }
        wire.linkSource = TARGET_MAC;
        wire.tcp(TARGET, port, src, probePort, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  /** The target asks for {@code address} by ARP, and {@code station} answers for it. */
  static void arpAnswered(Wire wire, String address, long station) {
    wire.linkSource = TARGET_MAC;
    wire.arp(1, TARGET, address);
    wire.linkSource = station;
    wire.arp(2, address, TARGET);
  }
}
