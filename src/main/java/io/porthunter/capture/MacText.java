package io.porthunter.capture;

import java.util.Locale;

/** A 48-bit link-layer address ({@link Packet#linkSource}) as tshark prints it: six lower-case hex pairs. */
public final class MacText {
  private static final int OCTETS = 6;

  private MacText() {}

  public static String format(long mac) {
    StringBuilder text = new StringBuilder(3 * OCTETS - 1);
    for (int i = OCTETS - 1; i >= 0; i--) {
      text.append(String.format(Locale.ROOT, "%02x", (mac >>> (Byte.SIZE * i)) & 0xFF));
      if (i > 0) {
        text.append(':');
      }
    }
    return text.toString();
  }
}
