package io.porthunter.detect;

/** The addresses that sent traffic, kept compactly for "was this address seen?" questions. */
public final class SenderSet {
  private final AddressMap<Long> packets;

  SenderSet(AddressMap<Long> packets) {
    this.packets = packets;
  }

  /** Packets sent by the address (16 bytes, or 4 for IPv4), 0 when it sent none. */
  public long packetsSent(byte[] address) {
    long hi;
    long lo;
    if (address.length == 4) {
      hi = 0;
      lo = (0xFFFFL << 32) | (Integer.toUnsignedLong(
          ((address[0] & 0xFF) << 24) | ((address[1] & 0xFF) << 16) | ((address[2] & 0xFF) << 8) | (address[3] & 0xFF)));
    } else {
      hi = toLong(address, 0);
      lo = toLong(address, 8);
    }
    Long n = packets.get(hi, lo);
    return n == null ? 0 : n;
  }

  public int size() {
    return packets.size();
  }

  private static long toLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }
}
