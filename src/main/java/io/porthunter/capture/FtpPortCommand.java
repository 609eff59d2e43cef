package io.porthunter.capture;

/**
 * An FTP client's PORT command (RFC 959 section 4.1.2), {@code PORT h1,h2,h3,h4,p1,p2}: the IPv4
 * address and port the server is to connect to for the next transfer. A client names itself; a
 * command naming another host has the server connect there on its behalf, the FTP bounce (RFC 2577)
 * nmap's {@code -b} scans through.
 */
final class FtpPortCommand {
  private static final int VERB_LENGTH = 5; // "PORT "
  private static final int FIELDS = 6;
  private static final int ADDRESS_FIELDS = 4;
  private static final int MAX_DIGITS = 3;
  private static final int MAX_FIELD = 255;

  private FtpPortCommand() {}

  /**
   * Reads a PORT command opening the segment's payload, {@code b[at, end)}, into {@link
   * Packet#ftpPortLo} and {@link Packet#ftpPortPort}; the port is -1 when the payload is none (any
   * other command or reply, a malformed one, or one cut before its line ends).
   */
  static void read(byte[] b, int at, int end, Packet p) {
    p.ftpPortPort = -1;
    if (end - at < VERB_LENGTH || (b[at] | 0x20) != 'p' || (b[at + 1] | 0x20) != 'o' || (b[at + 2] | 0x20) != 'r'
        || (b[at + 3] | 0x20) != 't' || b[at + 4] != ' ') {
      return;
    }
    long address = 0;
    int port = 0;
    int i = at + VERB_LENGTH;
    for (int field = 0; field < FIELDS; field++) {
      int value = 0;
      int digits = 0;
      while (i < end && digits < MAX_DIGITS && b[i] >= '0' && b[i] <= '9') {
        value = value * 10 + (b[i++] - '0');
        digits++;
      }
      if (digits == 0 || value > MAX_FIELD) {
        return;
      }
      if (field < ADDRESS_FIELDS) {
        address = address << 8 | value;
      } else {
        port = port << 8 | value;
      }
      if (field < FIELDS - 1 && (i >= end || b[i++] != ',')) {
        return;
      }
    }
    if (i >= end || (b[i] != '\r' && b[i] != '\n')) {
      return; // more than six numbers, text after them, or cut before the line's end (a number may be too)
    }
    p.ftpPortLo = Packet.IPV4_MAPPED_MARK | address;
    p.ftpPortPort = port;
  }
}
