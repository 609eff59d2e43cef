package io.porthunter.capture;

/** A decoded packet in the column layout of the shared {@code *.oracle.tsv} files (tshark fields). */
final class OracleRow {
  private OracleRow() {}

  static String of(Packet p) {
    boolean ip = p.ipVersion != 0;
    boolean tcp = p.protocol == FrameDecoder.PROTO_TCP;
    boolean udp = p.protocol == FrameDecoder.PROTO_UDP;
    return String.join("\t",
        Long.toString(p.frame),
        Timestamps.epoch(p.tsNanos),
        IpText.source(p),
        IpText.destination(p),
        ip ? Integer.toString(p.ipHeaderProtocol) : "",
        tcp && p.hasPorts ? Integer.toString(p.srcPort) : "",
        tcp && p.hasPorts ? Integer.toString(p.dstPort) : "",
        tcp && p.hasTcp ? String.format("0x%04x", p.tcpFlags) : "",
        udp && p.hasPorts ? Integer.toString(p.srcPort) : "",
        udp && p.hasPorts ? Integer.toString(p.dstPort) : "",
        Integer.toString(p.origLen),
        Integer.toString(p.capLen),
        p.icmpType >= 0 ? Integer.toString(p.icmpType) : "");
  }
}
