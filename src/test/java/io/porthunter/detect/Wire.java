package io.porthunter.detect;

import io.porthunter.capture.CaptureSummary;
import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.IpText;
import io.porthunter.capture.LinkTypes;
import io.porthunter.capture.Packet;
import io.porthunter.capture.PacketSink;
import java.util.Set;

/** Scripts packets for the detector: each call fills one reused {@link Packet} and hands it over. */
final class Wire {
  private final PacketSink sink;
  private final Packet p = new Packet();
  private long frame;
  long ts = 1_700_000_000_000_000_000L;
  /** Whether the next packets went to a link-layer broadcast or multicast address. */
  boolean linkGroupDestination;
  /** The link-layer (MAC) address the next packets come from; -1 for none. */
  long linkSource = -1;
  /** The link-layer (MAC) address the next packets go to; -1 for none. */
  long linkDestination = -1;
  /** TTL or hop limit of the next packets. */
  int ttl = 64;
  /** IPv4 identification of the next packets. */
  int ipId = 1;
  /** Whether the next IPv4 packets carry don't-fragment. */
  boolean dontFragment;

  /** Whether the next UDP datagrams carry a STUN message. */
  boolean stun;
  /** Whether the next UDP datagrams from port 53 carry a DNS message that is no answer (a query, no question). */
  boolean dnsNonAnswer;
  /** Whether the next UDP datagrams to port 53 ask for an address's name (a PTR query). */
  boolean reverseLookups;
  /** Whether the next UDP datagrams to port 53 ask for the root's name servers (a priming query). */
  boolean rootPriming;
  /** Whether the next TCP segments and UDP datagrams with data carry a BitTorrent peer's message. */
  boolean peerMessages;

  private boolean timestamps;
  private boolean windows;
  private boolean sackless;
  private boolean loneMss;
  private int dhcpTransactions;

  /** What the tracker followed, judged with {@code settings}, as from a one-interface Ethernet pcap. */
  static ScanAnalysis judge(DetectionSettings settings, TrackerState state) {
    return new ScanJudge(settings).judge(state,
        new CaptureSummary("pcap", 0, false, null, Set.of(1), 1, 0, 0, 6, 0, 0, 0, 0, 0));
  }

  /** Traffic followed by {@code partitions} trackers, each acting on its share, their states merged. */
  static ScanAnalysis inPartitions(int partitions, java.util.function.Consumer<Wire> traffic) {
    ConversationTracker[] parts = new ConversationTracker[partitions];
    for (int i = 0; i < partitions; i++) {
      parts[i] = new ConversationTracker(DetectionSettings.DEFAULTS, partitions, i);
    }
    traffic.accept(new Wire(p -> {
      for (ConversationTracker t : parts) {
        t.accept(p);
      }
    }));
    java.util.List<TrackerState> states = new java.util.ArrayList<>();
    for (ConversationTracker t : parts) {
      states.add(t.finish());
    }
    return Wire.judge(DetectionSettings.DEFAULTS, TrackerState.merge(states));
  }

  Wire(PacketSink sink) {
    this.sink = sink;
  }

  Wire at(double seconds) {
    ts = 1_700_000_000_000_000_000L + (long) (seconds * 1e9);
    return this;
  }

  void tcp(String src, int sport, String dst, int dport, int flags) {
    tcp(src, sport, dst, dport, flags, 0, 64240, 0);
  }

  void tcp(String src, int sport, String dst, int dport, int flags, int payload, int window, long seq) {
    tcpSegment(src, sport, dst, dport, flags, payload, window, seq);
    sink.accept(p);
  }

  /**
   * An FTP client's PORT command on its control connection to {@code server}, naming {@code named}
   * and {@code port} (RFC 959 "PORT h1,h2,h3,h4,p1,p2"; IPv4).
   */
  void ftpPortCommand(String client, int sport, String server, String named, int port) {
    tcpSegment(client, sport, server, Packet.FTP_CONTROL_PORT, TcpFlags.PSH | TcpFlags.ACK, 26, 64240, 1);
    p.ftpPortLo = addr(named)[1];
    p.ftpPortPort = port;
    sink.accept(p);
  }

  /** A TCP segment, not yet sent; to port 21 it is no PORT command, as the decoder marks such segments. */
  private void tcpSegment(String src, int sport, String dst, int dport, int flags, int payload, int window,
      long seq) {
    start(src, dst, IpProtocol.TCP);
    p.ftpPortPort = -1;
    p.hasPorts = true;
    p.hasTcp = true;
    p.srcPort = sport;
    p.dstPort = dport;
    p.tcpFlags = flags;
    p.payloadLength = payload;
    p.tcpWindow = window;
    p.tcpSeq = seq;
    p.tcpAck = 0;
    p.peerProtocol = peerMessages && payload > 0;
    if (loneMss && flags == TcpFlags.SYN) { // nmap's raw SYNs: an MSS of 1460 alone
      p.tcpOptionKinds = 2;
      p.tcpOptionCount = 1;
      p.tcpOptionsLength = 4;
      p.tcpMss = 1460;
    } else if (windows && flags == TcpFlags.SYN) { // MSS, NOP, window scale, NOP, NOP, SACK permitted: no timestamps
      p.tcpOptionKinds = 2 | (1 << 8) | (3 << 16) | (1L << 24) | (1L << 32) | ((long) ProbeTraits.OPT_SACK_PERMITTED << 40);
      p.tcpOptionCount = 6;
      p.tcpOptionsLength = 12;
      p.tcpMss = 1460;
    } else if (sackless && flags == TcpFlags.SYN) { // MSS, NOP, NOP, timestamp: a stack with SACK turned off
      p.tcpOptionKinds = 2 | (1 << 8) | (1 << 16) | ((long) ProbeTraits.OPT_TIMESTAMP << 24);
      p.tcpOptionCount = 4;
      p.tcpOptionsLength = 16;
      p.tcpMss = 1460;
    } else if (timestamps && flags == TcpFlags.SYN) { // MSS, SACK permitted, timestamp, NOP, window scale: Linux
      p.tcpOptionKinds = 2 | (ProbeTraits.OPT_SACK_PERMITTED << 8) | (ProbeTraits.OPT_TIMESTAMP << 16) | (1 << 24)
          | (3L << 32);
      p.tcpOptionCount = 5;
      p.tcpOptionsLength = 20;
      p.tcpMss = 1460;
    } else if (timestamps) { // NOP, NOP, timestamp: what such a stack sends on every later segment
      p.tcpOptionKinds = 1 | (1 << 8) | (ProbeTraits.OPT_TIMESTAMP << 16);
      p.tcpOptionCount = 3;
      p.tcpOptionsLength = 12;
    }
  }

  /** SYNs from now on carry nmap's raw option, an MSS of 1460 alone, or none again. */
  Wire nmapSyns(boolean on) {
    loneMss = on;
    return this;
  }

  /** SYNs from now on carry the options Windows sends (SACK permitted, no timestamps), or none again. */
  Wire windowsSyns(boolean on) {
    windows = on;
    return this;
  }

  /** SYNs from now on carry the options of a stack with SACK turned off (MSS, timestamp), or none again. */
  Wire sacklessSyns(boolean on) {
    sackless = on;
    return this;
  }

  /**
   * TCP segments from now on carry the options of a stack that negotiates timestamps (a SYN: MSS,
   * SACK permitted, timestamp; the rest: timestamp), or with false, none again.
   */
  Wire timestamps(boolean on) {
    timestamps = on;
    return this;
  }

  void udp(String src, int sport, String dst, int dport, int payload) {
    startWithPorts(src, sport, dst, dport, IpProtocol.UDP);
    p.payloadLength = payload;
    p.stunMessage = stun;
    p.dnsNonAnswer = dnsNonAnswer && sport == 53;
    p.dnsReverseLookup = reverseLookups && dport == 53;
    p.dnsRootPriming = rootPriming && dport == 53;
    p.peerProtocol = peerMessages && payload > 0;
    sink.accept(p);
  }

  /** A DNS referral from {@code server} (port 53) to {@code resolver}'s port, naming {@code servers}. */
  void referral(String server, String resolver, int port, String... servers) {
    startWithPorts(server, 53, resolver, port, IpProtocol.UDP);
    p.payloadLength = 300;
    if (p.dnsReferredHi == null) {
      p.dnsReferredHi = new long[Packet.MAX_REFERRED_SERVERS];
      p.dnsReferredLo = new long[Packet.MAX_REFERRED_SERVERS];
    }
    for (String named : servers) {
      long[] a = addr(named);
      p.dnsReferredHi[p.dnsReferredServers] = a[0];
      p.dnsReferredLo[p.dnsReferredServers++] = a[1];
    }
    sink.accept(p);
  }

  /**
   * A client's DHCP request (UDP 68 to 67, to the broadcast address), then a server's reply answering it
   * (67 to 68) offering {@code offered}, to the broadcast address.
   */
  void dhcpOffer(String server, String offered) {
    int transaction = ++dhcpTransactions;
    dhcpRequest(transaction);
    dhcpReply(server, offered, transaction);
  }

  /**
   * A client's lease of {@code address}: its DISCOVER, the server's OFFER, its REQUEST and the server's
   * ACK, one transaction, a millisecond apart.
   */
  void dhcpLease(String server, String address) {
    int transaction = ++dhcpTransactions;
    dhcpRequest(transaction);
    dhcpReply(server, address, transaction);
    dhcpRequest(transaction);
    dhcpReply(server, address, transaction);
  }

  /**
   * A client that still names the address it held ({@code held}, ciaddr, against RFC 2131) asking for
   * a new one, and the server's reply offering {@code offered}.
   */
  void dhcpOfferToAClientNamingItsOldAddress(String server, String held, String offered) {
    int transaction = ++dhcpTransactions;
    dhcpRequestHolding("0.0.0.0", "255.255.255.255", transaction, held);
    dhcpReply(server, offered, transaction);
  }

  /** A server's reply offering {@code offered} that answers no request in the capture: a forged offer. */
  void unaskedDhcpOffer(String server, String offered) {
    dhcpReply(server, offered, ++dhcpTransactions);
  }

  /** A client's DHCP request of transaction {@code transaction} (UDP 68 to 67, to the broadcast address). */
  void dhcpRequest(int transaction) {
    bootp("0.0.0.0", 68, "255.255.255.255", 67, Packet.BOOTP_REQUEST, transaction, 0);
  }

  /**
   * A client renewing its lease of {@code address} with the server (a unicast request, ciaddr set),
   * and the server's acknowledgement assigning it again.
   */
  void dhcpRenewal(String server, String address) {
    int transaction = ++dhcpTransactions;
    dhcpRequestHolding(address, server, transaction, address);
    bootp(server, 67, address, 68, Packet.BOOTP_REPLY, transaction, addr(address)[1]);
  }

  /** A client's request from {@code src} to {@code dst} that names {@code held} as its address (ciaddr). */
  private void dhcpRequestHolding(String src, String dst, int transaction, String held) {
    bootpMessage(src, 68, dst, 67, Packet.BOOTP_REQUEST, transaction, 0);
    p.bootpClientAddressLo = addr(held)[1];
    sink.accept(p);
  }

  /** A server's reply of transaction {@code transaction} offering {@code offered}, to the broadcast address. */
  void dhcpReply(String server, String offered, int transaction) {
    bootp(server, 67, "255.255.255.255", 68, Packet.BOOTP_REPLY, transaction, addr(offered)[1]);
  }

  /**
   * A DHCP exchange through a relay agent (UDP 67 to 67): the request it relays, then the server's reply
   * offering {@code offered} to a client of the relay's subnet.
   */
  void dhcpRelayedOffer(String server, String relay, String offered) {
    int transaction = ++dhcpTransactions;
    bootp(relay, 67, server, 67, Packet.BOOTP_REQUEST, transaction, 0);
    bootp(server, 67, relay, 67, Packet.BOOTP_REPLY, transaction, addr(offered)[1]);
  }

  private void bootp(String src, int sport, String dst, int dport, int op, int transaction, long yourAddressLo) {
    bootpMessage(src, sport, dst, dport, op, transaction, yourAddressLo);
    sink.accept(p);
  }

  /** The packet of a BOOTP message, not yet sent. */
  private void bootpMessage(String src, int sport, String dst, int dport, int op, int transaction,
      long yourAddressLo) {
    startWithPorts(src, sport, dst, dport, IpProtocol.UDP);
    p.linkGroupDestination = dst.equals("255.255.255.255");
    p.payloadLength = 300;
    p.bootpOp = op;
    p.bootpTransactionId = transaction;
    p.bootpYourAddressLo = yourAddressLo;
  }

  /** An SCTP packet whose first chunk is of type {@code chunk} (1 INIT, 2 INIT ACK, 6 ABORT, 10 COOKIE ECHO). */
  void sctp(String src, int sport, String dst, int dport, int chunk) {
    startWithPorts(src, sport, dst, dport, IpProtocol.SCTP);
    p.sctpChunkType = chunk;
    p.sctpChunkLength = -1;
    sink.accept(p);
  }

  /** An SCTP COOKIE ECHO whose chunk (header and cookie) is {@code chunkLength} bytes long. */
  void sctpCookieEcho(String src, int sport, String dst, int dport, int chunkLength) {
    startWithPorts(src, sport, dst, dport, IpProtocol.SCTP);
    p.sctpChunkType = 10;
    p.sctpChunkLength = chunkLength;
    sink.accept(p);
  }

  /** An SCTP INIT offering receive window {@code arwnd} and those stream counts. */
  void sctpInit(String src, int sport, String dst, int dport, long arwnd, int outboundStreams, int inboundStreams) {
    startWithPorts(src, sport, dst, dport, IpProtocol.SCTP);
    p.sctpChunkType = 1;
    p.sctpChunkLength = 20;
    p.sctpInitArwnd = arwnd;
    p.sctpInitOutboundStreams = outboundStreams;
    p.sctpInitInboundStreams = inboundStreams;
    sink.accept(p);
  }

  void icmp(String src, String dst, int type, int code) {
    icmpMessage(IpProtocol.ICMP, src, dst, type, code);
  }

  /** An ICMPv6 message (no neighbour discovery target). */
  void icmp6(String src, String dst, int type, int code) {
    icmpMessage(IpProtocol.ICMPV6, src, dst, type, code);
  }

  private void icmpMessage(int protocol, String src, String dst, int type, int code) {
    start(src, dst, protocol);
    p.icmpType = type;
    p.icmpCode = code;
    sink.accept(p);
  }

  /** An ICMPv6 neighbour solicitation (135) or advertisement (136) about {@code target}. */
  void neighbourDiscovery(String src, String dst, int type, String target) {
    start(src, dst, IpProtocol.ICMPV6);
    p.icmpType = type;
    p.icmpCode = 0;
    long[] t = addr(target);
    p.hasNdTarget = true;
    p.ndTargetHi = t[0];
    p.ndTargetLo = t[1];
    sink.accept(p);
  }

  /** An ICMP error from {@code src} quoting a UDP/TCP packet qsrc:qsport → qdst:qdport. */
  void icmpError(String src, String dst, int type, int code, String qsrc, int qsport, String qdst, int qdport,
      int qproto) {
    start(src, dst, src.indexOf(':') >= 0 ? IpProtocol.ICMPV6 : IpProtocol.ICMP);
    p.icmpType = type;
    p.icmpCode = code;
    p.hasQuoted = true;
    long[] a = addr(qsrc);
    long[] b = addr(qdst);
    p.quotedSrcHi = a[0];
    p.quotedSrcLo = a[1];
    p.quotedDstHi = b[0];
    p.quotedDstLo = b[1];
    p.quotedProtocol = qproto;
    p.quotedHasPorts = IpProtocol.hasPorts(qproto); // as the decoder sets it: TCP, UDP and SCTP only
    p.quotedSrcPort = qsport;
    p.quotedDstPort = qdport;
    sink.accept(p);
  }

  /** A datagram of an IP protocol without ports (GRE, ESP, OSPF, ...) carrying {@code payload} bytes. */
  void ip(String src, String dst, int protocol, int payload) {
    start(src, dst, protocol);
    p.payloadLength = payload;
    sink.accept(p);
  }

  /** A full, benign TCP conversation: handshake, request, response, FIN teardown. */
  void conversation(String client, int cport, String server, int sport) {
    conversation(client, cport, server, sport, linkSource);
  }

  /** The same, the server's packets coming from link-layer address {@code serverMac}. */
  void conversation(String client, int cport, String server, int sport, long serverMac) {
    long clientMac = linkSource;
    tcp(client, cport, server, sport, TcpFlags.SYN);
    linkSource = serverMac;
    tcp(server, sport, client, cport, TcpFlags.SYN | TcpFlags.ACK);
    linkSource = clientMac;
    tcp(client, cport, server, sport, TcpFlags.ACK);
    tcp(client, cport, server, sport, TcpFlags.PSH | TcpFlags.ACK, 120, 64240, 1);
    linkSource = serverMac;
    tcp(server, sport, client, cport, TcpFlags.PSH | TcpFlags.ACK, 900, 64240, 1);
    linkSource = clientMac;
    tcp(client, cport, server, sport, TcpFlags.FIN | TcpFlags.ACK);
    linkSource = serverMac;
    tcp(server, sport, client, cport, TcpFlags.FIN | TcpFlags.ACK);
    linkSource = clientMac;
    tcp(client, cport, server, sport, TcpFlags.ACK);
  }

  /**
   * An ARP packet on Ethernet: operation 1 (request) or 2 (reply), sender and target IPv4 addresses;
   * the sender's hardware address is the frame's ({@link #linkSource}), the target's unknown.
   */
  void arp(int operation, String sender, String target) {
    arp(operation, sender, target, 0);
  }

  /** The same, naming the target's hardware address, as a reply does the asker's. */
  void arp(int operation, String sender, String target, long targetHardware) {
    begin();
    p.arpOperation = operation;
    p.arpSenderLo = addr(sender)[1];
    p.arpSenderHardware = Math.max(linkSource, 0);
    p.arpTargetLo = addr(target)[1];
    p.arpTargetHardware = targetHardware;
    sink.accept(p);
  }

  private void startWithPorts(String src, int sport, String dst, int dport, int protocol) {
    start(src, dst, protocol);
    p.hasPorts = true;
    p.srcPort = sport;
    p.dstPort = dport;
  }

  /** A new record: its number, time and link layer (Ethernet); the rest left absent. */
  private void begin() {
    p.clearDecoded();
    p.frame = ++frame;
    p.linkType = LinkTypes.ETHERNET;
    p.linkGroupDestination = linkGroupDestination;
    p.linkSource = linkSource;
    p.linkDestination = linkDestination;
    p.tsNanos = ts;
    ts += 1_000_000; // 1 ms apart unless told otherwise
  }

  private void start(String src, String dst, int protocol) {
    begin();
    long[] a = addr(src);
    long[] b = addr(dst);
    p.ipVersion = src.indexOf(':') >= 0 ? 6 : 4;
    p.srcHi = a[0];
    p.srcLo = a[1];
    p.dstHi = b[0];
    p.dstLo = b[1];
    p.protocol = protocol;
    p.ipHeaderProtocol = protocol;
    p.ttl = ttl;
    p.ipId = ipId;
    p.dontFragment = dontFragment && p.ipVersion == 4;
  }

  static long[] addr(String text) {
    long[] hiLo = new long[2];
    if (!IpText.parse(text, hiLo)) {
      throw new IllegalArgumentException("not an address: " + text);
    }
    return hiLo;
  }
}
