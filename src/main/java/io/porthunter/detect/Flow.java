package io.porthunter.detect;

/**
 * One conversation between an initiator (a) and a responder (b) on (aPort, bPort, protocol), and
 * what each side showed. ICMP queries use the query type as aPort and 0 as bPort. Mutable: only
 * the single-threaded {@link ConversationTracker} touches it.
 */
final class Flow {
  // what the responder did
  static final int SYN_ACK = 1;
  static final int RESP_RST = 1 << 1;
  static final int RESP_DATA = 1 << 2;
  static final int RESP_ACK = 1 << 3;
  static final int RESP_FIN = 1 << 4;
  static final int REPLY = 1 << 5;
  static final int ICMP_PORT_UNREACHABLE = 1 << 6;
  static final int ICMP_PROHIBITED = 1 << 7;
  static final int ICMP_UNREACHABLE = 1 << 8;
  // what the initiator did after opening
  static final int HANDSHAKE_DONE = 1 << 9;
  static final int INIT_DATA = 1 << 10;
  static final int INIT_RST = 1 << 11;
  static final int INIT_FIN = 1 << 12;
  /** First seen mid-conversation (data, or a teardown): a conversation, never a probe. */
  static final int MIDSTREAM = 1 << 13;

  final long aHi;
  final long aLo;
  final long bHi;
  final long bLo;
  final int aPort;
  final int bPort;
  final int protocol;
  final int hash;

  /** Technique of the initiator's opening packet; null while only answers were seen. */
  Technique technique;
  long firstTs = Long.MAX_VALUE;
  long firstFrame;
  int firstFlags;
  long firstSeq = -1;
  long lastTs;
  int initiatorPackets;
  int responderPackets;
  int bits;

  Flow(long aHi, long aLo, long bHi, long bLo, int aPort, int bPort, int protocol, int hash) {
    this.aHi = aHi;
    this.aLo = aLo;
    this.bHi = bHi;
    this.bLo = bLo;
    this.aPort = aPort;
    this.bPort = bPort;
    this.protocol = protocol;
    this.hash = hash;
  }

  boolean has(int bit) {
    return (bits & bit) != 0;
  }

  /** A reset from either side, or both FINs: later packets are stragglers of this conversation. */
  boolean closed() {
    return has(RESP_RST) || has(INIT_RST) || (has(INIT_FIN) && has(RESP_FIN));
  }

  boolean matches(long aHi, long aLo, long bHi, long bLo, int aPort, int bPort, int protocol) {
    return this.aLo == aLo && this.bLo == bLo && this.aPort == aPort && this.bPort == bPort
        && this.aHi == aHi && this.bHi == bHi && this.protocol == protocol;
  }

  static int hash(long aHi, long aLo, long bHi, long bLo, int aPort, int bPort, int protocol) {
    long h = aHi * 0x9E3779B97F4A7C15L;
    h = (h ^ aLo) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ bHi) * 0x9E3779B97F4A7C15L;
    h = (h ^ bLo) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ (((long) aPort << 24) | ((long) bPort << 8) | protocol)) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }
}
