package io.porthunter.bench;

/** RFC 1071 Internet checksum helpers over an accumulating, unfolded sum. */
final class Checksum {
  private Checksum() {}

  /** Adds {@code len} bytes starting at {@code off} as big-endian 16-bit words (odd tail zero-padded). */
  static long add(long sum, byte[] b, int off, int len) {
    int end = off + (len & ~1);
    for (int i = off; i < end; i += 2) {
      sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if ((len & 1) != 0) {
      sum += (b[off + len - 1] & 0xff) << 8;
    }
    return sum;
  }

  /** Folds the carries and complements: the value to store in the checksum field. */
  static int finish(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }
}
