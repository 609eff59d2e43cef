package io.porthunter.report;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IPv4/IPv6 literals only: a host name is rejected, never resolved. */
public final class IpLiteral {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiteral() {}

  /** The address, or null when the text is not an IP literal. */
  public static InetAddress parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    boolean v4 = IPV4.matcher(t).matches();
    boolean v6 = !v4 && t.indexOf(':') >= 0 && IPV6_CHARS.matcher(t).matches();
    if (!v4 && !v6) {
      return null;
    }
    try {
      // A literal of these characters is parsed, not looked up.
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
