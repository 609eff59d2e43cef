package io.porthunter.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Placeholder until the capture branch lands its formatter. */
public final class IpText {
  private IpText() {}

  public static String format(long hi, long lo) {
    byte[] b;
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
      b = new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
    } else {
      b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[8 + i] = (byte) (lo >>> (56 - 8 * i));
      }
    }
    try {
      return InetAddress.getByAddress(b).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
