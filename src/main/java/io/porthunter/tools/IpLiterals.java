package io.porthunter.tools;

import io.porthunter.config.ErrorCode;
import io.porthunter.config.ToolFailure;
import io.porthunter.report.IpLiteral;
import java.net.InetAddress;

/** IP address literals for the tools: {@link IpLiteral}, refusing anything else as {@code invalid_ip}. */
public final class IpLiterals {
  private IpLiterals() {}

  public static InetAddress parse(String text) throws ToolFailure {
    InetAddress address = IpLiteral.parse(text);
    if (address == null) {
      throw new ToolFailure(ErrorCode.INVALID_IP, "'" + text + "' is not an IPv4 or IPv6 address literal");
    }
    return address;
  }
}
