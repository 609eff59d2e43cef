package io.porthunter.report;

import io.porthunter.capture.IpText;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IPv4/IPv6 literals with the decoder's own strict parser and builds the address from its
 * bytes: no text ever reaches {@link InetAddress#getByName}, so nothing can trigger a DNS lookup.
 */
public final class IpLiteral {
  private IpLiteral() {}

  /** The address, or null when the text is not an IP literal. */
  public static InetAddress parse(String text) {
    long[] address = new long[2];
    if (text == null || !IpText.parse(text.strip(), address)) {
      return null;
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (address[0] >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (address[1] >>> (56 - 8 * i));
    }
    try {
      // IPv4 and IPv4-mapped text both come back as an Inet4Address.
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("16 bytes are always a valid address", impossible);
    }
  }
}
