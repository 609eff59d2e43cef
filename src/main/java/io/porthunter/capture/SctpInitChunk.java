package io.porthunter.capture;

/**
 * An SCTP INIT chunk's fixed fields (RFC 9260 section 3.3.2): after the chunk header (type, flags,
 * length) and the Initiate Tag, the Advertised Receiver Window Credit (a_rwnd) and the Number of
 * Outbound and Inbound Streams, values a stack derives from its settings and a scanner writes as
 * constants.
 */
final class SctpInitChunk {
  static final int TYPE = 1;
  private static final int A_RWND = 8;
  private static final int OUTBOUND_STREAMS = 12;
  private static final int INBOUND_STREAMS = 14;
  /** Through the Initial TSN: the chunk's fixed part, before its optional parameters. */
  static final int FIXED_LENGTH = 20;

  private SctpInitChunk() {}

  /** Reads the fields of the INIT chunk at {@code chunk}, {@link #FIXED_LENGTH} bytes of it captured. */
  static void read(byte[] b, int chunk, Packet p) {
    p.sctpInitArwnd = Bytes.u32(b, chunk + A_RWND);
    p.sctpInitOutboundStreams = Bytes.u16(b, chunk + OUTBOUND_STREAMS);
    p.sctpInitInboundStreams = Bytes.u16(b, chunk + INBOUND_STREAMS);
  }
}
