package io.porthunter.capture;

import java.nio.charset.StandardCharsets;

/**
 * Recognises the first bytes of a BitTorrent peer's message: the peer wire protocol's handshake (BEP
 * 3: the length 19, then "BitTorrent protocol"), or a DHT node's query (KRPC, BEP 5: a bencoded
 * dictionary whose first key, keys being sorted, is "a", the query's arguments, opening with the
 * node's 20-byte id) or a response whose values ("r") come first (those carrying BEP 42's "ip" key
 * before them are not recognised: only what a client sends is read). A client fails on many peers
 * that went away; these messages tell its swarm from a sweep of the port its peers share.
 */
final class PeerProtocolMessage {
  private static final byte[] HANDSHAKE = "\u0013BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KRPC_QUERY = "d1:ad2:id20:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KRPC_RESPONSE = "d1:rd2:id20:".getBytes(StandardCharsets.US_ASCII);
  /** The first bytes of each: the handshake's protocol name length, a bencoded dictionary's "d". */
  private static final byte HANDSHAKE_LENGTH = 19;
  private static final byte DICTIONARY = 'd';

  private PeerProtocolMessage() {}

  /**
   * Whether the payload captured in {@code b[at, end)}, {@code at < end}, opens with one. Its first
   * byte decides for nearly every payload, in a method small enough for the quick compiler to inline
   * into the decoder.
   */
  static boolean is(byte[] b, int at, int end) {
    return (b[at] == HANDSHAKE_LENGTH || b[at] == DICTIONARY) && opensWithOne(b, at, end);
  }

  private static boolean opensWithOne(byte[] b, int at, int end) {
    if (b[at] == HANDSHAKE_LENGTH) {
      return startsWith(b, at, end, HANDSHAKE);
    }
    return startsWith(b, at, end, KRPC_QUERY) || startsWith(b, at, end, KRPC_RESPONSE);
  }

  private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int i = 1; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
