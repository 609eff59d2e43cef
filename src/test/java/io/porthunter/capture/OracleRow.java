package io.porthunter.capture;

/** A decoded packet in the column layout of the shared {@code *.oracle.tsv} files (tshark fields). */
final class OracleRow {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private OracleRow() {}

  static String of(Packet p) {
    boolean ip = p.ipVersion != 0;
    boolean tcp = p.protocol == IpProtocol.TCP;
    boolean udp = p.protocol == IpProtocol.UDP;
    return String.join("\t",
        Long.toString(p.frame),
        epoch(p.tsNanos),
        Decoded.source(p),
        Decoded.destination(p),
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

  /** Seconds since the epoch with 9 fraction digits, as tshark's {@code frame.time_epoch}. */
  private static String epoch(long nanos) {
    long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
    long fraction = Math.floorMod(nanos, NANOS_PER_SECOND);
    return seconds + "." + Long.toString(NANOS_PER_SECOND + fraction).substring(1);
  }
}
