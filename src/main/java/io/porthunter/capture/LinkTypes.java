package io.porthunter.capture;

/** LINKTYPE_* numbers the decoder understands, and their libpcap names. */
public final class LinkTypes {
  /** BSD loopback: 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;
  public static final int ETHERNET = 1;
  /** PPP, with or without HDLC-like address and control bytes (RFC 1661, RFC 1662). */
  public static final int PPP = 9;
  public static final int PPP_HDLC = 50;
  /** Raw IP under the numbers some BSDs used for DLT_RAW. */
  public static final int RAW_BSD_12 = 12;
  public static final int RAW_BSD_14 = 14;
  public static final int RAW = 101;
  /** OpenBSD loopback: address family in network byte order. */
  public static final int LOOP = 108;
  public static final int LINUX_SLL = 113;
  public static final int IPV4 = 228;
  public static final int IPV6 = 229;
  public static final int LINUX_SLL2 = 276;

  private LinkTypes() {}

  /** libpcap's name (as capinfos prints it), or {@code LINKTYPE_<n>} for others. */
  public static String name(int linkType) {
    switch (linkType) {
      case NULL:
        return "NULL";
      case ETHERNET:
        return "EN10MB";
      case RAW_BSD_12:
      case RAW_BSD_14:
      case RAW:
        return "RAW";
      case LOOP:
        return "LOOP";
      case PPP:
        return "PPP";
      case PPP_HDLC:
        return "PPP_HDLC";
      case LINUX_SLL:
        return "LINUX_SLL";
      case IPV4:
        return "IPV4";
      case IPV6:
        return "IPV6";
      case LINUX_SLL2:
        return "LINUX_SLL2";
      default:
        return "LINKTYPE_" + linkType;
    }
  }
}
