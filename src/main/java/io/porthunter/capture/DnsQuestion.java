package io.porthunter.capture;

/**
 * Recognises two questions a resolving host asks of its own accord, in a DNS standard query (RFC 1035
 * §4.1.1: QR clear, opcode 0) asking one question; no scanner's DNS probe asks either (nmap sends a
 * status request, masscan asks {@code version.bind}, zmap a name of the user's choosing):
 * <ul>
 *   <li>a reverse lookup: type PTR, for a name under {@code in-addr.arpa} (RFC 1035 §3.5) or {@code
 *       ip6.arpa} (RFC 3596 §2.5), which a host sends for the addresses it talks to (nmap without
 *       {@code -n}, a logger, a mail server);</li>
 *   <li>a priming query: type NS for the root (RFC 8109), which a recursive resolver sends to the root
 *       servers of its hints when it starts, and again while none answers.</li>
 * </ul>
 */
final class DnsQuestion {
  /** {@link #kind}: neither question. */
  static final int OTHER = 0;
  static final int REVERSE_LOOKUP = 1;
  static final int ROOT_PRIMING = 2;

  private static final int QTYPE_NS = 2;
  private static final int QTYPE_PTR = 12;
  /** RFC 1035 §2.3.4: labels of 63 bytes at most; a length byte above that is a pointer or reserved. */
  private static final int MAX_LABEL = 63;
  private static final int MAX_NAME = 255;
  private static final byte[] ARPA = {'a', 'r', 'p', 'a'};
  private static final byte[] IN_ADDR = {'i', 'n', '-', 'a', 'd', 'd', 'r'};
  private static final byte[] IP6 = {'i', 'p', '6'};

  private DnsQuestion() {}

  /**
   * Which of the two the DNS message in {@code b[at, end)} (the captured part of a UDP payload) asks:
   * {@link #REVERSE_LOOKUP}, {@link #ROOT_PRIMING} or {@link #OTHER}.
   */
  static int kind(byte[] b, int at, int end) {
    if (end - at < DnsHeader.LENGTH || (Bytes.u16(b, at + DnsHeader.FLAGS) & DnsHeader.QR_AND_OPCODE) != 0
        || Bytes.u16(b, at + DnsHeader.QDCOUNT) != 1) {
      return OTHER;
    }
    int label = at + DnsHeader.LENGTH;
    int before = -1; // the label before the last one read, and the last one
    int last = -1;
    while (label < end) {
      int length = Bytes.u8(b, label);
      if (length == 0) {
        int type = label + 3 <= end ? Bytes.u16(b, label + 1) : -1;
        if (type == QTYPE_NS && last < 0) {
          return ROOT_PRIMING;
        }
        return type == QTYPE_PTR && before >= 0 && labelIs(b, last, ARPA)
            && (labelIs(b, before, IN_ADDR) || labelIs(b, before, IP6)) ? REVERSE_LOOKUP : OTHER;
      }
      // the name's octets so far, this label's and the root's zero byte: 255 at most (RFC 1035 §2.3.4)
      if (length > MAX_LABEL || label - at - DnsHeader.LENGTH + length + 2 > MAX_NAME) {
        return OTHER;
      }
      before = last;
      last = label;
      label += length + 1;
    }
    return OTHER;
  }

  /** Whether the label whose length byte is at {@code at} spells {@code word}, in any case (RFC 4343). */
  private static boolean labelIs(byte[] b, int at, byte[] word) {
    if (Bytes.u8(b, at) != word.length) {
      return false;
    }
    for (int i = 0; i < word.length; i++) {
      if ((b[at + 1 + i] | 0x20) != word[i]) {
        return false;
      }
    }
    return true;
  }
}
