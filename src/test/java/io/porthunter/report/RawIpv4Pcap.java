package io.porthunter.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a small classic pcap of raw IPv4 packets (link type 101), TCP segments, ICMP echo messages and
 * BOOTP datagrams, one per call, in order.
 */
final class RawIpv4Pcap {
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;
  static final int FIN = 0x01;
  static final int ECHO_REQUEST = 8;
  static final int ECHO_REPLY = 0;
  private static final int LINKTYPE_RAW = 101;
  private static final int PROTOCOL_ICMP = 1;
  private static final int PROTOCOL_TCP = 6;
  private static final int PROTOCOL_UDP = 17;
  /** A BOOTP message's fixed part (RFC 951), options not included. */
  private static final int BOOTP_FIXED = 236;
  private static final int ECHO_HEADER = 8;
  private static final int SEGMENT = 40;
  private static final int MORE_FRAGMENTS = 0x2000;
  private static final int STACK_WINDOW = 64240;

  private final List<byte[]> records = new ArrayList<>();

  /** One segment at {@code seconds} after the epoch, {@code payload} zero bytes after the headers. */
  RawIpv4Pcap tcp(double seconds, String src, int sport, String dst, int dport, int flags, int payload) {
    return tcp(seconds, src, sport, dst, dport, flags, payload, STACK_WINDOW);
  }

  /** The same, with the TCP window given. */
  RawIpv4Pcap tcp(double seconds, String src, int sport, String dst, int dport, int flags, int payload, int window) {
    byte[] segment = segment(sport, dport, flags, payload, window);
    records.add(record(seconds, src, dst, PROTOCOL_TCP, 0, 1, segment, 0, segment.length));
    return this;
  }

  /** One ICMP echo request or reply ({@code type}) of the given id and sequence number. */
  RawIpv4Pcap echo(double seconds, String src, String dst, int type, int id, int sequence) {
    byte[] message = ByteBuffer.allocate(ECHO_HEADER).put((byte) type).put((byte) 0).putShort((short) 0)
        .putShort((short) id).putShort((short) sequence).array();
    records.add(record(seconds, src, dst, PROTOCOL_ICMP, 0, 1, message, 0, message.length));
    return this;
  }

  /**
   * One BOOTP message (RFC 951) in a UDP datagram: {@code op} 1 a request, 2 a reply offering
   * {@code yourAddress}, of transaction {@code xid}.
   */
  RawIpv4Pcap bootp(double seconds, String src, int sport, String dst, int dport, int op, int xid,
      String yourAddress) {
    ByteBuffer u = ByteBuffer.allocate(8 + BOOTP_FIXED);
    u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + BOOTP_FIXED)).putShort((short) 0);
    u.put((byte) op).put((byte) 1).put((byte) 6).put((byte) 0).putInt(xid).putInt(0).putInt(0)
        .put(address(yourAddress));
    byte[] datagram = u.array();
    records.add(record(seconds, src, dst, PROTOCOL_UDP, 0, 1, datagram, 0, datagram.length));
    return this;
  }

  /** One segment split into IPv4 fragments of {@code pieceBytes} (a multiple of 8), as nmap -f sends it. */
  RawIpv4Pcap tcpInFragments(double seconds, String src, int sport, String dst, int dport, int flags, int pieceBytes) {
    int pieces = (SEGMENT - 20 + pieceBytes - 1) / pieceBytes;
    for (int piece = 0; piece < pieces; piece++) {
      tcpFragment(seconds + piece * pieceBytes * 1e-6, src, sport, dst, dport, flags, pieceBytes, piece, 1);
    }
    return this;
  }

  /**
   * Fragment {@code piece} (0 for the first) of such a segment, with IP identification {@code id}: for
   * fragments sent out of order or never completed.
   */
  RawIpv4Pcap tcpFragment(double seconds, String src, int sport, String dst, int dport, int flags, int pieceBytes,
      int piece, int id) {
    byte[] segment = segment(sport, dport, flags, 0, STACK_WINDOW);
    int from = piece * pieceBytes;
    int n = Math.min(pieceBytes, segment.length - from);
    int fragment = (from + n < segment.length ? MORE_FRAGMENTS : 0) | (from / 8);
    records.add(record(seconds, src, dst, PROTOCOL_TCP, fragment, id, segment, from, n));
    return this;
  }

  private static byte[] segment(int sport, int dport, int flags, int payload, int window) {
    ByteBuffer t = ByteBuffer.allocate(SEGMENT - 20 + payload);
    t.putShort((short) sport).putShort((short) dport).putInt(1000).putInt((flags & ACK) != 0 ? 2000 : 0)
        .putShort((short) (0x5000 | flags)).putShort((short) window).putShort((short) 0).putShort((short) 0);
    return t.array();
  }

  private static byte[] record(double seconds, String src, String dst, int protocol, int fragment, int id,
      byte[] l4, int from, int n) {
    long micros = Math.round(seconds * 1e6);
    ByteBuffer r = ByteBuffer.allocate(16 + 20 + n).order(ByteOrder.LITTLE_ENDIAN);
    r.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(20 + n).putInt(20 + n);
    r.order(ByteOrder.BIG_ENDIAN);
    r.put((byte) 0x45).put((byte) 0).putShort((short) (20 + n)).putShort((short) id).putShort((short) fragment)
        .put((byte) 64).put((byte) protocol).putShort((short) 0).put(address(src)).put(address(dst));
    r.put(l4, from, n);
    return r.array();
  }

  Path write(Path file) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
        .putInt(LINKTYPE_RAW);
    int size = 24 + records.stream().mapToInt(b -> b.length).sum();
    ByteBuffer all = ByteBuffer.allocate(size).put(header.array());
    records.forEach(all::put);
    return Files.write(file, all.array());
  }

  /**
   * The same packets as a pcapng of simple packet blocks, which carry no time: a section header, one
   * raw-IP interface, then each packet.
   */
  Path writeUntimed(Path file) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(block(0x0A0D0D0A, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0x1A2B3C4D)
        .putShort((short) 1).putShort((short) 0).putLong(-1L).array()));
    out.write(block(1, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) LINKTYPE_RAW)
        .putShort((short) 0).putInt(65535).array()));
    for (byte[] r : records) {
      int length = r.length - 16; // the packet, without its pcap record header
      ByteBuffer body = ByteBuffer.allocate(4 + (length + 3) / 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
      body.putInt(length).put(r, 16, length);
      out.write(block(3, body.array()));
    }
    return Files.write(file, out.toByteArray());
  }

  private static byte[] block(int type, byte[] body) {
    int length = 12 + body.length;
    return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(length).put(body)
        .putInt(length).array();
  }

  private static byte[] address(String dotted) {
    String[] parts = dotted.split("\\.");
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }
}
