package io.porthunter.detect;

import static io.porthunter.capture.IpProtocol.TCP;
import static io.porthunter.capture.IpProtocol.UDP;

import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.IpText;
import io.porthunter.capture.Packet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Contacts of a source that are neither failures nor probes, whatever their outcome, because normal
 * hosts make them: a traceroute's silent hops, a client falling back from UDP to TCP or from one
 * address family to the other or retrying what was refused, a server's ident lookups and active FTP
 * data connections, a host resolving the neighbours it talks to or naming them (reverse lookups), a
 * resolver priming its root hints, a client failing over between its servers, a peer-to-peer
 * client's departed peers, dead targets a monitor keeps checking or a service keeps connecting to
 * while it waits for them. {@link ScanJudge} marks them excused before judging the rest; the
 * settings bounding each excuse keep a scan from hiding behind it.
 */
final class Excuses {
  /**
   * How soon after its check a DHCP server offers the address: dnsmasq at once (while the kernel still
   * asks ARP for it), ISC dhcpd after waiting a second for an echo reply (ping-timeout). On a LAN, ISC
   * dhcpd's ping waits in the kernel until ARP resolves the address, so it leaves up to a few seconds
   * after the offer, once the client took the address and answers: a check that much after the offer
   * is one too.
   */
  static final long ADDRESS_CHECK_NANOS = 5_000_000_000L;
  /** RFC 1413's port: who is behind a connection, asked of its client by the server it reached. */
  private static final int IDENT_PORT = 113;
  /** HTTPS ports, each with the plain HTTP port a client falls back to. */
  private static final Map<Integer, Integer> PLAIN_HTTP_OF = Map.of(443, 80, 8443, 8080);
  /**
   * Mail's ways in a mail client's account guesser tries, per service: receiving (IMAP over TLS and
   * STARTTLS, POP3 likewise) and sending (SMTPS, submission, SMTP); {@link #mailGuesses}.
   */
  private static final List<Integer> MAIL_RECEIVING_PORTS = List.of(993, 143, 995, 110);
  private static final List<Integer> MAIL_SENDING_PORTS = List.of(465, 587, 25);
  /**
   * Hosts a mail client's guesser tries for one address: imap., pop3., smtp. and mail. of its domain,
   * and the domain itself (Thunderbird's guessConfig).
   */
  static final int MAIL_GUESS_MAX_HOSTS = 5;
  private static final int DNS_PORT = 53;
  /**
   * Name servers referrals named that a resolver failed on, at most, for {@link #referredServers}: a
   * few zones' servers down or filtered. More are judged as any.
   */
  static final int REFERRED_MAX_FAILED_SERVERS = 64;
  /**
   * Name servers a host asks, at most: resolv.conf(5) keeps three (MAXNS). Reverse lookups sent to
   * more are a sweep of DNS servers, judged as any.
   */
  static final int RESOLVERS_MAX = 3;
  /**
   * The root servers' addresses, as resolvers' root hints hold them (IANA's named.root: 13 servers,
   * one IPv4 and one IPv6 address each; b.root-servers.net's before its 2023 renumbering too, which
   * older built-in hints keep).
   */
  private static final AddressMap<Boolean> ROOT_SERVERS = addresses(
      "198.41.0.4", "2001:503:ba3e::2:30", "170.247.170.2", "2801:1b8:10::b", "199.9.14.201", "2001:500:200::b",
      "192.33.4.12", "2001:500:2::c", "199.7.91.13", "2001:500:2d::d", "192.203.230.10", "2001:500:a8::e",
      "192.5.5.241", "2001:500:2f::f", "192.112.36.4", "2001:500:12::d0d", "198.97.190.53", "2001:500:1::53",
      "192.36.148.17", "2001:7fe::53", "192.58.128.30", "2001:503:c27::2:30", "193.0.14.129", "2001:7fd::1",
      "199.7.83.42", "2001:500:9f::42", "202.12.27.33", "2001:dc3::35");

  /** {@link #monitorSide}: a target kept in use, or a dead one; also the index of their counts. */
  private static final int LIVE = 0;
  private static final int DEAD = 1;

  /** Techniques whose SYNs a client's connect sends: plain, or the stack's own. */
  private static final int CONNECT_TECHNIQUES = 1 << Technique.SYN.ordinal() | 1 << Technique.CONNECT.ordinal();

  private final DetectionSettings settings;
  /** {@link #fallbacks} matched once per station: the excused rows of each of its addresses. */
  private final Map<SourceState, Map<SourceState, boolean[]>> fallbacksByStation = new IdentityHashMap<>();
  /** {@link #guessSpans} per source, worked out once: each of its other family's sources lends from a copy. */
  private final Map<SourceState, List<long[]>> otherFamilyGuessSpans = new IdentityHashMap<>();

  Excuses(DetectionSettings settings) {
    this.settings = settings;
  }

  /**
   * A DHCP server checks that an address is free before it offers it (RFC 2131 section 4.4.1: ISC
   * dhcpd's ping-check, dnsmasq, Windows' conflict detection): its pings of an address, and its ARP
   * questions for it, that an offer of that address from it follows within {@link #ADDRESS_CHECK_NANOS}
   * (or, ISC dhcpd's ping held until ARP resolves, precedes by as much) are neither failures nor probes.
   * An answered ping is excused only when the offer came first: a server offers an address only when no
   * one answered for it, so only the held ping, answered by the client that took the address, is
   * answered. Pings of addresses it offered at other times stay judged. Only offers answering a
   * client's request count, one each ({@link DhcpRequests}): forged ones would excuse a sweep.
   */
  static void addressChecks(SourceState src, Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    for (int r : k.rows) {
      int protocol = c.protocol(r);
      boolean ping = IpProtocol.isIcmp(protocol);
      if (!ping && !PortList.isResolution(protocol)) {
        continue;
      }
      long to = ping && c.outcome(r).success() ? c.firstTs(r) : c.lastTs(r) + ADDRESS_CHECK_NANOS;
      if (src.offeredBetween(c.dstHi(r), c.dstLo(r), c.firstTs(r) - ADDRESS_CHECK_NANOS, to)) {
        k.excuse(excused, r, Excuse.ADDRESS_CHECK);
      }
    }
  }

  /**
   * A station asking from 0.0.0.0 (RFC 5227) for an address that it announced, or sent ARP or IP
   * packets as, checked its own new address (a server taking its static addresses one by one at
   * boot), not a host of another's.
   */
  static void ownAddressProbes(SourceState src, AddressMap<SourceState> all, Contacts k, boolean[] excused) {
    if (!Addresses.isUnnamedStation(src.hi, src.lo)) {
      return;
    }
    ContactTable c = k.table;
    for (int r : k.rows) {
      SourceState target = all.get(c.dstHi(r), c.dstLo(r));
      if (target != null && (target.arpStation() == src.lo || target.station == src.lo)) {
        k.excuse(excused, r, Excuse.OWN_ADDRESS);
      }
    }
  }

  /**
   * A recursive resolver asks the name servers a referral to it named (RFC 1034 §4.3.2): its
   * questions to them after the referral (datagrams with a query, its stack's connects) are neither
   * failures nor a sweep of DNS servers, answered or not (a zone's servers down, or out of reach
   * behind an egress filter), on {@link #REFERRED_MAX_FAILED_SERVERS} servers at most. A scanner's
   * probes of DNS servers follow no referral naming them; one serving itself referrals that name its
   * targets hides that few at most.
   */
  static void referredServers(SourceState src, Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    IntPredicate askedAfterReferral = r -> c.port(r) == DNS_PORT
        && (failedConnect(c, r)
            || (c.protocol(r) == UDP && !c.outcome(r).success() && (c.marks(r) & ContactTable.SENT_DATA) != 0))
        && src.referredBefore(c.dstHi(r), c.dstLo(r), c.firstTs(r));
    for (int r : rowsOnFewHosts(c, k.rows, REFERRED_MAX_FAILED_SERVERS, askedAfterReferral)) {
      k.excuse(excused, r, Excuse.REFERRAL);
    }
  }

  /**
   * A host finding how far others are (netselect ranking mirrors, mtr or traceroute -I to several
   * hosts) asks each one with ICMP queries whose TTL it steps, all of them a traceroute's (30 or less:
   * pings go out with 64 or more, nmap's with 37 to 59), and routers answer "time exceeded" about some:
   * when routers said so about one of the source's ICMP queries, its queries to a host every one of
   * which went with such a TTL are hop searches, neither failures nor a sweep's.
   */
  static void hopSearches(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    boolean traced = false;
    for (int r : k.rows) {
      traced |= IpProtocol.isIcmp(c.protocol(r)) && (c.marks(r) & ContactTable.TIME_EXCEEDED) != 0;
    }
    if (!traced) {
      return;
    }
    for (int r : k.rows) {
      if (IpProtocol.isIcmp(c.protocol(r)) && (c.marks(r) & ContactTable.TRACEROUTE_TTLS) != 0) {
        k.excuse(excused, r, Excuse.HOP_SEARCH);
      }
    }
  }

  /**
   * Leaves a host's own DNS questions out of its contacts, answered or not: they are neither
   * failures, probes nor targets:
   * <ul>
   *   <li>its reverse lookups (a scanner's own, naming the hosts it reaches: nmap without {@code -n},
   *       nast, hping3), while they go to {@link #RESOLVERS_MAX} hosts at most: a resolver out of
   *       reach would otherwise be a scan target, its lookups probes, the first of them the scan's
   *       first event, and an answering one a host the sweep found up;</li>
   *   <li>a recursive resolver's priming queries (the root's name servers, RFC 8109) to the root
   *       servers ({@link #ROOT_SERVERS}), and to {@link #RESOLVERS_MAX} other hosts at most (a
   *       private root's): one whose upstream is blocked asks its root hints round after round, and
   *       none answers.</li>
   * </ul>
   * More hosts asked are a sweep of DNS servers, judged as any: a sweep asking "{@code . NS}" of the
   * hosts it reaches too.
   */
  static void leaveOutOwnQueries(Contacts k) {
    int own = ownQueries(k, ContactTable.REVERSE_LOOKUP, false) | ownQueries(k, ContactTable.ROOT_PRIMING, true);
    if (own != 0) {
      k.leaveOut(r -> (k.table.marks(r) & own) != 0);
    }
  }

  /**
   * {@code mark} when the rows it marks go to {@link #RESOLVERS_MAX} hosts at most, the root servers
   * aside when {@code rootsAside}, else 0.
   */
  private static int ownQueries(Contacts k, int mark, boolean rootsAside) {
    ContactTable c = k.table;
    AddressMap<Boolean> servers = null;
    boolean any = false;
    for (int r : k.rows) {
      if ((c.marks(r) & mark) != 0) {
        any = true;
        if (rootsAside && ROOT_SERVERS.get(c.dstHi(r), c.dstLo(r)) != null) {
          continue;
        }
        if (servers == null) {
          servers = new AddressMap<>(Contacts.SCRATCH_HOSTS);
        }
        servers.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> Boolean.TRUE);
      }
    }
    return !any || (servers != null && servers.size() > RESOLVERS_MAX) ? 0 : mark;
  }

  private static AddressMap<Boolean> addresses(String... literals) {
    AddressMap<Boolean> map = new AddressMap<>(literals.length * 2);
    long[] address = new long[2];
    for (String literal : literals) {
      if (!IpText.parse(literal, address)) {
        throw new IllegalArgumentException(literal);
      }
      map.add(address[0], address[1], Boolean.TRUE);
    }
    return map;
  }

  /**
   * Marks the probes of a firewalk (firewalk(8), nmap {@code --ttl}, hping3 {@code --ttl}): TCP tries
   * sent with a low TTL, told "time exceeded" by a router or left unanswered, to {@code minPorts} or
   * more ports of one host with one TTL, when a router answered about the host. A firewalk keeps the
   * TTL that expires just past the filter, so a router's answers about many ports map which of them
   * the filter passes: those tries are no traceroute's hops, and no success either. A traceroute
   * raises the TTL from hop to hop: tcptraceroute, traceroute -T and nmap --traceroute try one port,
   * BSD and macOS traceroute -P tcp a new port with each probe, a few per TTL. With no router's answer
   * about the host, low-TTL silence is only a distant sender's, judged as any.
   */
  static void markFirewalking(Contacts k, int minPorts) {
    ContactTable c = k.table;
    AddressMap<int[]> hosts = null; // per host: {its number, tries told "time exceeded"}
    long[] tries = null; // per low-TTL try: its host's number, then its TTL
    int n = 0;
    for (int r : k.rows) {
      if (lowTtlTry(c, r)) { // rows are one per (host, protocol, port): each a port of its host
        if (hosts == null) {
          hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
          tries = new long[k.rows.length];
        }
        AddressMap<int[]> numbered = hosts;
        int[] host = hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new int[] {numbered.size(), 0});
        host[1] += c.outcome(r) == Outcome.TRACED ? 1 : 0;
        tries[n++] = (long) host[0] << Byte.SIZE | c.openingTtl(r);
      }
    }
    if (hosts == null) {
      return;
    }
    Arrays.sort(tries, 0, n);
    boolean[] walked = new boolean[hosts.size()];
    int from = 0;
    while (from < n) { // runs of one host and TTL: the ports tried with it
      int to = from + 1;
      while (to < n && tries[to] == tries[from]) {
        to++;
      }
      walked[(int) (tries[from] >>> Byte.SIZE)] |= to - from >= minPorts;
      from = to;
    }
    for (int r : k.rows) {
      int[] host = lowTtlTry(c, r) ? hosts.get(c.dstHi(r), c.dstLo(r)) : null;
      k.firewalked[r] = host != null && walked[host[0]] && host[1] > 0;
    }
  }

  private static boolean lowTtlTry(ContactTable c, int r) {
    Outcome o = c.outcome(r);
    return c.protocol(r) == TCP && (c.marks(r) & ContactTable.LOW_TTL) != 0
        && (o == Outcome.TRACED || o == Outcome.UNANSWERED);
  }

  /**
   * Connections a server opens back to its clients, neither failures nor probes:
   * <ul>
   *   <li>ident lookups (RFC 1413, tcp/113) to hosts that had connected to this source: a server (IRC,
   *       mail, FTP) asking each client who is behind the connection it received, refused or
   *       unanswered as most clients run no identd; not to a host whose other TCP ports the source
   *       failed on as many times as a scan needs ({@code minFailed}): port 113 is one of its scan's;</li>
   *   <li>active-mode FTP data connections (RFC 959's PORT, RFC 2428's EPRT): to an unprivileged port
   *       of a client, while that client's control connection to this source's tcp/21 was open; a
   *       client behind NAT or a firewall that does not follow FTP drops them.</li>
   * </ul>
   */
  static void callbacks(SourceState src, AddressMap<SourceState> all, Contacts k, boolean[] excused,
      int minFailed) {
    ContactTable c = k.table;
    AddressMap<int[]> failedPorts = null; // per host, made for the first ident lookup
    for (int r = 0; r < c.size(); r++) {
      if (c.protocol(r) != TCP || (c.port(r) != IDENT_PORT && c.port(r) < Technique.WELL_KNOWN_PORTS)) {
        continue;
      }
      SourceState client = all.get(c.dstHi(r), c.dstLo(r));
      if (client == null) {
        continue;
      }
      if (c.port(r) == IDENT_PORT) {
        failedPorts = failedPorts != null ? failedPorts : failedTcpPortsByHost(c);
        int[] failedThere = failedPorts.get(c.dstHi(r), c.dstLo(r));
        if (client.contacts.connectedTo(src.hi, src.lo)
            && (failedThere == null || failedThere[0] - (c.outcome(r).success() ? 0 : 1) < minFailed)) {
          k.excuse(excused, r, Excuse.CALLBACK);
        }
      } else {
        int control = client.contacts.row(src.hi, src.lo, TCP, Packet.FTP_CONTROL_PORT);
        if (control >= 0 && client.contacts.outcome(control) == Outcome.CONVERSATION
            && c.firstTs(r) >= client.contacts.firstTs(control) && c.firstTs(r) <= client.contacts.lastTs(control)) {
          k.excuse(excused, r, Excuse.CALLBACK);
        }
      }
    }
  }

  /** How many TCP ports of each host the source failed on. */
  private static AddressMap<int[]> failedTcpPortsByHost(ContactTable c) {
    AddressMap<int[]> hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r = 0; r < c.size(); r++) {
      if (c.protocol(r) == TCP && !c.outcome(r).success()) {
        hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new int[1])[0]++;
      }
    }
    return hosts;
  }

  /**
   * Failures of two kinds of normal clients, excused from a source that both failed and was served
   * (held a conversation, or got an answer, on a contact that neither failed first nor was left
   * half-open: a scanner's version detection of the ports it found does not count) over TCP or UDP:
   * <ul>
   *   <li><b>failover</b>, a client trying its servers in turn (a domain controller locator, a
   *       resolver or mirror list): a failure on a service it was served on by another host, when that
   *       service failed on fewer than {@code minFailedContacts} hosts and the host on at most
   *       {@code failoverMaxServicesPerHost} services (a dead server fails on the few it was asked for);
   *       a sweep of the service fails on more hosts, a scan of the host on more ports;</li>
   *   <li><b>peers</b>, a peer-to-peer client (BitTorrent, a DHT): its contacts on ports of 1024 or
   *       above, on services that failed on fewer than {@code minFailedContacts} hosts, to hosts it
   *       met on at most {@code peerMaxPortsPerHost} such ports, are peers on the ports they chose;
   *       when their distinct ports number at least {@code peerMinDistinctPortShare} of their hosts,
   *       and at least {@code peerMinConversationShare} of those hosts (and {@code minFailedContacts})
   *       served it, their failures are peers that went away. A sweep's port fails on many hosts and
   *       stays judged, whatever peers the source has besides; but a client's default port, which
   *       many peers share, fails on many too: a service on which hosts that served the source were
   *       spoken a BitTorrent peer's protocol (a handshake, a DHT query), at least {@code
   *       peerMinConversationShare} as many as failed there, counts however many hosts failed.</li>
   * </ul>
   */
  void clients(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    boolean served = false;
    boolean failed = false;
    for (int r : k.rows) {
      if (overTcpOrUdp(c, r)) {
        served |= served(c, r);
        failed |= !c.outcome(r).success();
      }
    }
    if (!served || !failed) {
      return; // most sources: nothing to excuse, nothing allocated
    }
    // per (protocol, port): [failed hosts, 1 when served, hosts that served it in a peer's protocol]
    Map<Integer, int[]> services = new HashMap<>();
    // per host: [failed services, high ports, served]
    AddressMap<int[]> hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r : k.rows) {
      if (overTcpOrUdp(c, r)) {
        boolean fail = !c.outcome(r).success();
        int servedHere = served(c, r) ? 1 : 0;
        int[] service = services.computeIfAbsent(c.protoPort(r), x -> new int[3]);
        service[0] += fail ? 1 : 0;
        service[1] |= servedHere;
        service[2] += (c.marks(r) & ContactTable.PEER_PROTOCOL) != 0 ? servedHere : 0;
        int[] host = hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new int[3]);
        host[0] += fail ? 1 : 0;
        host[1] += c.port(r) >= Technique.WELL_KNOWN_PORTS ? 1 : 0;
        host[2] |= servedHere;
      }
    }
    boolean[] peer = new boolean[c.size()];
    AddressMap<int[]> peerHosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    Set<Integer> peerPorts = new HashSet<>();
    int peersServing = 0;
    for (int r : k.rows) {
      if (!overTcpOrUdp(c, r)) {
        continue;
      }
      int[] service = services.get(c.protoPort(r));
      int[] host = hosts.get(c.dstHi(r), c.dstLo(r));
      boolean fewHosts = service[0] < settings.minFailedContacts();
      if (!c.outcome(r).success() && service[1] == 1 && fewHosts && host[0] <= settings.failoverMaxServicesPerHost()) {
        k.excuse(excused, r, Excuse.FAILOVER);
      }
      boolean swarm = service[2] > 0 && service[2] >= settings.peerMinConversationShare() * service[0];
      peer[r] = (fewHosts || swarm) && c.port(r) >= Technique.WELL_KNOWN_PORTS
          && host[1] <= settings.peerMaxPortsPerHost();
      if (peer[r]) {
        peerPorts.add(c.protoPort(r));
        if (peerHosts.get(c.dstHi(r), c.dstLo(r)) == null) {
          peerHosts.add(c.dstHi(r), c.dstLo(r), host);
          peersServing += host[2];
        }
      }
    }
    int n = peerHosts.size();
    if (peersServing >= settings.minFailedContacts() && peersServing >= settings.peerMinConversationShare() * n
        && peerPorts.size() >= settings.peerMinDistinctPortShare() * n) {
      for (int r : k.rows) {
        if (peer[r]) {
          k.excuse(excused, r, Excuse.DEPARTED_PEER);
        }
      }
    }
  }

  /**
   * A client retrying what was refused: a connect refused (RST) and tried again from the stack
   * within {@code fallbackMaxDelayNanos}, on a service that at least {@code minFailedContacts}
   * other hosts served the source on, with data sent, and no fewer of them than refused it there (a
   * browser whose firewall resets the hosts it blocks, each retried once, beside the sites it loads).
   * A scanner takes a refusal for a closed port and moves on; nmap, masscan and zmap never probe a port
   * that refused them again in the same pass; and a sweep's refusals, however often it probes each
   * host (a prober that retries its connects, a scan run twice), outnumber the hosts it talked to.
   */
  void retriedRefusals(SourceState src, Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    if (!src.mostlyStackSyns()) {
      return; // a raw scanner's SYNs: not a client's connect()
    }
    Map<Integer, Integer> servedWithData = null; // per (protocol, port): hosts that served the source
    for (int r : k.rows) {
      if (c.protocol(r) == TCP && served(c, r) && (c.marks(r) & ContactTable.SENT_DATA) != 0) {
        servedWithData = servedWithData != null ? servedWithData : new HashMap<>();
        servedWithData.merge(c.protoPort(r), 1, Integer::sum);
      }
    }
    if (servedWithData == null) {
      return; // most sources
    }
    Map<Integer, Integer> refusedBy = new HashMap<>(); // per (protocol, port): hosts that refused the source
    for (int r : k.rows) {
      if (c.protocol(r) == TCP && c.outcome(r) == Outcome.REFUSED) {
        refusedBy.merge(c.protoPort(r), 1, Integer::sum);
      }
    }
    for (int r : k.rows) {
      int served = servedWithData.getOrDefault(c.protoPort(r), 0);
      if (c.protocol(r) == TCP && c.outcome(r) == Outcome.REFUSED && c.attempts(r) >= 2
          && c.lastTs(r) - c.firstTs(r) <= settings.fallbackMaxDelayNanos()
          && served >= settings.minFailedContacts() && refusedBy.get(c.protoPort(r)) <= served) {
        k.excuse(excused, r, Excuse.RETRIED_REFUSAL);
      }
    }
  }

  /**
   * Happy Eyeballs (RFC 8305): a client of a dual-stack site connects to one of its addresses, IPv6
   * first, and when that stays unanswered for a moment (250 ms recommended) to one of the other
   * family, which broken IPv6 makes a failure per site; a resolver asks a zone's servers the same
   * way, and a mail server tries an exchanger's addresses in turn, each once its connect timed out.
   * A failed connect (a SYN that drew no handshake), or an unanswered datagram with a payload, is
   * excused when, within {@code fallbackMaxDelayNanos} after its last try, an address of the other
   * family from the same station held a conversation (or was answered) on the same service; each
   * conversation excuses one failure of the station's addresses, matched in time order, so a scan
   * cannot hide behind a few connections of the other family. Not from a routing station ({@link
   * Stations#otherFamily}).
   */
  void fallbacks(SourceState src, Stations stations, Contacts k, boolean[] excused) {
    excuseFallbacks(src, stations, k, excused, false);
  }

  /**
   * {@link #fallbacks} of the source's unanswered ARP or neighbour questions, judged before the sweep
   * rules count them: on the local segment a connect to a stale address of one family never leaves
   * the host (its neighbour stays silent), and Happy Eyeballs' connection over the other family follows
   * within a moment, to whatever address that family has, so any service of it lends itself, once.
   */
  void neighbourFallbacks(SourceState src, Stations stations, Contacts k, boolean[] excused) {
    excuseFallbacks(src, stations, k, excused, true);
  }

  private void excuseFallbacks(SourceState src, Stations stations, Contacts k, boolean[] excused,
      boolean questions) {
    ContactTable c = k.table;
    boolean failed = false;
    for (int r : k.rows) {
      failed |= PortList.isResolution(c.protocol(r)) == questions && fellShort(c, r);
    }
    if (!failed) {
      return; // most sources; the rest share one matching per station
    }
    Map<SourceState, boolean[]> matched = fallbacksByStation.get(src);
    boolean[] fellBack = (matched != null ? matched : matchStation(src, stations)).get(src);
    for (int r : k.rows) {
      if (fellBack != null && fellBack[r] && PortList.isResolution(c.protocol(r)) == questions) {
        k.excuse(excused, r, Excuse.FALLBACK);
      }
    }
  }

  /**
   * A client falling back from HTTPS to plain HTTP on the same host (a crawler or link checker trying
   * {@code https://} first): a failed connect() to 443 (8443), followed within {@code
   * fallbackMaxDelayNanos} of its last try by a conversation on 80 (8080) of that host. A raw
   * scanner's SYNs are no connect() (nmap -sS -sV talks to 80 right after 443 refused its SYN), and a
   * scanner's probe of 80 is no conversation.
   */
  void schemeFallbacks(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    for (int r : k.rows) {
      int plain = failedConnect(c, r) ? PLAIN_HTTP_OF.getOrDefault(c.port(r), -1) : -1;
      int to = plain < 0 ? -1 : c.row(c.dstHi(r), c.dstLo(r), TCP, plain);
      if (to >= 0 && c.outcome(to) == Outcome.CONVERSATION && c.firstTs(to) >= c.firstTs(r)
          && c.firstTs(to) - c.lastTs(r) <= settings.fallbackMaxDelayNanos()) {
        k.excuse(excused, r, Excuse.SCHEME_FALLBACK);
      }
    }
  }

  /**
   * A mail client setting up an account guesses its servers (Thunderbird's guessConfig): it connects
   * to the receiving ports (993, 143, 995, 110) and the sending ones (465, 587, 25) of the candidate
   * names at once, and keeps what greets it. A failed connect() to one of those ports of a host is
   * excused when a conversation on another port of the same service of that host began within {@code
   * fallbackMaxDelayNanos} of it, on {@link #MAIL_GUESS_MAX_HOSTS} hosts at most: more are a sweep
   * of mail servers, judged as any. A raw scanner's SYN is no connect(), and a connect scan's probes
   * are no conversations. A name with addresses of both families is tried on the other one when the
   * first refused (getaddrinfo's order, Happy Eyeballs), and only the first talks: a failed connect
   * to a mail port is excused too when, as near, the station's address of the other family made a
   * guess on that port, each such guess lending itself once.
   */
  void mailGuesses(SourceState src, Stations stations, Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    boolean mailFailed = false;
    for (int r : k.rows) {
      mailFailed |= mailService(c, r) != null;
    }
    if (!mailFailed) {
      return; // most sources: nothing to allocate
    }
    List<long[]> spans = new ArrayList<>(); // the other family's guesses, a copy each lends from once
    for (SourceState other : stations.otherFamily(src)) {
      spans.addAll(otherFamilyGuessSpans.computeIfAbsent(other, this::guessSpans));
    }
    List<Integer> guesses = rowsOnFewHosts(c, k.rows, MAIL_GUESS_MAX_HOSTS, r -> {
      List<Integer> service = mailService(c, r);
      return service != null && (talkedOnAnother(c, r, service) || lentOne(c, r, spans));
    });
    for (int r : guesses) {
      k.excuse(excused, r, Excuse.MAIL_GUESS);
    }
  }

  /**
   * The rows of {@code c} among {@code rows} that {@code take} takes, when they reach {@code maxHosts}
   * hosts at most; else none (so many are a sweep, judged as any).
   */
  private static List<Integer> rowsOnFewHosts(ContactTable c, int[] rows, int maxHosts, IntPredicate take) {
    List<Integer> taken = null;
    AddressMap<Boolean> hosts = null;
    for (int r : rows) {
      if (take.test(r)) {
        if (taken == null) {
          taken = new ArrayList<>();
          hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
        }
        taken.add(r);
        hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> Boolean.TRUE);
      }
    }
    return taken != null && hosts.size() <= maxHosts ? taken : List.of();
  }

  /** Whether row {@code r} is a failed connect() to a mail port talked beside ({@link #talkedOnAnother}). */
  private boolean guessedBeside(ContactTable c, int r) {
    List<Integer> service = mailService(c, r);
    return service != null && talkedOnAnother(c, r, service);
  }

  /** The mail service of row {@code r}'s port when it is a failed connect(): its ports, else null. */
  private static List<Integer> mailService(ContactTable c, int r) {
    return !failedConnect(c, r) ? null
        : MAIL_RECEIVING_PORTS.contains(c.port(r)) ? MAIL_RECEIVING_PORTS
        : MAIL_SENDING_PORTS.contains(c.port(r)) ? MAIL_SENDING_PORTS : null;
  }

  /**
   * The mail guesses of {@code source} talked beside (for its station's other family, {@link
   * #mailGuesses}), each as (port, first try, last try and {@code fallbackMaxDelayNanos}): the span
   * a try of the name's other address begins in. Worked out once per source.
   */
  private List<long[]> guessSpans(SourceState source) {
    ContactTable o = source.contacts;
    List<long[]> spans = new ArrayList<>();
    int[] all = IntStream.range(0, o.size()).toArray();
    for (int r : rowsOnFewHosts(o, all, MAIL_GUESS_MAX_HOSTS, r -> guessedBeside(o, r))) {
      spans.add(new long[] {o.port(r), o.firstTs(r), o.lastTs(r) + settings.fallbackMaxDelayNanos()});
    }
    return spans;
  }

  /**
   * Whether one of {@code spans} on row {@code r}'s port has its first try begin in it (after the
   * other address's, soon enough after its last); that span is then used up.
   */
  private static boolean lentOne(ContactTable c, int r, List<long[]> spans) {
    for (Iterator<long[]> i = spans.iterator(); i.hasNext(); ) {
      long[] span = i.next();
      if (span[0] == c.port(r) && span[1] <= c.firstTs(r) && c.firstTs(r) <= span[2]) {
        i.remove();
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a conversation on another of {@code ports} of row {@code r}'s host began near its try, a
   * client's from its first connect: not a port a connect scan found open, then talked to (nmap -sT
   * -sV), nor one it probed beside a conversation.
   */
  private boolean talkedOnAnother(ContactTable c, int r, List<Integer> ports) {
    int probed = ContactTable.FAILED | ContactTable.EMPTY_CONNECTED | ContactTable.EMPTY_CLOSED_BY_FIN;
    for (int port : ports) {
      int to = port == c.port(r) ? -1 : c.row(c.dstHi(r), c.dstLo(r), TCP, port);
      if (to >= 0 && c.outcome(to) == Outcome.CONVERSATION && (c.marks(to) & probed) == 0
          && Math.abs(c.firstTs(to) - c.firstTs(r)) <= settings.fallbackMaxDelayNanos()) {
        return true;
      }
    }
    return false;
  }

  /** A failed connect() of the source's stack: no raw scanner's SYN. */
  private static boolean failedConnect(ContactTable c, int r) {
    return c.protocol(r) == TCP && fellShort(c, r)
        && (c.marks(r) & (ContactTable.CRAFTED_SYN_OPENED | ContactTable.RAW_SYN_OPENED)) == 0;
  }

  /**
   * What a client falls back from: a TCP contact opened by a SYN, plain or the stack's, that no
   * handshake answered, a datagram with a payload (a query) nothing answered, or an ARP or neighbour
   * question for a host that never answered (on the local segment, all a connect to it shows).
   */
  private static boolean fellShort(ContactTable c, int r) {
    Outcome o = c.outcome(r);
    if (PortList.isResolution(c.protocol(r))) {
      return !o.success();
    }
    if (c.protocol(r) == UDP) {
      return o == Outcome.UNANSWERED && (c.marks(r) & ContactTable.SENT_DATA) != 0;
    }
    return c.protocol(r) == TCP && !o.success() && o != Outcome.EMPTY_CONNECT && o != Outcome.HALF_OPEN
        && (c.techniques(r) & CONNECT_TECHNIQUES) != 0;
  }

  /** What a client fell back to: a TCP conversation, or a datagram exchange that was answered. */
  private static boolean heldWith(ContactTable c, int r) {
    return c.protocol(r) == TCP ? c.outcome(r) == Outcome.CONVERSATION
        : c.protocol(r) == UDP && c.outcome(r).success();
  }

  /**
   * {@link #fallbacks} for every address of {@code src}'s family at its station at once: their failed
   * connects and queries in time order, each taking the first conversation of the other family on its
   * service that starts after its first try and soon enough after its last. A contact row is known by
   * its first conversation's start alone, so it lends one conversation: lending a row's later ones
   * anywhere in its span let a busy IPv4 peer (a resolver, a web server connected to again and again)
   * hide a whole IPv6 sweep of the same service. Returns the excused rows per source, and files the
   * result under each.
   */
  private Map<SourceState, boolean[]> matchStation(SourceState src, Stations stations) {
    Map<SourceState, boolean[]> excusedBySource = new IdentityHashMap<>();
    // the other family's conversations, (start, protocol and port, lent), by service and all together
    Map<Integer, ArrayDeque<long[]>> conversations = new HashMap<>();
    ArrayDeque<long[]> anyService = new ArrayDeque<>();
    List<long[]> held = new ArrayList<>();
    for (SourceState other : stations.otherFamily(src)) {
      ContactTable o = other.contacts;
      for (int r = 0; r < o.size(); r++) {
        if (heldWith(o, r)) {
          held.add(new long[] {o.firstTs(r), o.protoPort(r), 0});
        }
      }
    }
    held.sort(Comparator.comparingLong(h -> h[0]));
    for (long[] h : held) {
      conversations.computeIfAbsent((int) h[1], p -> new ArrayDeque<>()).add(h);
      anyService.add(h);
    }
    List<SourceState> mates = stations.mates(src);
    List<SourceState> family = mates.isEmpty() ? List.of(src) : mates;
    List<long[]> failures = new ArrayList<>(); // (first try, source index, row), in time order
    for (int i = 0; i < family.size(); i++) {
      SourceState s = family.get(i);
      excusedBySource.put(s, new boolean[s.contacts.size()]);
      fallbacksByStation.put(s, excusedBySource);
      for (int r = 0; r < s.contacts.size(); r++) {
        if (fellShort(s.contacts, r)) {
          failures.add(new long[] {s.contacts.firstTs(r), i, r});
        }
      }
    }
    failures.sort(Comparator.<long[]>comparingLong(f -> f[0]).thenComparingLong(f -> f[1]).thenComparingLong(f -> f[2]));
    for (long[] f : failures) {
      SourceState s = family.get((int) f[1]);
      int row = (int) f[2];
      ArrayDeque<long[]> after = PortList.isResolution(s.contacts.protocol(row)) ? anyService
          : conversations.get(s.contacts.protoPort(row));
      if (after == null) {
        continue;
      }
      while (!after.isEmpty() && (after.peekFirst()[0] < f[0] || after.peekFirst()[2] != 0)) {
        after.pollFirst(); // too early for this failure, and for every later one; or lent already
      }
      if (!after.isEmpty() && after.peekFirst()[0] - s.contacts.lastTs(row) <= settings.fallbackMaxDelayNanos()) {
        after.pollFirst()[2] = 1;
        excusedBySource.get(s)[row] = true;
      }
    }
    return excusedBySource;
  }

  static boolean overTcpOrUdp(ContactTable c, int r) {
    return c.protocol(r) == TCP || c.protocol(r) == UDP;
  }

  /**
   * The contact served the source: a conversation held or a question answered, on a target it had not
   * failed on first nor left half-open (a scanner's version detection talks to what it found).
   */
  static boolean served(ContactTable c, int r) {
    Outcome o = c.outcome(r);
    return (o == Outcome.CONVERSATION || o == Outcome.REPLIED)
        && (c.marks(r) & (ContactTable.FAILED | ContactTable.HALF_OPENED)) == 0;
  }

  /**
   * ARP requests and neighbour solicitations that are no sweep: those of a station that forwards
   * other sources' packets (a router finding the next hop of routed traffic: a routed scan's
   * targets, dead ones included; see {@link Stations#forwards}), and those for a host the source, or
   * another address of its station, also sent IP packets (a client finding its server, a scanner the
   * host it probes), or that talked to it; or that reached it over IP, drew an answer and answered
   * the request (a server refusing its clients, a scan's target resetting each probe of a scanner
   * that changes its address), or that reached it from a station sending as several addresses and was
   * never answered (a decoy scan's target asking for each decoy). They are neither failures nor
   * probes. True when the source asked at all.
   */
  static boolean resolutions(SourceState src, AddressMap<SourceState> all, Stations stations, Contacts k,
      boolean[] excused) {
    ContactTable c = k.table;
    AddressMap<Boolean> asked = null; // most sources ask nothing: judged by the thousand, they allocate nothing
    for (int r = 0; r < c.size(); r++) {
      if (PortList.isResolution(c.protocol(r))) {
        if (asked == null) {
          asked = new AddressMap<>(Contacts.SCRATCH_HOSTS);
        }
        asked.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> Boolean.TRUE);
      }
    }
    if (asked == null) {
      return false;
    }
    AddressMap<Boolean> overIp = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    addIpTargets(src.contacts, overIp);
    for (SourceState mate : stations.mates(src)) {
      if (mate != src) {
        addIpTargets(mate.contacts, overIp);
      }
    }
    boolean forwarding = stations.forwards(src, asked);
    for (int r = 0; r < c.size(); r++) {
      if (PortList.isResolution(c.protocol(r))) {
        SourceState peer = all.get(c.dstHi(r), c.dstLo(r));
        if (forwarding || overIp.get(c.dstHi(r), c.dstLo(r)) != null
            || (peer != null && peer.contacts.connectedTo(src.hi, src.lo))
            // to answer a host that reached it, when the host answered back: a sweeper forging a
            // packet from each host it then asks for still fails on the dead ones
            || (c.outcome(r).success() && peer != null && peer.contacts.answeredBy(src.hi, src.lo))
            || (peer != null && answeringForgedPackets(src, peer, stations))) {
          k.excuse(excused, r, Excuse.RESOLUTION);
        }
      }
    }
    return true;
  }

  /**
   * The host's packets to the source came from a station that also sends as other addresses (a decoy
   * scan's forged copies, a scanner changing its address with every probe), and the source never
   * answered it: it asked for the host in order to answer, and the answer waits for a reply no one
   * sends. A host's stack cannot answer an address before it has resolved it, so a sweeper answering
   * the packets forged from the hosts it then asks for still sweeps.
   */
  private static boolean answeringForgedPackets(SourceState src, SourceState peer, Stations stations) {
    return stations.mates(peer).size() > 1 && peer.contacts.triedOverIp(src.hi, src.lo)
        && !peer.contacts.answeredBy(src.hi, src.lo);
  }

  /** Adds the hosts a contact table reached over IP (not by ARP or neighbour discovery). */
  private static void addIpTargets(ContactTable c, AddressMap<Boolean> into) {
    for (int i = 0; i < c.size(); i++) {
      if (!PortList.isResolution(c.protocol(i))) {
        into.computeIfAbsent(c.dstHi(i), c.dstLo(i), () -> Boolean.TRUE);
      }
    }
  }

  /**
   * Silent tries that are not failures: a traceroute's hops past the last router that answers (sent
   * with a traceroute's TTL to a host the source traced, at most {@code tracerouteMaxHops} per host, so
   * a scan cannot hide behind one traced probe), UDP tries a client fell back from to TCP, and
   * datagrams with a payload (a log line, a trap, flow records; scanners' probes are mostly empty) to
   * services that never answer (syslog, SNMP traps, flow export), sent to at most {@code
   * oneWayMaxHosts} hosts on the port (its collectors; a sweep of the port still fails). Also
   * ICE connectivity checks (STUN) that fail, silent or refused, up to {@link #iceChecksExcusable}: a
   * call's client tries every address and port its peer offered.
   */
  boolean[] silences(Contacts k) {
    ContactTable c = k.table;
    boolean[] excused = new boolean[c.size()];
    AddressMap<int[]> traced = null;
    for (int r = 0; r < c.size(); r++) {
      if (c.outcome(r) == Outcome.TRACED) {
        if (traced == null) {
          traced = new AddressMap<>(Contacts.SCRATCH_HOSTS);
        }
        traced.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new int[1]);
      }
    }
    boolean[] hops = tracerouteRuns(k);
    int iceChecks = iceChecksExcusable(k);
    Map<Integer, int[]> oneWayHosts = null;
    for (int r : k.rows) {
      boolean iceCheck = (c.marks(r) & ContactTable.CONNECTIVITY_CHECK) != 0 && !c.outcome(r).success();
      if (hops[r] || (iceCheck && iceChecks > 0)) {
        // answered by the target (port unreachable) or not: a hop of a traceroute, or an ICE
        // candidate that does not work (one socket checks every candidate address of a peer)
        k.excuse(excused, r, Excuse.EXPECTED_SILENCE);
        iceChecks -= hops[r] ? 0 : 1;
        continue;
      }
      if (c.outcome(r) != Outcome.UNANSWERED) {
        continue;
      }
      if (c.protocol(r) == UDP && UdpServices.isOneWay(c.port(r)) && (c.marks(r) & ContactTable.SENT_DATA) != 0) {
        oneWayHosts = oneWayHosts != null ? oneWayHosts : k.tally(c::protoPort); // rows: one per host
        if (oneWayHosts.get(c.protoPort(r))[1] <= settings.oneWayMaxHosts()) {
          // logs, traps, flow records to the source's collectors: nothing comes back
          k.excuse(excused, r, Excuse.EXPECTED_SILENCE);
          continue;
        }
      }
      int[] tracedHops = traced == null || (c.marks(r) & ContactTable.LOW_TTL) == 0 || k.firewalked[r] ? null
          : traced.get(c.dstHi(r), c.dstLo(r));
      if (tracedHops != null && tracedHops[0] < settings.tracerouteMaxHops()) {
        tracedHops[0]++;
        k.excuse(excused, r, Excuse.EXPECTED_SILENCE);
      } else if (fellBackToTcp(c, r)) {
        k.excuse(excused, r, Excuse.FALLBACK);
      }
    }
    return excused;
  }

  /**
   * How many failed ICE connectivity checks (STUN) the source is excused: {@code iceMaxFailedChecks}
   * for each host that answered one (a call's peer, or the relay it reached), and for one peer when
   * none did (a call that never connected). A UDP scan carrying STUN payloads draws answers from
   * nobody, so all but that many of its probes still fail.
   */
  private int iceChecksExcusable(Contacts k) {
    ContactTable c = k.table;
    AddressMap<Boolean> answered = null;
    for (int r : k.rows) {
      if ((c.marks(r) & ContactTable.CONNECTIVITY_CHECK) != 0 && c.outcome(r).success()) {
        answered = answered != null ? answered : new AddressMap<>(Contacts.SCRATCH_HOSTS);
        answered.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> Boolean.TRUE);
      }
    }
    return settings.iceMaxFailedChecks() * Math.max(1, answered == null ? 0 : answered.size());
  }

  /**
   * A UDP traceroute's probes: sent with a traceroute's TTL, to ports that rise by one from probe to
   * probe (traceroute and mtr -u number each probe into its port), in runs of {@link
   * DetectionSettings#tracerouteMinRun} or more. On a LAN, or captured near the target, every probe
   * reaches the target and is refused, with no router in between to say "time exceeded": 16 refused
   * ports at once, which would read as a vertical scan. A scanner's TTL is not a traceroute's, and a
   * scanner shuffles its ports. Nor does a traceroute keep its TTL: it raises it hop by hop, so a run
   * longer than one hop's probes at one and the same TTL is one only where its probes reach the host
   * with TTL 1 (mtr at the next hop, or seen at the target); nmap --ttl 20 -r keeps 20 throughout.
   */
  private boolean[] tracerouteRuns(Contacts k) {
    ContactTable c = k.table;
    boolean[] hop = new boolean[c.size()];
    AddressMap<List<Integer>> runs = null; // per host: its current run's rows, in time order
    for (int r : k.rows) {
      if (c.protocol(r) != UDP || (c.marks(r) & ContactTable.LOW_TTL) == 0 || c.outcome(r).success()) {
        continue;
      }
      if (runs == null) {
        runs = new AddressMap<>(Contacts.SCRATCH_HOSTS);
      }
      List<Integer> run = runs.computeIfAbsent(c.dstHi(r), c.dstLo(r), ArrayList::new);
      if (!run.isEmpty() && c.port(r) != c.port(run.get(run.size() - 1)) + 1) {
        markTracerouteRun(c, run, hop);
        run.clear();
      }
      run.add(r);
    }
    if (runs != null) {
      for (List<Integer> run : runs.values()) {
        markTracerouteRun(c, run, hop);
      }
    }
    return hop;
  }

  /** Marks a run of rising ports as a traceroute's hops when it is long enough and its TTL behaves like one. */
  private void markTracerouteRun(ContactTable c, List<Integer> run, boolean[] hop) {
    if (run.size() < settings.tracerouteMinRun()) {
      return;
    }
    int ttl = c.openingTtl(run.get(0));
    boolean oneTtl = run.stream().allMatch(r -> c.openingTtl(r) == ttl);
    if (oneTtl && ttl > 1 && run.size() > settings.tracerouteMinRun()) {
      return;
    }
    for (int r : run) {
      hop[r] = true;
    }
  }

  /**
   * A handshake inferred from the initiator's ACK stands for an answer only in a capture that misses
   * the host's side: when the host answered anything else the source sent, the capture sees its
   * side, and the ACK without a SYN/ACK was faked (a raw-socket scanner against a filtering host).
   */
  static void distrustInferredHandshakes(ContactTable c) {
    AddressMap<Boolean> answering = null;
    for (int r = 0; r < c.size(); r++) {
      if ((c.marks(r) & ContactTable.INFERRED) != 0) {
        answering = answeringHosts(c);
        break;
      }
    }
    if (answering == null) {
      return;
    }
    for (int r = 0; r < c.size(); r++) {
      if ((c.marks(r) & ContactTable.INFERRED) != 0 && answering.get(c.dstHi(r), c.dstLo(r)) != null) {
        c.distrust(r);
      }
    }
  }

  /** Hosts seen answering the source: any outcome but silence, a router's error, or an inference. */
  private static AddressMap<Boolean> answeringHosts(ContactTable c) {
    AddressMap<Boolean> hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r = 0; r < c.size(); r++) {
      Outcome o = c.outcome(r);
      boolean answered = o != Outcome.UNANSWERED && o != Outcome.UNREACHABLE && o != Outcome.TRACED
          && (c.marks(r) & ContactTable.INFERRED) == 0;
      if (answered) {
        hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> Boolean.TRUE);
      }
    }
    return hosts;
  }

  /**
   * For a silent try: a UDP one whose TCP counterpart on the same host and port got through, a client
   * falling back (HTTP/3 to HTTPS when a firewall drops QUIC, DNS over UDP to TCP), not a failed probe.
   */
  private static boolean fellBackToTcp(ContactTable c, int r) {
    if (c.protocol(r) != UDP) {
      return false;
    }
    int tcp = c.row(c.dstHi(r), c.dstLo(r), TCP, c.port(r));
    return tcp >= 0 && c.outcome(tcp).success();
  }

  /**
   * Dead targets a monitor keeps checking: failed contacts retried round after round ({@link
   * #retried}), the same way each time, by a source that keeps using, the same way, live targets (or
   * keeps finding them up: HAProxy's checks reset at the SYN/ACK) on the same host (a load balancer
   * checking its backends' ports while some are down) or on
   * the same (protocol, port) (a scraper of its exporters, a phone system checking its devices). A
   * scanner does not retry a port that refused it round after round; a sweep run again is two or
   * three rounds, fewer than {@code retriedMinRounds}; a connect() sweep's own SYN retries end within
   * {@code retriedSpanNanos}; OS detection (nmap -O) tries its ports several times, but each with other
   * flags; and a scan run in a loop leaves far more dead ports than the open ones it keeps reaching,
   * so at most {@code monitorMaxDeadPerLive} failed targets (retried or not: a UDP scan's version
   * detection retries a few of its many ports) per live one, on the host or the port, are excused.
   */
  void monitored(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    // per host and per (protocol, port): [targets kept in use, dead targets], once some target was
    // retried round after round; every failed target counts as dead, retried or not (a scan whose
    // version detection retried a few ports leaves many more failed once)
    if (Arrays.stream(k.rows).allMatch(r -> monitorSide(c, r) < 0)) {
      return; // most sources keep using nothing: they allocate nothing
    }
    AddressMap<int[]> byHost = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    Map<Integer, int[]> byService = new HashMap<>();
    for (int r : k.rows) {
      int side = monitorSide(c, r);
      if (side < 0 && !c.outcome(r).accepted()) {
        side = DEAD;
      }
      if (side >= 0) {
        byHost.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new int[2])[side]++;
        byService.computeIfAbsent(c.protoPort(r), x -> new int[2])[side]++;
      }
    }
    for (int r : k.rows) {
      if (monitorSide(c, r) == DEAD) {
        int[] host = byHost.get(c.dstHi(r), c.dstLo(r));
        int[] service = byService.get(c.protoPort(r));
        int most = settings.monitorMaxDeadPerLive();
        // on the port, only where the host failed no more than that itself: one scanned port by port
        // is no exporter of a scraper's
        if ((long) most * host[LIVE] >= host[DEAD]
            || ((long) most * service[LIVE] >= service[DEAD] && host[DEAD] <= most)) {
          k.excuse(excused, r, Excuse.MONITORED);
        }
      }
    }
  }

  /**
   * A service waiting for what it depends on (a database, a broker, a cache that is down or not up
   * yet; a cluster's nodes), or a client whose servers are all out of reach (an NTP client, a resolver
   * priming from its root servers, behind a firewall that drops them): every target the source failed
   * on, at most {@code waitingMaxTargets} of them, tried round after round ({@link #retried}), the same
   * way each time, over TCP by the stack's own connect() or with UDP datagrams carrying a payload, with
   * nothing live beside them to make it a monitor. A scanner takes a refusal or silence for an answer
   * and moves on: nmap, masscan and zmap do not come back to a port five times, and a scan run in a
   * loop over this few ports is a monitor's. A raw scanner's SYNs, an empty datagram, or one more failed
   * target, and every failure is judged.
   */
  void awaited(SourceState src, Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    int waitedFor = 0;
    boolean connects = false;
    for (int r : k.rows) {
      if (excused[r] || c.outcome(r).accepted()) {
        continue;
      }
      boolean connectRetried = c.protocol(r) == TCP && (c.marks(r) & ContactTable.CRAFTED_SYN_OPENED) == 0
          && (c.techniques(r) & CONNECT_TECHNIQUES) != 0;
      boolean queryRetried = c.protocol(r) == UDP && (c.marks(r) & ContactTable.SENT_DATA) != 0;
      if (!(connectRetried || queryRetried) || monitorSide(c, r) != DEAD
          || ++waitedFor > settings.waitingMaxTargets()) {
        return;
      }
      connects |= connectRetried;
    }
    if (waitedFor == 0 || (connects && !src.mostlyStackSyns())) {
      return; // nothing failed, or a raw scanner's SYNs: not a client's connect()
    }
    for (int r : k.rows) {
      if (!c.outcome(r).accepted()) {
        k.excuse(excused, r, Excuse.AWAITED);
      }
    }
  }

  /**
   * How a monitor would see the target: {@link #LIVE} (kept in use round after round: an empty
   * connect is a health check's success too), {@link #DEAD} (failed round after round), or -1.
   */
  private int monitorSide(ContactTable c, int r) {
    if (!sameEachTime(c, r) || !retried(c, r)) {
      return -1;
    }
    return c.outcome(r).accepted() || stackHalfOpened(c, r) ? LIVE : DEAD;
  }

  /** Every conversation with the target opened the same way (one technique): a check, not probes. */
  private static boolean sameEachTime(ContactTable c, int r) {
    return Integer.bitCount(c.techniques(r)) <= 1;
  }

  /**
   * Health checks that leave no trace of a handshake: a checker's connect() reset as soon as the
   * SYN/ACK came (HAProxy delays its ACK, then resets: S, S., R. on the wire), to a target it checks
   * round after round ({@code retriedMinRounds}), from the stack's own SYNs. A raw SYN scanner's
   * half-open contacts offer no SACK, and scans do not come back to each port in every round.
   */
  void healthChecks(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    for (int r : k.rows) {
      if (stackHalfOpened(c, r) && retried(c, r)) {
        k.excuse(excused, r, Excuse.HEALTH_CHECK);
      }
    }
  }

  /**
   * Left half-open by the stack's own SYNs only, never a raw scanner's: a checker's connect() reset at
   * the SYN/ACK, which found the target up (a live target of a monitor, {@link #monitored}).
   */
  private static boolean stackHalfOpened(ContactTable c, int r) {
    return (c.marks(r) & (ContactTable.STACK_HALF_OPENED | ContactTable.HALF_OPENED)) == ContactTable.STACK_HALF_OPENED;
  }

  /**
   * Tried round after round: in {@code retriedMinRounds} separate conversations, or in one going on
   * for {@code retriedSpanNanos} (datagrams re-sent to a silent host more often than the idle timeout
   * stay one conversation).
   */
  private boolean retried(ContactTable c, int r) {
    return c.attempts(r) >= settings.retriedMinRounds()
        || (c.attempts(r) == 1 && c.lastTs(r) - c.firstTs(r) >= settings.retriedSpanNanos());
  }

}
