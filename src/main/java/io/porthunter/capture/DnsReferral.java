package io.porthunter.capture;

import static io.porthunter.capture.Bytes.i64;
import static io.porthunter.capture.Bytes.u16;
import static io.porthunter.capture.Bytes.u8;

/**
 * Reads the name servers' addresses a DNS referral gives (RFC 1034 §4.3.2 step 3b; RFC 1035 §4.1): a
 * response (QR set, opcode 0, no error) with no answer, the zone's NS records in its authority
 * section and their addresses (glue, A and AAAA records) in its additional section. A recursive
 * resolver asks those servers next, so its questions to them are no sweep of DNS servers, answered
 * or not.
 */
final class DnsReferral {
  /** A question's QTYPE and QCLASS after its name. */
  private static final int QUESTION_FIXED = 4;
  /** A resource record's TYPE, CLASS, TTL and RDLENGTH after its name; RDLENGTH its last two bytes. */
  private static final int RR_FIXED = 10;
  private static final int RR_CLASS = 2;
  private static final int RR_RDLENGTH = 8;
  private static final int TYPE_A = 1;
  private static final int TYPE_NS = 2;
  private static final int TYPE_AAAA = 28;
  private static final int CLASS_IN = 1;
  private static final int IPV4_LENGTH = 4;
  private static final int IPV6_LENGTH = 16;
  /** A length byte's top two bits set: a compression pointer, two bytes, ending the name. */
  private static final int POINTER = 0xC0;

  private DnsReferral() {}

  /**
   * The servers' addresses the DNS message in {@code b[at, end)} (a UDP payload as captured) refers
   * its asker to, stored in {@code p}'s {@link Packet#dnsReferredServers}, up to {@link
   * Packet#MAX_REFERRED_SERVERS}; none when it is no referral, or the capture cut it before them.
   */
  static void read(byte[] b, int at, int end, Packet p) {
    if (end - at < DnsHeader.LENGTH) {
      return;
    }
    // a response to a standard query, with no error; a referral leaves AA clear (RFC 1034 §4.3.2), a
    // zone's own NODATA sets it
    int flags = u16(b, at + DnsHeader.FLAGS);
    if ((flags & (DnsHeader.QR_AND_OPCODE | DnsHeader.AA | DnsHeader.RCODE)) != DnsHeader.QR
        || u16(b, at + DnsHeader.ANCOUNT) != 0 || u16(b, at + DnsHeader.NSCOUNT) == 0
        || u16(b, at + DnsHeader.ARCOUNT) == 0) {
      return;
    }
    int i = at + DnsHeader.LENGTH;
    for (int q = u16(b, at + DnsHeader.QDCOUNT); q > 0 && i >= 0; q--) {
      i = skipName(b, i, end);
      i = i < 0 || i + QUESTION_FIXED > end ? -1 : i + QUESTION_FIXED;
    }
    boolean delegates = false;
    for (int n = u16(b, at + DnsHeader.NSCOUNT); n > 0 && i >= 0; n--) {
      int fixed = skipName(b, i, end);
      delegates |= fixed >= 0 && fixed + RR_FIXED <= end && u16(b, fixed) == TYPE_NS
          && u16(b, fixed + RR_CLASS) == CLASS_IN;
      i = skipRecord(b, fixed, end);
    }
    if (delegates && p.dnsReferredHi == null) {
      p.dnsReferredHi = new long[Packet.MAX_REFERRED_SERVERS];
      p.dnsReferredLo = new long[Packet.MAX_REFERRED_SERVERS];
    }
    int servers = 0;
    for (int n = u16(b, at + DnsHeader.ARCOUNT); n > 0 && delegates && i >= 0 && servers < Packet.MAX_REFERRED_SERVERS; n--) {
      int fixed = skipName(b, i, end);
      i = skipRecord(b, fixed, end);
      if (i < 0 || u16(b, fixed + RR_CLASS) != CLASS_IN) {
        continue;
      }
      int type = u16(b, fixed);
      int length = u16(b, fixed + RR_RDLENGTH);
      int data = fixed + RR_FIXED;
      if (type == TYPE_A && length == IPV4_LENGTH) {
        p.dnsReferredHi[servers] = 0;
        p.dnsReferredLo[servers++] = Packet.IPV4_MAPPED_MARK | Bytes.u32(b, data);
      } else if (type == TYPE_AAAA && length == IPV6_LENGTH) {
        p.dnsReferredHi[servers] = i64(b, data);
        p.dnsReferredLo[servers++] = i64(b, data + 8);
      }
    }
    p.dnsReferredServers = servers;
  }

  /** Where the name at {@code i} ends (after its zero byte or pointer); -1 when it runs past {@code end}. */
  private static int skipName(byte[] b, int i, int end) {
    while (i >= 0 && i < end) {
      int length = u8(b, i);
      if (length == 0) {
        return i + 1;
      }
      if ((length & POINTER) == POINTER) {
        return i + 2 <= end ? i + 2 : -1;
      }
      // 0x40 and 0x80 are reserved label types (RFC 6891 retired the extended ones): no name to read
      i = (length & POINTER) != 0 ? -1 : i + 1 + length;
    }
    return -1;
  }

  /** Where the record whose fixed part starts at {@code fixed} ends; -1 when it runs past {@code end}. */
  private static int skipRecord(byte[] b, int fixed, int end) {
    if (fixed < 0 || fixed + RR_FIXED > end) {
      return -1;
    }
    int next = fixed + RR_FIXED + u16(b, fixed + RR_RDLENGTH);
    return next <= end ? next : -1;
  }
}
