package io.porthunter.bench;

import java.nio.charset.StandardCharsets;

/**
 * A fixed byte template whose prefixes serve as packet payloads, with the Internet checksum of
 * every prefix precomputed so a segment's checksum costs O(header), not O(payload).
 */
final class Payload {
  private final byte[] bytes;
  /** prefixSum[n] = unfolded 16-bit one's-complement sum of bytes[0..n), odd tail padded with zero. */
  private final long[] prefixSum;

  private Payload(byte[] bytes) {
    this.bytes = bytes;
    this.prefixSum = new long[bytes.length + 1];
    long sum = 0;
    for (int n = 1; n <= bytes.length; n++) {
      int b = bytes[n - 1] & 0xff;
      // byte n-1 is the high half of its word when its index is even
      sum += (n - 1) % 2 == 0 ? b << 8 : b;
      prefixSum[n] = sum;
    }
  }

  /** A template of exactly {@code length} bytes: {@code head} followed by printable filler. */
  static Payload text(String head, int length) {
    byte[] b = new byte[length];
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(h, 0, b, 0, Math.min(h.length, length));
    for (int i = h.length; i < length; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return new Payload(b);
  }

  static Payload raw(byte[] bytes) {
    return new Payload(bytes.clone());
  }

  int maxLength() {
    return bytes.length;
  }

  void copyTo(byte[] dst, int off, int length) {
    System.arraycopy(bytes, 0, dst, off, length);
  }

  /** Checksum contribution of the first {@code length} bytes when they start on an even offset. */
  long sum(int length) {
    return prefixSum[length];
  }
}
