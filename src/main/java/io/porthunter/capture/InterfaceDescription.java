package io.porthunter.capture;

import java.math.BigInteger;

/**
 * One capture interface: a pcapng Interface Description Block, or the single implicit interface of a
 * classic pcap file.
 *
 * @param linkType         LINKTYPE_* of the interface's frames
 * @param snapLength       largest number of bytes stored per frame, 0 for no limit
 * @param tsResolution     raw {@code if_tsresol} byte: low 7 bits are a negative power of 10, or of 2
 *                         when the high bit is set (6 = µs, the default; 9 = ns)
 * @param tsOffsetSeconds  {@code if_tsoffset}: seconds added to every timestamp of the interface
 */
public record InterfaceDescription(
    int linkType, int snapLength, int tsResolution, long tsOffsetSeconds) {
  /** pcapng's resolution when an interface names none. */
  public static final int DEFAULT_TS_RESOLUTION = 6;
  public static final int NANOSECOND_TS_RESOLUTION = 9;

  private static final int BASE_TWO_FLAG = 0x80;
  private static final int NANO_DIGITS = 9;
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /**
   * Converts a timestamp in the interface's units (an unsigned 64-bit count) to nanoseconds since
   * the epoch. A hostile file's values beyond the years 1677-2262 saturate instead of wrapping to
   * times that look valid.
   */
  public long toNanos(long units) {
    long scaled = scale(units);
    long offset = saturatingMultiply(tsOffsetSeconds, Timestamps.NANOS_PER_SECOND);
    if (scaled == Long.MAX_VALUE || offset == Long.MIN_VALUE || offset == Long.MAX_VALUE) {
      // a saturated part added to another (2^64-1 seconds and an offset of -2^63 seconds made -1 ns,
      // a time in 1969): the sum taken exactly, then saturated
      return exactNanos(units);
    }
    return saturatingAdd(scaled, offset);
  }

  /** {@link #toNanos} computed without bounds, then held within a long's range; the rare hostile case. */
  private long exactNanos(long units) {
    BigInteger count = new BigInteger(Long.toUnsignedString(units));
    int exponent = tsResolution & ~BASE_TWO_FLAG;
    BigInteger scaled;
    if ((tsResolution & BASE_TWO_FLAG) == 0) {
      scaled = exponent <= NANO_DIGITS ? count.multiply(BigInteger.TEN.pow(NANO_DIGITS - exponent))
          : count.divide(BigInteger.TEN.pow(exponent - NANO_DIGITS));
    } else {
      scaled = exponent >= Long.SIZE ? BigInteger.ZERO
          : count.multiply(BigInteger.valueOf(Timestamps.NANOS_PER_SECOND)).shiftRight(exponent);
    }
    BigInteger total = scaled.add(BigInteger.valueOf(tsOffsetSeconds).multiply(BigInteger.valueOf(Timestamps.NANOS_PER_SECOND)));
    return total.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
  }

  private long scale(long units) {
    int exponent = tsResolution & ~BASE_TWO_FLAG;
    if ((tsResolution & BASE_TWO_FLAG) == 0) {
      if (exponent <= NANO_DIGITS) {
        return units < 0 ? Long.MAX_VALUE : saturatingMultiply(units, POW10[NANO_DIGITS - exponent]);
      }
      int shorter = exponent - NANO_DIGITS;
      return shorter < POW10.length ? Long.divideUnsigned(units, POW10[shorter]) : 0;
    }
    if (exponent >= Long.SIZE) {
      return 0;
    }
    long seconds = exponent == 0 ? units : units >>> exponent;
    long whole = seconds < 0 ? Long.MAX_VALUE : saturatingMultiply(seconds, Timestamps.NANOS_PER_SECOND);
    return exponent == 0 ? whole : saturatingAdd(whole, binaryFractionNanos(units & ((1L << exponent) - 1), exponent));
  }

  /**
   * {@code fraction / 2^bits} of a second in whole nanoseconds, rounded down like tshark, exactly: the
   * product with 10^9 needs up to 93 bits, so it is formed in 128 (both factors are non-negative, so
   * the signed high half is the unsigned one).
   */
  private static long binaryFractionNanos(long fraction, int bits) {
    long high = Math.multiplyHigh(fraction, Timestamps.NANOS_PER_SECOND);
    long low = fraction * Timestamps.NANOS_PER_SECOND;
    return (high << (Long.SIZE - bits)) | (low >>> bits);
  }

  private static long saturatingMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
      return low;
    }
    return (a ^ b) < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** Decimal fraction digits the interface's timestamps need: 6 for µs, 9 for ns or finer. */
  public int fractionDigits() {
    if ((tsResolution & BASE_TWO_FLAG) != 0) {
      return NANO_DIGITS;
    }
    return Math.min(NANO_DIGITS, tsResolution);
  }
}
