package io.porthunter.capture;

/**
 * The decoded view of one capture record. The reader owns a single instance and overwrites it for
 * every record, so the hot loop allocates nothing: a {@link PacketSink} must copy what it keeps.
 *
 * <p>The network and transport fields are those of the innermost IP packet reached: through MPLS,
 * PPPoE and PPP, and through IP-in-IP, IPv6-in-IP, GRE, VXLAN (UDP port 4789) and GENEVE (UDP port 6081) tunnels, where the hosts that talk are
 * (tshark's first-occurrence fields name a tunnel's outer addresses instead).
 *
 * <p>Addresses are held as two longs in IPv6 form; IPv4 addresses are stored IPv4-mapped
 * ({@code ::ffff:a.b.c.d}), so one code path serves both families. Fields a layer did not reach
 * (non-IP frame, snap length cut, non-first fragment) keep their "absent" value, as {@link
 * #clearDecoded} sets it: -1 for ports, types, TTL, IP ID, sequence numbers and the like; 0 for
 * addresses, lengths, flags and counts; {@code false} for the {@code has*} flags.
 */
public final class Packet {
  /** IPv4-mapped prefix in {@link #srcHi}/{@link #dstHi}'s sense: hi = 0, lo's top 32 bits = 0x0000ffff. */
  public static final long IPV4_MAPPED_MARK = 0x0000_ffffL << 32;
  /** The FTP control connection's server port (RFC 959), whose PORT commands the decoder reads. */
  public static final int FTP_CONTROL_PORT = 21;
  /** {@link #interfaceId} and {@link #linkType} of a record that is not a packet. */
  public static final int NO_INTERFACE = -1;

  // ---- record ----
  /** 1-based record number in the file, as tshark counts frames. */
  public long frame;
  /**
   * Absolute time in nanoseconds since the epoch (µs files: multiples of 1000). 0 for a PCAPNG
   * Simple Packet Block, which carries no time.
   */
  public long tsNanos;
  /**
   * pcapng interface id (0 for classic pcap); {@link #NO_INTERFACE} for a record that carries no
   * packet (a pcapng custom or systemd journal export block, which tshark numbers as frames).
   */
  public int interfaceId;
  /** Link type (DLT/LINKTYPE number) of the record's interface; {@link #NO_INTERFACE} without one. */
  public int linkType;
  /** Length of the packet on the wire. */
  public int origLen;
  /** Bytes actually stored in the file (snap length may cut it). */
  public int capLen;
  /**
   * The frame carries again an IP packet a frame just before carried ({@link DuplicateFrames}): a
   * second view of one packet, such as a router's capture on every interface holds.
   */
  public boolean duplicate;

  /**
   * True when the link layer sent the frame to a group: an Ethernet multicast or broadcast
   * destination, or a Linux cooked capture's broadcast or multicast packet type. An IP address alone
   * cannot tell a subnet's broadcast address (192.168.1.255 in a /24) from a host.
   */
  public boolean linkGroupDestination;

  /**
   * The sending station's 48-bit link-layer (MAC) address, from an Ethernet header or a Linux cooked
   * capture's 6-byte address; -1 without one. A router's address sends packets of many IP sources.
   */
  public long linkSource;

  /**
   * The 48-bit link-layer (MAC) address an Ethernet frame went to; -1 without one (Linux cooked
   * captures keep only the sender's). A packet sent to a router's address for a host elsewhere is
   * routed: the router's, not the host's.
   */
  public long linkDestination;

  // ---- ARP (RFC 826), IPv4 over Ethernet only ----
  /** The ARP operation: 1 request, 2 reply; -1 when the frame carries no ARP packet for IPv4. */
  public int arpOperation;
  /**
   * Sender and target protocol addresses, IPv4-mapped like {@link #srcLo} (their hi half is 0). An
   * ARP frame carries no IP packet: {@link #ipVersion} stays 0.
   */
  public long arpSenderLo;
  public long arpTargetLo;
  /**
   * Sender and target hardware (MAC) addresses, 48 bits: who asked, and in a reply who it answers.
   * A probe from 0.0.0.0 (RFC 5227) names its asker by these alone.
   */
  public long arpSenderHardware;
  public long arpTargetHardware;

  // ---- network layer ----
  /** 0 when the frame carries no IP packet, else 4 or 6. */
  public int ipVersion;
  public long srcHi;
  public long srcLo;
  public long dstHi;
  public long dstLo;
  /** IPv4 protocol field, or the IPv6 fixed header's next header (0 = hop-by-hop). */
  public int ipHeaderProtocol;
  /** Transport protocol after IPv6 extension headers ({@link IpProtocol}), else -1. */
  public int protocol;
  /** IPv4 TTL or IPv6 hop limit. */
  public int ttl;
  /** IPv4 identification (IPv6: fragment header id when present, else -1). */
  public int ipId;
  /** The IPv4 header's don't-fragment flag (stacks set it for path MTU discovery; raw scanners rarely). */
  public boolean dontFragment;
  /**
   * True for an IP fragment that carries no transport header: one whose datagram is not whole yet
   * (or never became whole). The fragment that makes its datagram whole carries the datagram's
   * transport header instead, as tshark shows it, and is {@link #reassembled}.
   */
  public boolean unassembledFragment;
  /** True when the transport fields come from the whole datagram this fragment completed. */
  public boolean reassembled;

  // ---- transport ----
  /** True when ports (TCP, UDP or SCTP) were decoded. */
  public boolean hasPorts;
  public int srcPort;
  public int dstPort;
  /**
   * True when the TCP header was captured through its window (16 bytes, where tshark gives the flags)
   * and its data offset is at least 5 words: sequence, acknowledgement, flags and window are set.
   */
  public boolean hasTcp;
  /**
   * True when the capture cut a TCP header short of its window (the snap length), though the datagram
   * held it: a segment whose flags no one can read.
   */
  public boolean tcpHeaderCutShort;
  /** TCP flags byte: FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80 (NS in bit 8). */
  public int tcpFlags;
  public long tcpSeq;
  public long tcpAck;
  public int tcpWindow;
  /** Bytes of TCP options in the header (data offset minus 20). */
  public int tcpOptionsLength;
  /**
   * Option kinds in order, one byte each, first option in the lowest byte (up to 8; NOP = 1
   * included). This and the two fields below are decoded in full for SYN segments only: only there
   * do the options identify the sending stack, and skipping them elsewhere keeps the hot loop short.
   * Other segments get NOP, NOP, timestamp here when their options begin with that usual layout
   * (RFC 7323 appendix A) and echo a timestamp of the peer (TSecr not 0), else nothing.
   */
  public long tcpOptionKinds;
  /** Number of options decoded (NOP included, EOL excluded). */
  public int tcpOptionCount;
  /** MSS option value, or -1. */
  public int tcpMss;
  /**
   * Transport payload length, from the IP lengths (not the captured bytes): what follows the TCP
   * header, the UDP header, SCTP's 12-byte common header or the 8-byte ICMP/ICMPv6 header; for other
   * protocols, or when the transport header was not reached, the IP payload length (after IPv6
   * extension headers).
   */
  public int payloadLength;
  /**
   * The TCP, UDP, ICMP or ICMPv6 checksum (SCTP: its CRC32c), as the sender wrote it, or -1 when not
   * captured: it covers the payload, so two datagrams alike in every header field but their payload
   * still differ here.
   */
  public long transportChecksum;

  /**
   * A UDP datagram carrying a STUN message (RFC 8489: the first two bits zero, the magic cookie
   * 0x2112A442 at payload offset 4, in the captured bytes): ICE connectivity checks and NAT discovery.
   */
  public boolean stunMessage;

  /**
   * A UDP datagram from port 53 whose payload is no DNS answer: shorter than a DNS header, or its QR
   * bit clear (a query), an opcode no one uses, or no question repeated with no error to tell (RFC 1035
   * §4.1.1: answers repeat their question; a FORMERR may not). False for other datagrams, and when a
   * payload long enough for a header had fewer than its first six bytes captured.
   */
  public boolean dnsNonAnswer;

  /**
   * A UDP datagram to port 53 carrying a reverse lookup: a standard query for the PTR record of an
   * address ({@code in-addr.arpa}, {@code ip6.arpa}). False for other datagrams, and when the
   * captured payload ends before the question's type.
   */
  public boolean dnsReverseLookup;

  /**
   * A UDP datagram to port 53 carrying a resolver's priming query: a standard query for the root's NS
   * records (RFC 8109). False for other datagrams, and when the captured payload ends before the type.
   */
  public boolean dnsRootPriming;

  /** The most name server addresses kept from one referral: a TLD's referral names 13 servers, in both families. */
  public static final int MAX_REFERRED_SERVERS = 32;

  /**
   * A UDP datagram from port 53 carrying a DNS referral (no answer, the zone's name servers and
   * their addresses): how many of those addresses {@link #dnsReferredHi} and {@link #dnsReferredLo}
   * hold; 0 for other datagrams.
   */
  public int dnsReferredServers;
  /**
   * The referred servers' addresses in the two-long form, {@link #MAX_REFERRED_SERVERS} long: made
   * with the first referral this packet holds, so the many that never hold one stay small.
   */
  public long[] dnsReferredHi;
  public long[] dnsReferredLo;

  /**
   * A TCP segment or UDP datagram whose payload opens with a BitTorrent peer's message: the peer wire
   * handshake, or a DHT query or response (KRPC).
   */
  public boolean peerProtocol;

  /**
   * The address a BOOTP/DHCP server's reply (UDP 67 to 68) offers or assigns its client (yiaddr, RFC
   * 2131), IPv4-mapped like {@link #srcLo}; 0 for other datagrams and for a reply that names none.
   */
  public long bootpYourAddressLo;

  /** {@link #bootpOp} of a client's or relay agent's request to a server (UDP to port 67). */
  public static final int BOOTP_REQUEST = 1;
  /** {@link #bootpOp} of a server's reply (UDP 67 to 68, or to a relay agent's 67). */
  public static final int BOOTP_REPLY = 2;
  /** {@link #BOOTP_REQUEST}, {@link #BOOTP_REPLY}, or 0 for a datagram that is neither. */
  public int bootpOp;
  /** The BOOTP message's transaction id (xid), which a reply repeats from its request; set with {@link #bootpOp}. */
  public int bootpTransactionId;
  /**
   * The address a BOOTP/DHCP request's client holds already (ciaddr, RFC 2131 table 5: a lease renewed
   * or rebound, an INFORM), IPv4-mapped; 0 for other datagrams and for a client that holds none.
   */
  public long bootpClientAddressLo;

  /**
   * The port an FTP PORT command opening this segment's payload names ({@link FtpPortCommand}), or -1;
   * set for every TCP segment to port 21 that carries data, and meaningful only for those.
   */
  public int ftpPortPort;
  /** The address that PORT command names, IPv4-mapped as {@link #srcLo}; meaningful beside {@link #ftpPortPort}. */
  public long ftpPortLo;

  /** Type of an SCTP packet's first chunk (RFC 9260: 1 INIT, 2 INIT ACK, 6 ABORT, 10 COOKIE ECHO ...), or -1. */
  public int sctpChunkType;
  /**
   * The first chunk's Length field (its header and value, without padding), or -1 when cut short; set
   * with {@link #sctpChunkType} and meaningful only beside it: a COOKIE ECHO's tells the cookie's size.
   */
  public int sctpChunkLength;
  /**
   * An INIT chunk's Advertised Receiver Window Credit ({@link SctpInitChunk}), or -1 when the first
   * chunk is no INIT or was cut short.
   */
  public long sctpInitArwnd;
  /** An INIT chunk's Number of Outbound Streams, or -1 as {@link #sctpInitArwnd}. */
  public int sctpInitOutboundStreams;
  /** An INIT chunk's Number of Inbound Streams, or -1 as {@link #sctpInitArwnd}. */
  public int sctpInitInboundStreams;

  // ---- ICMP / ICMPv6 ----
  /** ICMP or ICMPv6 type, or -1. */
  public int icmpType;
  public int icmpCode;
  /** Echo / timestamp identifier and sequence, or -1. */
  public int icmpId;
  public int icmpSeq;
  /**
   * True when an ICMPv6 neighbour solicitation (135) or advertisement (136, RFC 4861) carried its
   * target address: the address asked for, or answered for.
   */
  public boolean hasNdTarget;
  public long ndTargetHi;
  public long ndTargetLo;

  // ---- header quoted inside an ICMP error (destination unreachable, time exceeded, ...) ----
  /** True when an ICMP error quoted an IP header that was decoded. */
  public boolean hasQuoted;
  public long quotedSrcHi;
  public long quotedSrcLo;
  public long quotedDstHi;
  public long quotedDstLo;
  public int quotedProtocol;
  /** True when the quoted datagram's ports were present. */
  public boolean quotedHasPorts;
  public int quotedSrcPort;
  public int quotedDstPort;
  /**
   * The quoted transport header's second 32-bit word (TCP: its sequence number; UDP: length and
   * checksum; ICMP: identifier and sequence number), or -1 when not quoted: it tells errors about two
   * probes of one port apart.
   */
  public long quotedSecondWord;

  /**
   * Resets every decoded field to "absent"; the record fields are set by the reader. ARP's, BOOTP's,
   * SCTP's and ICMP's fields (an error's quote and a neighbour message's target included) are reset
   * only when their layer's first field ({@link #arpOperation}, {@link #bootpOp}, {@link
   * #sctpChunkType}, {@link #icmpType}), which whoever fills the layer writes, is not "absent": most
   * packets carry none of these layers, and the decoding thread then leaves unwritten the cache lines
   * they take, which the tracker's thread read last (a store there takes the line from the other
   * core). A new packet's 0 in those first fields is no "absent" value but for {@link #bootpOp},
   * whose fields' Java defaults are already theirs.
   */
  public void clearDecoded() {
    linkGroupDestination = false;
    linkSource = -1;
    linkDestination = -1;
    ipVersion = 0;
    srcHi = srcLo = dstHi = dstLo = 0;
    ipHeaderProtocol = -1;
    protocol = -1;
    ttl = -1;
    ipId = -1;
    dontFragment = false;
    unassembledFragment = false;
    reassembled = false;
    hasPorts = false;
    tcpHeaderCutShort = false;
    srcPort = dstPort = -1;
    hasTcp = false;
    tcpFlags = 0;
    tcpSeq = tcpAck = -1;
    tcpWindow = -1;
    tcpOptionsLength = 0;
    tcpOptionKinds = 0;
    tcpOptionCount = 0;
    tcpMss = -1;
    payloadLength = 0;
    transportChecksum = -1;
    stunMessage = false;
    dnsNonAnswer = false;
    dnsReverseLookup = false;
    dnsRootPriming = false;
    dnsReferredServers = 0;
    peerProtocol = false;
    if (arpOperation != -1) {
      arpOperation = -1;
      arpSenderLo = arpTargetLo = 0;
      arpSenderHardware = arpTargetHardware = 0;
    }
    if (bootpOp != 0) {
      bootpOp = 0;
      bootpYourAddressLo = bootpClientAddressLo = 0;
    }
    if (sctpChunkType != -1) {
      sctpChunkType = -1;
      sctpInitArwnd = -1;
      sctpInitOutboundStreams = sctpInitInboundStreams = -1;
    }
    if (icmpType != -1) {
      clearIcmp();
    }
  }

  private void clearIcmp() {
    icmpType = icmpCode = -1;
    icmpId = icmpSeq = -1;
    hasNdTarget = false;
    ndTargetHi = ndTargetLo = 0;
    hasQuoted = false;
    quotedSrcHi = quotedSrcLo = quotedDstHi = quotedDstLo = 0;
    quotedProtocol = -1;
    quotedHasPorts = false;
    quotedSecondWord = -1;
    quotedSrcPort = quotedDstPort = -1;
  }

  /** Whether (hi, lo) holds an IPv4 address: hi 0, and lo's top half the {@link #IPV4_MAPPED_MARK}. */
  public static boolean isIpv4Mapped(long hi, long lo) {
    return hi == 0 && (lo & ~0xFFFF_FFFFL) == IPV4_MAPPED_MARK;
  }

  public boolean isIpv4() {
    return ipVersion == 4;
  }

  /** Destination address as IPv4 int; only meaningful when {@link #isIpv4()}. */
  public int dstV4() {
    return (int) dstLo;
  }
}
