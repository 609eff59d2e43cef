package io.porthunter.capture;

import static io.porthunter.capture.Bytes.i32;
import static io.porthunter.capture.Bytes.i64;
import static io.porthunter.capture.Bytes.u16;
import static io.porthunter.capture.Bytes.u8;

/**
 * Decodes one frame in place (link layer, IP, TCP/UDP/ICMP) into a {@link Packet}. Every read is
 * guarded by the frame's end, so a snap-length cut or a lying length field only stops the decode
 * at the layer it reaches. One instance per reader: the IPv6 extension-header walk leaves its
 * results in scratch fields instead of allocating.
 */
final class FrameDecoder {
  static final int ETHERTYPE_IPV4 = 0x0800;
  static final int ETHERTYPE_IPV6 = 0x86DD;
  static final int ETHERTYPE_ARP = 0x0806;
  static final int ETHERTYPE_VLAN = 0x8100;
  static final int ETHERTYPE_QINQ = 0x88A8;
  static final int ETHERTYPE_QINQ_OLD = 0x9100;
  static final int ETHERTYPE_MPLS = 0x8847;
  static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
  static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
  static final int PPP_IPV4 = 0x0021;
  static final int PPP_IPV6 = 0x0057;
  static final int PROTO_IPIP = 4;
  static final int PROTO_IPV6_IN_IP = 41;
  static final int PROTO_GRE = 47;
  /** Transparent Ethernet Bridging: the protocol type GRE and GENEVE give a whole Ethernet frame. */
  static final int ETHERTYPE_TRANSPARENT_BRIDGING = 0x6558;
  /** VXLAN (RFC 7348) on its IANA port: an 8-byte header, its I flag set for a valid VNI, then an Ethernet frame. */
  static final int VXLAN_PORT = 4789;
  private static final int VXLAN_HEADER = 8;
  private static final int VXLAN_VNI_VALID = 0x08;
  /**
   * GENEVE (RFC 8926) on its IANA port: version 0, options of 4-byte words, then the payload its
   * protocol type names (an Ethernet frame, or an IP packet).
   */
  static final int GENEVE_PORT = 6081;
  private static final int GENEVE_HEADER = 8;
  /** The low six bits of GENEVE's first byte: its options' length in 4-byte words. */
  private static final int GENEVE_OPTIONS_LENGTH_MASK = 0x3F;
  private static final int PPPOE_HEADER = 6;
  /** An 802.3 frame's type field is a length up to this; LLC/SNAP then names the ethertype. */
  private static final int MAX_8023_LENGTH = 1500;
  private static final int LLC_SNAP_SAP = 0xAA;
  private static final int LLC_UI = 0x03;
  private static final int SNAP_HEADER = 8;
  private static final int GRE_HEADER = 4;
  private static final int GRE_CHECKSUM = 0x8000;
  private static final int GRE_ROUTING = 0x4000;
  private static final int GRE_KEY = 0x2000;
  private static final int GRE_SEQUENCE = 0x1000;
  private static final int GRE_VERSION_MASK = 0x0007;
  /**
   * Tunnels (IP in IP, IPv6 in IP, GRE, VXLAN, GENEVE) followed within one frame: the addresses are
   * the innermost ones reached, where the hosts that talk are. The bound keeps a crafted frame of
   * thousands of nested headers from recursing without end.
   */
  static final int MAX_TUNNELS = 4;

  static final int PROTO_HOP_BY_HOP = 0;
  /** SCTP common header: ports, verification tag, checksum; the first chunk's type follows. */
  private static final int SCTP_HEADER = 12;
  /** Where a chunk header (RFC 9260 section 3.2: type, flags, length) keeps the chunk's length. */
  private static final int SCTP_CHUNK_LENGTH = 2;
  static final int PROTO_ROUTING = 43;
  static final int PROTO_FRAGMENT = 44;
  static final int PROTO_AH = 51;
  static final int PROTO_DEST_OPTS = 60;

  /** BSD address families: AF_INET everywhere; AF_INET6 differs per BSD flavour. */
  static final int AF_INET = 2;
  static final int AF_INET6_NETBSD_OPENBSD = 24;
  static final int AF_INET6_FREEBSD = 28;
  static final int AF_INET6_DARWIN = 30;

  private static final int ETHERNET_HEADER = 14;
  private static final int SLL_HEADER = 16;
  private static final int SLL2_HEADER = 20;
  private static final int NULL_HEADER = 4;
  /** The I/G bit of an Ethernet destination address: set for multicast and broadcast. */
  private static final int MAC_GROUP_BIT = 0x01;
  private static final int MAC_LENGTH = 6;
  private static final int SLL_BROADCAST = 1;
  private static final int SLL_MULTICAST = 2;
  /** ARP for IPv4 over Ethernet: hardware type 1, two 6-byte and two 4-byte addresses (28 bytes). */
  private static final int ARP_HARDWARE_ETHERNET = 1;
  private static final int ARP_IPV4_LENGTH = 28;
  private static final int IPV4_ADDRESS_LENGTH = 4;
  private static final int IPV4_MIN_HEADER = 20;
  // IPv4 header fields (RFC 791), by their offset
  private static final int IPV4_TOTAL_LENGTH = 2;
  private static final int IPV4_ID = 4;
  private static final int IPV4_FRAGMENT = 6;
  private static final int IPV4_TTL = 8;
  private static final int IPV4_PROTOCOL = 9;
  private static final int IPV4_SRC = 12;
  private static final int IPV4_DST = 16;
  // IPv6 header fields (RFC 8200), by their offset; each address is two 8-byte halves
  private static final int IPV6_PAYLOAD_LENGTH = 4;
  private static final int IPV6_NEXT_HEADER = 6;
  private static final int IPV6_HOP_LIMIT = 7;
  private static final int IPV6_SRC = 8;
  private static final int IPV6_DST = 24;
  /** A fragment header's offset in 8-byte units, in the top 13 bits of its 16-bit field. */
  private static final int IPV6_FRAGMENT_OFFSET_MASK = 0xFFF8;
  /** HDLC-like framing of PPP (RFC 1662): the all-stations address and the unnumbered-information control. */
  private static final int PPP_HDLC_ADDRESS = 0xFF;
  private static final int PPP_HDLC_CONTROL = 0x03;
  private static final int IPV4_OFFSET_MASK = 0x1FFF;
  private static final int IPV4_MORE_FRAGMENTS = 0x2000;
  private static final int IPV4_DONT_FRAGMENT = 0x4000;
  private static final int IPV6_HEADER = 40;
  private static final int TCP_MIN_HEADER = 20;
  /**
   * Bytes of a TCP header through its window field: tshark gives the flags once these are captured
   * (a header the snap length cuts at 16 to 19 bytes: a VLAN-tagged frame under {@code -s 54}).
   */
  private static final int TCP_THROUGH_WINDOW = 16;
  /** ... and through the checksum that follows the window. */
  private static final int TCP_THROUGH_CHECKSUM = 18;
  /** Where TCP, UDP, ICMP (and ICMPv6) and SCTP headers keep their checksums. */
  private static final int TCP_CHECKSUM = 16;
  private static final int UDP_CHECKSUM = 6;
  private static final int ICMP_CHECKSUM = 2;
  private static final int SCTP_CHECKSUM = 8;
  /** The transport header's first 8 bytes, all an ICMPv4 error must quote (RFC 792). */
  private static final int QUOTED_TRANSPORT_WORDS = 8;
  private static final int TCP_SYN = 0x02;
  private static final int UDP_HEADER = 8;
  /** RFC 8489 section 5: every STUN message carries it at offset 4, and ends its 8 bytes there. */
  private static final int STUN_MAGIC_COOKIE = 0x2112A442;
  private static final int STUN_COOKIE_END = 8;
  /** DNS (RFC 1035 §4.1.1): the header's flags byte holding QR, and the question count after it. */
  private static final int DNS_PORT = 53;
  /**
   * BOOTP/DHCP (RFC 951, RFC 2131): a client asks from port 68 to a server's 67, a relay agent from its
   * 67 (RFC 2131 section 4.1: the client is on another subnet), its message's first byte 1
   * (BOOTREQUEST); the server answers to the asker's port, first byte 2 (BOOTREPLY). Both carry the
   * transaction id (xid) 4 bytes in; a request the address its client holds (ciaddr) 12 bytes in, a
   * reply the address it offers or assigns (yiaddr) 16 bytes in.
   */
  private static final int BOOTP_SERVER_PORT = 67;
  private static final int BOOTP_CLIENT_PORT = 68;
  private static final int BOOTP_XID = 4;
  private static final int BOOTP_CIADDR = 12;
  private static final int BOOTP_YIADDR = 16;
  /** ICMP and ICMPv6 messages share an 8-byte fixed part before the body or quoted datagram. */
  private static final int ICMP_HEADER = 8;
  /** ICMPv6 neighbour solicitation and advertisement (RFC 4861): the target address follows the 8 bytes. */
  private static final int ND_TARGET_END = ICMP_HEADER + 16;
  private static final int MAX_TCP_OPTION_KINDS = 8;
  private static final int MSS_OPTION = 2;
  /**
   * NOP, NOP, timestamp (kind 8, length 10): the layout of RFC 7323 appendix A that stacks put first
   * on every segment of a connection with timestamps; {@link #TIMESTAMP_LAYOUT_KINDS} as decoded.
   */
  private static final long NOP_NOP_TIMESTAMP = 0x0101080AL;
  private static final long TIMESTAMP_LAYOUT_KINDS = 0x08_01_01L;
  private static final int TIMESTAMP_LAYOUT_LENGTH = 12;
  private static final int MSS_OPTION_LENGTH = 4;

  // results of the last IPv6 extension-header walk
  private int walkOffset;
  private int walkNextHeader;
  private boolean walkFragmented;
  private int walkFragmentOffset;
  private boolean walkMoreFragments;
  private int walkFragmentId;
  /** The fragment header's next header, and where the fragmentable part after it begins. */
  private int walkFragmentNext;
  private int walkFragmentData;
  private final FragmentTable fragments = new FragmentTable();
  /** Tunnels entered in the frame being decoded. */
  private int tunnels;
  private int walkHeaderBytes;

  /** A BOOTP message at {@code at} (its first 20 bytes captured): a request's or a reply's fields. */
  private static void bootp(byte[] b, int at, Packet p) {
    int op = u8(b, at);
    boolean fromClientSide = p.srcPort == BOOTP_CLIENT_PORT || p.srcPort == BOOTP_SERVER_PORT;
    boolean toClientSide = p.dstPort == BOOTP_CLIENT_PORT || p.dstPort == BOOTP_SERVER_PORT;
    if (op == Packet.BOOTP_REQUEST && p.dstPort == BOOTP_SERVER_PORT && fromClientSide) {
      p.bootpOp = op;
      p.bootpClientAddressLo = bootpAddress(b, at + BOOTP_CIADDR);
    } else if (op == Packet.BOOTP_REPLY && p.srcPort == BOOTP_SERVER_PORT && toClientSide) {
      p.bootpOp = op;
      p.bootpYourAddressLo = bootpAddress(b, at + BOOTP_YIADDR);
    } else {
      return;
    }
    p.bootpTransactionId = i32(b, at + BOOTP_XID);
  }

  /** A BOOTP address field (ciaddr, yiaddr), IPv4-mapped; 0 when unset (0.0.0.0). */
  private static long bootpAddress(byte[] b, int at) {
    long address = i32(b, at) & 0xFFFF_FFFFL;
    return address == 0 ? 0 : Packet.IPV4_MAPPED_MARK | address;
  }

  /** Fragmented datagrams the reassembly table's bounds gave up so far. */
  long fragmentedDatagramsGivenUp() {
    return fragments.givenUp();
  }

  /**
   * Decodes {@code len} bytes at {@code off} captured on a link of type {@code linkType}; false when
   * this decoder does not read that link type (802.11, say), the frame left undecoded.
   */
  boolean decode(byte[] b, int off, int len, int linkType, Packet p) {
    int end = off + len;
    tunnels = 0;
    switch (linkType) {
      case LinkTypes.ETHERNET:
        ethernet(b, off, end, p);
        break;
      case LinkTypes.LINUX_SLL:
        if (len >= SLL_HEADER) {
          p.linkGroupDestination = isGroupPacketType(u16(b, off));
          p.linkSource = u16(b, off + 4) == MAC_LENGTH ? mac(b, off + 6) : -1;
          etherPayload(u16(b, off + 14), b, off + SLL_HEADER, end, p);
        }
        break;
      case LinkTypes.LINUX_SLL2:
        if (len >= SLL2_HEADER) {
          p.linkGroupDestination = isGroupPacketType(u8(b, off + 10));
          p.linkSource = u8(b, off + 11) == MAC_LENGTH ? mac(b, off + 12) : -1;
          etherPayload(u16(b, off), b, off + SLL2_HEADER, end, p);
        }
        break;
      case LinkTypes.PPP:
      case LinkTypes.PPP_HDLC:
        pppFrame(b, off, end, p);
        break;
      case LinkTypes.RAW:
      case LinkTypes.RAW_BSD_12:
      case LinkTypes.RAW_BSD_14:
      case LinkTypes.IPV4:
      case LinkTypes.IPV6:
        rawIp(b, off, end, p);
        break;
      case LinkTypes.NULL:
        if (len >= NULL_HEADER) {
          // written in the capturing host's order: a family fits in 16 bits, so a value that does
          // not was written by a host of the other byte order
          int family = Integer.reverseBytes(i32(b, off));
          if ((family & 0xFFFF_0000) != 0) {
            family = Integer.reverseBytes(family);
          }
          addressFamily(family, b, off + NULL_HEADER, end, p);
        }
        break;
      case LinkTypes.LOOP:
        if (len >= NULL_HEADER) {
          addressFamily(i32(b, off), b, off + NULL_HEADER, end, p);
        }
        break;
      default:
        return false;
    }
    return true;
  }

  /** An Ethernet II frame: its two addresses, then the payload its ethertype names. */
  private void ethernet(byte[] b, int at, int end, Packet p) {
    if (end - at >= ETHERNET_HEADER) {
      p.linkGroupDestination = (u8(b, at) & MAC_GROUP_BIT) != 0;
      p.linkDestination = mac(b, at);
      p.linkSource = mac(b, at + MAC_LENGTH);
      etherPayload(u16(b, at + 12), b, at + ETHERNET_HEADER, end, p);
    }
  }

  /** The 48-bit address at {@code at}, as a long. */
  private static long mac(byte[] b, int at) {
    return ((long) u16(b, at) << 32) | (i32(b, at + 2) & 0xFFFF_FFFFL);
  }

  /** Linux cooked captures' packet types for frames sent to a broadcast or multicast address. */
  private static boolean isGroupPacketType(int packetType) {
    return packetType == SLL_BROADCAST || packetType == SLL_MULTICAST;
  }

  private void etherPayload(int etherType, byte[] b, int at, int end, Packet p) {
    int type = etherType;
    int next = at;
    while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
      if (end - next < 4) {
        return;
      }
      type = u16(b, next + 2);
      next += 4;
    }
    if (type <= MAX_8023_LENGTH && end - next >= SNAP_HEADER && u8(b, next) == LLC_SNAP_SAP
        && u8(b, next + 1) == LLC_SNAP_SAP && u8(b, next + 2) == LLC_UI && u16(b, next + 3) == 0 && u8(b, next + 5) == 0) {
      type = u16(b, next + 6); // 802.3 with LLC/SNAP: the ethertype comes after the SNAP header
      next += SNAP_HEADER;
    }
    switch (type) {
      case ETHERTYPE_IPV4:
        ipv4(b, next, end, p);
        break;
      case ETHERTYPE_IPV6:
        ipv6(b, next, end, p);
        break;
      case ETHERTYPE_ARP:
        arp(b, next, end, p);
        break;
      case ETHERTYPE_MPLS:
      case ETHERTYPE_MPLS_MULTICAST:
        mpls(b, next, end, p);
        break;
      case ETHERTYPE_PPPOE_SESSION:
        if (end - next >= PPPOE_HEADER + 2) {
          ppp(u16(b, next + PPPOE_HEADER), b, next + PPPOE_HEADER + 2, end, p);
        }
        break;
      default:
        break;
    }
  }

  /** ARP (RFC 826) resolving IPv4 over Ethernet: the operation, the two hardware and the two protocol addresses. */
  private static void arp(byte[] b, int at, int end, Packet p) {
    if (end - at < ARP_IPV4_LENGTH || u16(b, at) != ARP_HARDWARE_ETHERNET || u16(b, at + 2) != ETHERTYPE_IPV4
        || u8(b, at + 4) != MAC_LENGTH || u8(b, at + 5) != IPV4_ADDRESS_LENGTH) {
      return;
    }
    p.arpOperation = u16(b, at + 6);
    p.arpSenderHardware = mac(b, at + 8);
    p.arpSenderLo = Packet.IPV4_MAPPED_MARK | (i32(b, at + 8 + MAC_LENGTH) & 0xFFFF_FFFFL);
    p.arpTargetHardware = mac(b, at + 8 + MAC_LENGTH + IPV4_ADDRESS_LENGTH);
    p.arpTargetLo = Packet.IPV4_MAPPED_MARK | (i32(b, at + 8 + 2 * MAC_LENGTH + IPV4_ADDRESS_LENGTH) & 0xFFFF_FFFFL);
  }

  /** An MPLS label stack (RFC 3032): four bytes a label, the last one marked; IP after it. */
  private void mpls(byte[] b, int at, int end, Packet p) {
    for (int i = at; end - i >= 4; i += 4) {
      if ((u8(b, i + 2) & 1) != 0) { // bottom of stack
        rawIp(b, i + 4, end, p);
        return;
      }
    }
  }

  /** A PPP frame (RFC 1661): HDLC address and control when present, then a one- or two-byte protocol. */
  private void pppFrame(byte[] b, int off, int end, Packet p) {
    int i = off;
    if (end - i >= 2 && u8(b, i) == PPP_HDLC_ADDRESS && u8(b, i + 1) == PPP_HDLC_CONTROL) {
      i += 2;
    }
    if (end - i < 1) {
      return;
    }
    if ((u8(b, i) & 1) != 0) { // protocol-field compression: one byte
      ppp(u8(b, i), b, i + 1, end, p);
    } else if (end - i >= 2) {
      ppp(u16(b, i), b, i + 2, end, p);
    }
  }

  private void ppp(int protocol, byte[] b, int at, int end, Packet p) {
    if (protocol == PPP_IPV4) {
      ipv4(b, at, end, p);
    } else if (protocol == PPP_IPV6) {
      ipv6(b, at, end, p);
    }
  }

  /** The packet inside an IP-in-IP, IPv6-in-IP or GRE tunnel, unless the frame nests too many. */
  private void tunnel(int proto, byte[] b, int at, int end, Packet p) {
    if (++tunnels > MAX_TUNNELS) {
      return; // nested deeper than any real network does: a crafted frame, decoded this far
    }
    if (proto == PROTO_GRE) {
      gre(b, at, end, p);
    } else if (proto == PROTO_IPIP) {
      ipv4(b, at, end, p);
    } else {
      ipv6(b, at, end, p);
    }
  }

  /**
   * A GRE header (RFC 2784, RFC 2890): version 0, optional checksum, key and sequence number, then
   * the payload's ethertype (an Ethernet frame for transparent bridging).
   */
  private void gre(byte[] b, int at, int end, Packet p) {
    if (end - at < GRE_HEADER) {
      return;
    }
    int flags = u16(b, at);
    if ((flags & (GRE_VERSION_MASK | GRE_ROUTING)) != 0) {
      return;
    }
    int len = GRE_HEADER + ((flags & GRE_CHECKSUM) != 0 ? 4 : 0) + ((flags & GRE_KEY) != 0 ? 4 : 0)
        + ((flags & GRE_SEQUENCE) != 0 ? 4 : 0);
    if (end - at < len) {
      return;
    }
    int type = u16(b, at + 2);
    if (type != ETHERTYPE_TRANSPARENT_BRIDGING) {
      etherPayload(type, b, at + len, end, p);
    } else if (bridgedIpOrArp(b, at + len, end)) {
      innerEthernet(b, at + len, end, p);
    } // else a bridged frame cut short or of another protocol: the GRE packet stays what it is, as VXLAN's
  }

  /**
   * Whether a datagram to VXLAN's port holds a VXLAN header (the I flag, the last reserved byte zero)
   * and an Ethernet frame carrying IP or ARP, captured past its header: anything less stays the
   * datagram it is (another program's on that port, or a tunnel packet the snap length cut).
   */
  private static boolean vxlan(byte[] b, int at, int end) {
    return end - at >= VXLAN_HEADER && (u8(b, at) & VXLAN_VNI_VALID) != 0 && u8(b, at + VXLAN_HEADER - 1) == 0
        && bridgedIpOrArp(b, at + VXLAN_HEADER, end);
  }

  /** Whether a bridged Ethernet frame at {@code frame} is captured past its header and carries IP or ARP. */
  private static boolean bridgedIpOrArp(byte[] b, int frame, int end) {
    return end - frame > ETHERNET_HEADER && carriesIpOrArp(b, frame);
  }

  /** Whether the Ethernet frame at {@code frame} (its header captured) carries IP or ARP, or a VLAN tag. */
  private static boolean carriesIpOrArp(byte[] b, int frame) {
    int type = u16(b, frame + 12);
    return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 || type == ETHERTYPE_ARP || type == ETHERTYPE_VLAN;
  }

  /** Where the frame or packet a GENEVE header at {@code at} carries begins: after its options. */
  private static int geneveInner(byte[] b, int at) {
    return at + GENEVE_HEADER + 4 * (u8(b, at) & GENEVE_OPTIONS_LENGTH_MASK);
  }

  /**
   * Whether a datagram to GENEVE's port holds a version-0 GENEVE header whose options fit, and the
   * start of an Ethernet frame (as {@link #vxlan} asks) or of an IP packet of the version its protocol
   * type names: anything less stays the datagram it is.
   */
  private static boolean geneve(byte[] b, int at, int end) {
    if (end - at < GENEVE_HEADER || (u8(b, at) >>> 6) != 0) {
      return false;
    }
    int inner = geneveInner(b, at);
    int type = u16(b, at + 2);
    if (type == ETHERTYPE_TRANSPARENT_BRIDGING) {
      return bridgedIpOrArp(b, inner, end);
    }
    return end > inner && ((type == ETHERTYPE_IPV4 && (u8(b, inner) >>> 4) == 4)
        || (type == ETHERTYPE_IPV6 && (u8(b, inner) >>> 4) == 6));
  }

  /** The frame or packet a GENEVE header at {@code at} carries, which the packet becomes. */
  private void innerGeneve(byte[] b, int at, int end, Packet p) {
    int inner = geneveInner(b, at);
    int type = u16(b, at + 2);
    if (type == ETHERTYPE_TRANSPARENT_BRIDGING) {
      innerEthernet(b, inner, end, p);
      return;
    }
    restart(p); // the outer datagram's ports must not stay on the inner packet
    etherPayload(type, b, inner, end, p);
  }

  /**
   * An Ethernet frame a tunnel carries (GRE's transparent bridging, VXLAN, GENEVE): the packet becomes the
   * inner frame's, whatever it holds (ARP too), the outer headers having only carried it.
   */
  private void innerEthernet(byte[] b, int at, int end, Packet p) {
    restart(p);
    ethernet(b, at, end, p);
  }

  /** Forgets the outer headers' fields, all but whether the inner packet came out of reassembled fragments. */
  private static void restart(Packet p) {
    boolean reassembled = p.reassembled;
    p.clearDecoded();
    p.reassembled = reassembled;
  }

  /**
   * Whether a DNS header's flags and question count (RFC 1035 §4.1.1) make an answer: QR set, an
   * opcode in use (query, status, notify, update, DSO), and its question repeated, or an error code
   * (a FORMERR may carry no question).
   */
  private static boolean dnsAnswer(int flags, int questions) {
    int opcode = (flags >>> 11) & 0xF;
    boolean inUse = opcode <= 2 || (opcode >= 4 && opcode <= 6);
    return (flags & DnsHeader.QR) != 0 && inUse && (questions > 0 || (flags & DnsHeader.RCODE) != 0);
  }

  private void addressFamily(int family, byte[] b, int at, int end, Packet p) {
    if (family == AF_INET) {
      ipv4(b, at, end, p);
    } else if (family == AF_INET6_NETBSD_OPENBSD
        || family == AF_INET6_FREEBSD
        || family == AF_INET6_DARWIN) {
      ipv6(b, at, end, p);
    }
  }

  private void rawIp(byte[] b, int at, int end, Packet p) {
    if (at >= end) {
      return;
    }
    int version = u8(b, at) >>> 4;
    if (version == 4) {
      ipv4(b, at, end, p);
    } else if (version == 6) {
      ipv6(b, at, end, p);
    }
  }

  private void ipv4(byte[] b, int at, int end, Packet p) {
    if (end - at < IPV4_MIN_HEADER) {
      return;
    }
    int versionIhl = u8(b, at);
    if (versionIhl >>> 4 == 6) {
      ipv6(b, at, end, p); // an IPv4 ethertype or link type carrying IPv6: tshark goes by the version too
      return;
    }
    int headerLen = (versionIhl & 0x0F) * 4;
    if (versionIhl >>> 4 != 4 || headerLen < IPV4_MIN_HEADER) {
      return;
    }
    int totalLen = u16(b, at + IPV4_TOTAL_LENGTH);
    if (totalLen != 0 && totalLen < headerLen) {
      return; // a bogus length, as tshark calls it: nothing after it can be trusted
    }
    int proto = u8(b, at + IPV4_PROTOCOL);
    p.ipVersion = 4;
    p.ipId = u16(b, at + IPV4_ID);
    p.ttl = u8(b, at + IPV4_TTL);
    p.ipHeaderProtocol = proto;
    p.protocol = proto;
    p.srcHi = 0;
    p.srcLo = Packet.IPV4_MAPPED_MARK | (i32(b, at + IPV4_SRC) & 0xFFFF_FFFFL);
    p.dstHi = 0;
    p.dstLo = Packet.IPV4_MAPPED_MARK | (i32(b, at + IPV4_DST) & 0xFFFF_FFFFL);
    int payload;
    int l4End;
    if (totalLen >= headerLen) {
      payload = totalLen - headerLen;
      l4End = Math.min(end, at + totalLen);
    } else {
      // total length 0: segmentation offload, the captured bytes are the packet
      payload = Math.max(0, end - at - headerLen);
      l4End = end;
    }
    p.payloadLength = payload;
    int l4 = at + headerLen;
    int fragment = u16(b, at + IPV4_FRAGMENT);
    p.dontFragment = (fragment & IPV4_DONT_FRAGMENT) != 0;
    int offset = (fragment & IPV4_OFFSET_MASK) * 8;
    boolean more = (fragment & IPV4_MORE_FRAGMENTS) != 0;
    if (offset != 0 || more) {
      if (l4 <= l4End) {
        fragment(p, p.ipId, proto, offset, more, b, l4, l4End - l4, payload, false);
      } else {
        p.unassembledFragment = true;
      }
    } else if (l4 <= l4End) {
      transport(proto, b, l4, l4End, payload, p);
    }
  }

  /**
   * A fragment: carries no transport header, unless it completes its datagram, whose head it then
   * decodes (IPv6: through the extension headers of the fragmentable part first).
   */
  private void fragment(Packet p, int id, int protocol, int offset, boolean more, byte[] b, int at, int captured,
      int length, boolean v6) {
    p.unassembledFragment = true;
    int whole = fragments.add(p, id, protocol, offset, more, b, at, captured, length);
    if (whole < 0) {
      return;
    }
    byte[] head = fragments.head();
    int end = fragments.headCaptured();
    int start = 0;
    int proto = protocol;
    int payload = whole;
    if (v6) {
      if (!walkExtensions(head, 0, end, protocol)) {
        return;
      }
      start = walkOffset;
      proto = walkNextHeader;
      payload = Math.max(0, whole - walkHeaderBytes);
    }
    p.unassembledFragment = false;
    p.reassembled = true;
    p.protocol = proto;
    p.payloadLength = payload;
    transport(proto, head, start, end, payload, p);
  }

  private void ipv6(byte[] b, int at, int end, Packet p) {
    if (end - at < IPV6_HEADER || u8(b, at) >>> 4 != 6) {
      return;
    }
    int payloadLen = u16(b, at + IPV6_PAYLOAD_LENGTH);
    int nextHeader = u8(b, at + IPV6_NEXT_HEADER);
    p.ipVersion = 6;
    p.ipHeaderProtocol = nextHeader;
    p.ttl = u8(b, at + IPV6_HOP_LIMIT);
    p.srcHi = i64(b, at + IPV6_SRC);
    p.srcLo = i64(b, at + IPV6_SRC + 8);
    p.dstHi = i64(b, at + IPV6_DST);
    p.dstLo = i64(b, at + IPV6_DST + 8);
    int l4End;
    int payload;
    if (payloadLen == 0) {
      // jumbogram or offload: the captured bytes are all there is to go by
      payload = end - at - IPV6_HEADER;
      l4End = end;
    } else {
      payload = payloadLen;
      l4End = Math.min(end, at + IPV6_HEADER + payloadLen);
    }
    p.payloadLength = payload;
    if (!walkExtensions(b, at + IPV6_HEADER, l4End, nextHeader)) {
      return;
    }
    payload = Math.max(0, payload - walkHeaderBytes);
    p.payloadLength = payload;
    p.protocol = walkNextHeader;
    if (walkFragmented) {
      p.ipId = walkFragmentId;
      if (walkFragmentOffset != 0 || walkMoreFragments) {
        int data = walkFragmentData; // the fragmentable part starts after the fragment header
        int wire = payloadLen == 0 ? l4End - data : at + IPV6_HEADER + payloadLen - data;
        fragment(p, walkFragmentId, walkFragmentNext, walkFragmentOffset, walkMoreFragments, b, data,
            Math.max(0, l4End - data), Math.max(0, wire), true);
        return;
      }
    }
    transport(walkNextHeader, b, walkOffset, l4End, payload, p);
  }

  /**
   * Walks IPv6 extension headers from {@code at}; false when they run past {@code end}. Leaves the
   * upper-layer header's offset and number, and the fragment header's offset and id, in the walk
   * fields. Each header is at least 8 bytes, so the walk ends within end-at steps.
   */
  private boolean walkExtensions(byte[] b, int at, int end, int nextHeader) {
    int cur = at;
    int next = nextHeader;
    walkFragmented = false;
    walkFragmentOffset = 0;
    for (; ; ) {
      int len;
      switch (next) {
        case PROTO_HOP_BY_HOP:
        case PROTO_ROUTING:
        case PROTO_DEST_OPTS:
          if (end - cur < 8) {
            return false;
          }
          len = (u8(b, cur + 1) + 1) * 8;
          break;
        case PROTO_AH:
          if (end - cur < 8) {
            return false;
          }
          len = (u8(b, cur + 1) + 2) * 4;
          break;
        case PROTO_FRAGMENT:
          if (end - cur < 8) {
            return false;
          }
          len = 8;
          walkFragmented = true;
          walkFragmentOffset = u16(b, cur + 2) & IPV6_FRAGMENT_OFFSET_MASK;
          walkMoreFragments = (u16(b, cur + 2) & 1) != 0;
          walkFragmentId = i32(b, cur + 4);
          walkFragmentNext = u8(b, cur);
          walkFragmentData = cur + len;
          if (walkFragmentOffset != 0) {
            // a later fragment: what follows is the middle of the first fragment's payload
            return walkStopsAt(cur + len, u8(b, cur), at);
          }
          break;
        default:
          return walkStopsAt(cur, next, at);
      }
      next = u8(b, cur);
      cur += len;
      if (cur > end) {
        return false;
      }
    }
  }

  private boolean walkStopsAt(int offset, int nextHeader, int start) {
    walkOffset = offset;
    walkNextHeader = nextHeader;
    walkHeaderBytes = offset - start;
    return true;
  }

  private void transport(int proto, byte[] b, int at, int end, int ipPayload, Packet p) {
    switch (proto) {
      case PROTO_IPIP:
      case PROTO_IPV6_IN_IP:
      case PROTO_GRE:
        tunnel(proto, b, at, end, p);
        break;
      case IpProtocol.TCP:
        tcp(b, at, end, ipPayload, p);
        break;
      case IpProtocol.UDP:
        ports(b, at, end, ipPayload - UDP_HEADER, p);
        if (end - at >= UDP_HEADER) {
          p.transportChecksum = u16(b, at + UDP_CHECKSUM);
        }
        if (p.dstPort == VXLAN_PORT && vxlan(b, at + UDP_HEADER, end) && ++tunnels <= MAX_TUNNELS) {
          innerEthernet(b, at + UDP_HEADER + VXLAN_HEADER, end, p);
          break;
        }
        if (p.dstPort == GENEVE_PORT && geneve(b, at + UDP_HEADER, end) && ++tunnels <= MAX_TUNNELS) {
          innerGeneve(b, at + UDP_HEADER, end, p);
          break;
        }
        p.stunMessage = end - at >= UDP_HEADER + STUN_COOKIE_END && i32(b, at + UDP_HEADER + 4) == STUN_MAGIC_COOKIE
            && (u8(b, at + UDP_HEADER) & 0xC0) == 0;
        // a payload shorter than the DNS header is no DNS message (nmap -sU -g 53's 5-byte probes)
        p.dnsNonAnswer = p.srcPort == DNS_PORT && (p.payloadLength < DnsHeader.LENGTH
            || (end - at >= UDP_HEADER + DnsHeader.QDCOUNT_END
                && !dnsAnswer(u16(b, at + UDP_HEADER + DnsHeader.FLAGS), u16(b, at + UDP_HEADER + DnsHeader.QDCOUNT))));
        int question = p.dstPort == DNS_PORT ? DnsQuestion.kind(b, at + UDP_HEADER, end) : DnsQuestion.OTHER;
        p.dnsReverseLookup = question == DnsQuestion.REVERSE_LOOKUP;
        p.dnsRootPriming = question == DnsQuestion.ROOT_PRIMING;
        if (p.srcPort == DNS_PORT && !p.dnsNonAnswer) {
          DnsReferral.read(b, at + UDP_HEADER, end, p);
        }
        p.peerProtocol = at + UDP_HEADER < end && PeerProtocolMessage.is(b, at + UDP_HEADER, end);
        if ((p.srcPort == BOOTP_SERVER_PORT || p.dstPort == BOOTP_SERVER_PORT)
            && end - at >= UDP_HEADER + BOOTP_YIADDR + IPV4_ADDRESS_LENGTH) {
          bootp(b, at + UDP_HEADER, p);
        }
        break;
      case IpProtocol.SCTP:
        ports(b, at, end, ipPayload - SCTP_HEADER, p);
        if (end - at >= SCTP_HEADER) {
          p.transportChecksum = Bytes.u32(b, at + SCTP_CHECKSUM);
        }
        if (end - at > SCTP_HEADER) {
          p.sctpChunkType = u8(b, at + SCTP_HEADER);
          int length = at + SCTP_HEADER + SCTP_CHUNK_LENGTH;
          p.sctpChunkLength = end - length >= 2 ? u16(b, length) : -1;
          if (p.sctpChunkType == SctpInitChunk.TYPE && end - at >= SCTP_HEADER + SctpInitChunk.FIXED_LENGTH) {
            SctpInitChunk.read(b, at + SCTP_HEADER, p);
          }
        }
        break;
      case IpProtocol.ICMP:
        icmp(b, at, end, ipPayload, p, false);
        break;
      case IpProtocol.ICMPV6:
        icmp(b, at, end, ipPayload, p, true);
        break;
      default:
        break;
    }
  }

  /** Source and destination port, the first 4 bytes of UDP and SCTP headers alike. */
  private static void ports(byte[] b, int at, int end, int payload, Packet p) {
    if (end - at >= 4) {
      p.hasPorts = true;
      p.srcPort = u16(b, at);
      p.dstPort = u16(b, at + 2);
      p.payloadLength = Math.max(0, payload);
    }
  }

  private static void tcp(byte[] b, int at, int end, int ipPayload, Packet p) {
    if (end - at >= 4) {
      p.hasPorts = true;
      p.srcPort = u16(b, at);
      p.dstPort = u16(b, at + 2);
    }
    if (end - at < TCP_THROUGH_WINDOW) {
      // the capture, not the datagram, ended before the flags: a snap length too short
      p.tcpHeaderCutShort = ipPayload >= TCP_THROUGH_WINDOW;
      return;
    }
    int offsetFlags = u16(b, at + 12);
    int headerLen = (offsetFlags >>> 12) * 4;
    if (headerLen < TCP_MIN_HEADER) {
      return; // a data offset below 5 words: like tshark, keep the ports and trust nothing after them
    }
    p.hasTcp = true;
    p.tcpSeq = Bytes.u32(b, at + 4);
    p.tcpAck = Bytes.u32(b, at + 8);
    p.tcpFlags = offsetFlags & 0x1FF;
    p.tcpWindow = u16(b, at + 14);
    if (end - at >= TCP_THROUGH_CHECKSUM) {
      p.transportChecksum = u16(b, at + TCP_CHECKSUM);
    }
    p.tcpOptionsLength = headerLen - TCP_MIN_HEADER;
    p.payloadLength = Math.max(0, ipPayload - headerLen);
    p.peerProtocol = p.payloadLength > 0 && at + headerLen < end && PeerProtocolMessage.is(b, at + headerLen, end);
    if (p.dstPort == Packet.FTP_CONTROL_PORT && p.payloadLength > 0) {
      FtpPortCommand.read(b, at + headerLen, end, p);
    }
    // Only a SYN's options tell which stack sent it; skipping the rest keeps the hot loop short.
    if ((p.tcpFlags & TCP_SYN) != 0) {
      tcpOptions(b, at + TCP_MIN_HEADER, Math.min(end, at + headerLen), p);
    } else if (p.tcpOptionsLength >= TIMESTAMP_LAYOUT_LENGTH && end - at >= TCP_MIN_HEADER + TIMESTAMP_LAYOUT_LENGTH
        && Bytes.u32(b, at + TCP_MIN_HEADER) == NOP_NOP_TIMESTAMP && Bytes.u32(b, at + TCP_MIN_HEADER + 8) != 0) {
      // a segment of a connection that negotiated timestamps: it echoes the peer's (TSecr, RFC 7323
      // section 3.2), which a crafted probe (hping3 --tcp-timestamp) leaves at zero
      p.tcpOptionKinds = TIMESTAMP_LAYOUT_KINDS;
      p.tcpOptionCount = 3;
    }
  }

  private static void tcpOptions(byte[] b, int at, int end, Packet p) {
    long kinds = 0;
    int count = 0;
    int i = at;
    while (i < end) {
      int kind = u8(b, i);
      if (kind == 0) {
        break;
      }
      int len = 1;
      if (kind != 1) {
        if (end - i < 2) {
          break;
        }
        len = u8(b, i + 1);
        if (len < 2 || len > end - i) {
          break;
        }
        if (kind == MSS_OPTION && len == MSS_OPTION_LENGTH) {
          p.tcpMss = u16(b, i + 2);
        }
      }
      if (count < MAX_TCP_OPTION_KINDS) {
        kinds |= (long) kind << (8 * count);
      }
      count++;
      i += len;
    }
    p.tcpOptionKinds = kinds;
    p.tcpOptionCount = count;
  }

  private void icmp(byte[] b, int at, int end, int ipPayload, Packet p, boolean v6) {
    if (end - at < 2) {
      return;
    }
    int type = u8(b, at);
    p.icmpType = type;
    p.icmpCode = u8(b, at + 1);
    p.payloadLength = Math.max(0, ipPayload - ICMP_HEADER);
    if (end - at < ICMP_HEADER) {
      return;
    }
    p.transportChecksum = u16(b, at + ICMP_CHECKSUM);
    if (v6 ? icmpv6HasIdAndSequence(type) : icmpv4HasIdAndSequence(type)) {
      p.icmpId = u16(b, at + 4);
      p.icmpSeq = u16(b, at + 6);
    } else if (v6 ? isIcmpv6Error(type) : isIcmpv4Error(type)) {
      quoted(b, at + ICMP_HEADER, end, p);
    } else if (v6 && (type == IcmpType.NEIGHBOUR_SOLICITATION || type == IcmpType.NEIGHBOUR_ADVERTISEMENT) && end - at >= ND_TARGET_END) {
      p.hasNdTarget = true;
      p.ndTargetHi = i64(b, at + ICMP_HEADER);
      p.ndTargetLo = i64(b, at + ICMP_HEADER + 8);
    }
  }

  /**
   * The messages whose identifier and sequence number follow the type, code and checksum: echo,
   * timestamp, information and address-mask requests and replies.
   */
  static boolean icmpv4HasIdAndSequence(int type) {
    return type == IcmpType.ECHO_REPLY || type == IcmpType.ECHO_REQUEST
        || (type >= IcmpType.TIMESTAMP_REQUEST && type <= IcmpType.ADDRESS_MASK_REPLY);
  }

  /** Destination unreachable, source quench, redirect, time exceeded, parameter problem. */
  static boolean isIcmpv4Error(int type) {
    return type == IcmpType.DESTINATION_UNREACHABLE || type == IcmpType.SOURCE_QUENCH || type == IcmpType.REDIRECT
        || type == IcmpType.TIME_EXCEEDED || type == IcmpType.PARAMETER_PROBLEM;
  }

  static boolean icmpv6HasIdAndSequence(int type) {
    return type == IcmpType.V6_ECHO_REQUEST || type == IcmpType.V6_ECHO_REPLY;
  }

  /** Destination unreachable, packet too big, time exceeded, parameter problem. */
  static boolean isIcmpv6Error(int type) {
    return type >= IcmpType.V6_DESTINATION_UNREACHABLE && type <= IcmpType.V6_PARAMETER_PROBLEM;
  }

  /** The IP header (and first 8 bytes after it) quoted by an ICMP error. */
  private void quoted(byte[] b, int at, int end, Packet p) {
    if (at >= end) {
      return;
    }
    int version = u8(b, at) >>> 4;
    int l4;
    int proto;
    if (version == 4) {
      int headerLen = (u8(b, at) & 0x0F) * 4;
      if (end - at < IPV4_MIN_HEADER || headerLen < IPV4_MIN_HEADER) {
        return;
      }
      proto = u8(b, at + IPV4_PROTOCOL);
      p.hasQuoted = true;
      p.quotedProtocol = proto;
      p.quotedSrcLo = Packet.IPV4_MAPPED_MARK | (i32(b, at + IPV4_SRC) & 0xFFFF_FFFFL);
      p.quotedDstLo = Packet.IPV4_MAPPED_MARK | (i32(b, at + IPV4_DST) & 0xFFFF_FFFFL);
      p.quotedSrcHi = 0;
      p.quotedDstHi = 0;
      if ((u16(b, at + IPV4_FRAGMENT) & IPV4_OFFSET_MASK) != 0) {
        return;
      }
      l4 = at + headerLen;
    } else if (version == 6) {
      if (end - at < IPV6_HEADER) {
        return;
      }
      p.hasQuoted = true;
      p.quotedSrcHi = i64(b, at + IPV6_SRC);
      p.quotedSrcLo = i64(b, at + IPV6_SRC + 8);
      p.quotedDstHi = i64(b, at + IPV6_DST);
      p.quotedDstLo = i64(b, at + IPV6_DST + 8);
      p.quotedProtocol = u8(b, at + IPV6_NEXT_HEADER);
      if (!walkExtensions(b, at + IPV6_HEADER, end, u8(b, at + IPV6_NEXT_HEADER)) || walkFragmentOffset != 0) {
        return;
      }
      proto = walkNextHeader;
      p.quotedProtocol = proto;
      l4 = walkOffset;
    } else {
      return;
    }
    if (IpProtocol.hasPorts(proto) && end - l4 >= 4) {
      p.quotedHasPorts = true;
      p.quotedSrcPort = u16(b, l4);
      p.quotedDstPort = u16(b, l4 + 2);
    }
    if (end - l4 >= QUOTED_TRANSPORT_WORDS) {
      p.quotedSecondWord = Bytes.u32(b, l4 + 4);
    }
  }
}
