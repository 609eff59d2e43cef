package io.porthunter.detect;

import java.util.List;
import java.util.function.Consumer;

/** nmap -D scans, with a live decoy or dead ones, scripted on the wire for the decoy rule's tests. */
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

  /**
   * nmap -D of ports 1-30 of {@code target} with dead decoys on its LAN: each probe sent from every
   * decoy's address, then from the scanner's, all from the station {@code scannerMac}. The target asks
   * for each decoy in order to answer it ({@code asksFor}, at ports 1, 11 and 21: its kernel asks again
   * after a while); no one replies, so of its answers only its resets of the scanner's probes leave.
   */
  static void deadDecoyScan(Wire wire, String target, long targetMac, String scanner, long scannerMac,
      List<String> decoys, Consumer<String> asksFor) {
    for (int port = 1; port <= 30; port++) {
      for (int d = 0; d <= decoys.size(); d++) {
        String from = d < decoys.size() ? decoys.get(d) : scanner;
        wire.linkSource = scannerMac;
        wire.tcp(from, 45000, target, port, TcpFlags.SYN, 0, 1024, 7);
        if (d < decoys.size() && port % 10 == 1) {
          asksFor.accept(from);
        }
      }
      wire.linkSource = targetMac;
      wire.tcp(target, port, scanner, 45000, TcpFlags.RST | TcpFlags.ACK);
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
