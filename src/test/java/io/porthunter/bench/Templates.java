package io.porthunter.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Payload templates. Protocol payloads on well-known ports are well-formed (DNS, NTP) so that
 * dissectors such as tshark's do not flag the synthetic file as malformed.
 */
final class Templates {
  /** Largest TCP payload that keeps an IPv4 frame within {@link FrameBuilder#MAX_FRAME}. */
  static final int MAX_TCP_PAYLOAD =
      FrameBuilder.MAX_FRAME - FrameBuilder.ETHERNET_HEADER - FrameBuilder.IPV4_HEADER - FrameBuilder.TCP_HEADER;
  static final int ECHO_DATA = 56;
  static final int NTP_PACKET = 48;
  private static final int NTP_CLIENT_MODE = 0x23; // LI 0, version 4, mode 3 (client)
  private static final int NTP_SERVER_MODE = 0x24; // LI 0, version 4, mode 4 (server)
  private static final String[] DNS_NAMES = {"www.example.com", "mail.example.org", "cdn.example.net", "api.example.com"};
  private static final int DNS_TTL = 300;

  static final Payload HTTP_REQUEST = Payload.text(
      "GET /static/app.js HTTP/1.1\r\nHost: intranet.example\r\nUser-Agent: synthetic/1.0\r\nX-Pad: ", MAX_TCP_PAYLOAD);
  static final Payload HTTP_RESPONSE = Payload.text(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: keep-alive\r\n\r\n", MAX_TCP_PAYLOAD);
  static final Payload ECHO = Payload.text("", ECHO_DATA);
  static final Payload NTP_REQUEST = ntp(NTP_CLIENT_MODE);
  static final Payload NTP_REPLY = ntp(NTP_SERVER_MODE);
  static final Payload[] DNS_QUERIES = new Payload[DNS_NAMES.length];
  static final Payload[] DNS_ANSWERS = new Payload[DNS_NAMES.length];

  static {
    for (int i = 0; i < DNS_NAMES.length; i++) {
      int id = 0x1000 + 0x111 * i;
      DNS_QUERIES[i] = dns(id, DNS_NAMES[i], false);
      DNS_ANSWERS[i] = dns(id, DNS_NAMES[i], true);
    }
  }

  private Templates() {}

  /** Largest TCP payload for a frame of the given address family. */
  static int maxTcpPayload(boolean ipv6) {
    return ipv6 ? MAX_TCP_PAYLOAD - (FrameBuilder.IPV6_HEADER - FrameBuilder.IPV4_HEADER) : MAX_TCP_PAYLOAD;
  }

  private static Payload ntp(int firstByte) {
    byte[] b = new byte[NTP_PACKET];
    b[0] = (byte) firstByte;
    return Payload.raw(b);
  }

  /** RFC 1035 message: one A question, plus one A answer (name compressed to offset 12) if asked. */
  private static Payload dns(int id, String name, boolean answer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    put16(out, id);
    put16(out, answer ? 0x8180 : 0x0100); // response+RD+RA / query+RD
    put16(out, 1); // QDCOUNT
    put16(out, answer ? 1 : 0); // ANCOUNT
    put16(out, 0);
    put16(out, 0);
    for (String label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.write(0);
    put16(out, 1); // type A
    put16(out, 1); // class IN
    if (answer) {
      put16(out, 0xc00c); // pointer to the question name
      put16(out, 1);
      put16(out, 1);
      put16(out, DNS_TTL >>> 16);
      put16(out, DNS_TTL & 0xffff);
      put16(out, 4);
      out.writeBytes(new byte[] {10, 0, 1, (byte) (id & 0x7f)});
    }
    return Payload.raw(out.toByteArray());
  }

  private static void put16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v & 0xff);
  }
}
