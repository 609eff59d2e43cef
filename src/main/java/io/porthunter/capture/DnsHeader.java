package io.porthunter.capture;

/**
 * The DNS message header (RFC 1035 §4.1.1), as offsets into the message and masks of its flags word:
 * the one layout {@link DnsQuestion}, {@link DnsReferral} and the decoder's answer check read.
 */
final class DnsHeader {
  /** The header's length: the first question starts after it. */
  static final int LENGTH = 12;
  static final int FLAGS = 2;
  static final int QDCOUNT = 4;
  /** Where the question count ends: the flags and it tell an answer from a query. */
  static final int QDCOUNT_END = 6;
  static final int ANCOUNT = 6;
  static final int NSCOUNT = 8;
  static final int ARCOUNT = 10;
  /** QR: set in a response. */
  static final int QR = 0x8000;
  /** QR and the opcode: all clear in a standard query, QR alone in a response to one. */
  static final int QR_AND_OPCODE = 0xF800;
  /** Authoritative answer. */
  static final int AA = 0x0400;
  static final int RCODE = 0x000F;

  private DnsHeader() {}
}
