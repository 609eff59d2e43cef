package io.porthunter.mcp;

import io.porthunter.config.ErrorCode;
import io.porthunter.config.ToolFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS: a string is handed to {@link InetAddress}
 * only once its characters prove it is a literal (InetAddress resolves anything else as a host name).
 */
public final class IpLiterals {
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  /** Dotted quad, no leading zeros (they read as octal in some tools), no shortened forms. */
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  /** Hex groups and colons, optionally ending in a dotted quad; zone ids are not accepted. */
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  /** The longest IPv6 text form (eight groups, or six groups plus a dotted quad). */
  private static final int MAX_LITERAL_LENGTH = 45;

  private IpLiterals() {}

  public static InetAddress parse(String text) throws ToolFailure {
    String s = text == null ? "" : text.strip();
    boolean literal = s.length() <= MAX_LITERAL_LENGTH
        && (IPV4.matcher(s).matches() || IPV6_CHARS.matcher(s).matches());
    if (literal) {
      try {
        // Safe: a string with ':' that starts with a hex digit or ':' is parsed as an IPv6 literal
        // and rejected when malformed; a strict dotted quad is parsed as IPv4. No lookup happens.
        return InetAddress.getByName(s);
      } catch (UnknownHostException malformed) {
        // falls through to the refusal below
      }
    }
    throw new ToolFailure(ErrorCode.INVALID_IP, "'" + text + "' is not an IPv4 or IPv6 address literal");
  }
}
