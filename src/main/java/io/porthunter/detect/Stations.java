package io.porthunter.detect;

import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sources each link-layer station sent as ({@link SourceState#station}), per address family, for
 * judging ARP and neighbour discovery: a router's station also sends the packets it forwards, so
 * its questions find next hops; a host's other addresses talk to the hosts it asked for.
 */
final class Stations {
  private static final List<SourceState> NONE = List.of();

  /** Keyed (family, station): the family 4 or 6 in the high half, so one station's two families stay apart. */
  private final AddressMap<List<SourceState>> mates;

  /** Stations seen forwarding others' packets ({@link SourceState#forwarders}), as (0, station) keys. */
  private final AddressMap<Boolean> forwarders;

  /** Keyed as {@link #mates}: the sources that opened a conversation from the station ({@link OpeningStations}). */
  private final AddressMap<List<SourceState>> openers;

  private Stations(AddressMap<List<SourceState>> mates, AddressMap<Boolean> forwarders,
      AddressMap<List<SourceState>> openers) {
    this.mates = mates;
    this.forwarders = forwarders;
    this.openers = openers;
  }

  static Stations of(List<SourceState> sources) {
    AddressMap<List<SourceState>> mates = new AddressMap<>(16);
    AddressMap<Boolean> forwarders = new AddressMap<>(16);
    AddressMap<List<SourceState>> openers = new AddressMap<>(16);
    for (SourceState s : sources) {
      for (long forwarder : s.forwarders()) {
        forwarders.computeIfAbsent(0, forwarder, () -> Boolean.TRUE);
      }
      // :: and 0.0.0.0 are no one's address (duplicate address detection, address probes); a station
      // asking from 0.0.0.0 is kept apart from the addresses it sends as, lest a host that checked its
      // new address before using it look like a router sending as two
      if (!Addresses.isUnicast(s.hi, s.lo) || Addresses.isUnnamedStation(s.hi, s.lo)) {
        continue;
      }
      if (s.station >= 0) {
        add(mates, s, s.station);
      }
      OpeningStations opened = s.openedFrom();
      for (int i = 0; opened != null && i < opened.count(); i++) {
        add(openers, s, opened.station(i));
      }
    }
    return new Stations(mates, forwarders, openers);
  }

  private static void add(AddressMap<List<SourceState>> by, SourceState s, long station) {
    List<SourceState> list = by.get(family(s), station);
    if (list == null) {
      by.add(family(s), station, list = new ArrayList<>(1));
    }
    list.add(s);
  }

  private static long family(SourceState s) {
    return Addresses.isIpv4Source(s.hi, s.lo) ? 4 : 6;
  }

  /** The sources of {@code src}'s family sent from its station, itself included (when it has one). */
  List<SourceState> mates(SourceState src) {
    return sentFrom(src, src.station);
  }

  /** The sources of {@code src}'s family whose first packets were sent from {@code station}. */
  List<SourceState> sentFrom(SourceState src, long station) {
    List<SourceState> list = station < 0 ? null : mates.get(family(src), station);
    return list == null ? NONE : list;
  }

  /** Up to {@code limit} addresses of {@link #sentFrom} but {@code src}'s own, lowest first, as text. */
  List<String> otherAddresses(SourceState src, long station, int limit) {
    return sentFrom(src, station).stream().filter(s -> s != src).sorted(SourceState.BY_ADDRESS).limit(limit)
        .map(s -> IpText.format(s.hi, s.lo)).toList();
  }

  /**
   * Up to {@code limit} addresses, of either family, whose first packets were sent from {@code
   * station}, but {@code src}'s own, lowest first, as text.
   */
  List<String> addressesOf(long station, SourceState src, int limit) {
    List<SourceState> v4 = mates.get(4, station);
    List<SourceState> v6 = mates.get(6, station);
    return Stream.concat(v4 == null ? Stream.empty() : v4.stream(), v6 == null ? Stream.empty() : v6.stream())
        .filter(s -> s != src).sorted(SourceState.BY_ADDRESS).limit(limit).map(s -> IpText.format(s.hi, s.lo))
        .toList();
  }

  /**
   * Whether {@code station} forwards other sources' packets (a router): seen forwarding, or sending as
   * several IPv4 sources, or as IPv6 sources of more than one /64.
   */
  boolean forwardsOthers(long station) {
    return forwarders.get(0, station) != null || sendsAsClients(station);
  }

  /**
   * Whether {@code station} is one host's, {@code src}'s: it was not seen forwarding, and neither sent
   * the first packets of, nor opened conversations as, another source of the family but, over IPv6,
   * those of {@code src}'s /64 and link-local ones (a host's temporary and link-local addresses). A
   * gateway taking over another's traffic (a failover) opens conversations as the hosts it routes for.
   */
  boolean onlyHostOf(SourceState src, long station) {
    if (forwarders.get(0, station) != null) {
      return false;
    }
    List<SourceState> opened = openers.get(family(src), station);
    return onlyAddressesOf(src, sentFrom(src, station)) && (opened == null || onlyAddressesOf(src, opened));
  }

  private static boolean onlyAddressesOf(SourceState src, List<SourceState> sources) {
    boolean ipv4 = Addresses.isIpv4Source(src.hi, src.lo);
    for (SourceState s : sources) {
      if (s != src && (ipv4 || (s.hi != src.hi && !Addresses.isLinkLocal(s.hi, s.lo)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The sources of the other address family sent from {@code src}'s station: none when the station
   * routes, whose clients' addresses are not one host's own: it sends as several IPv4 sources, or
   * as IPv6 sources of more than one /64 (a dual-stack NAT: one IPv4 address, its clients' IPv6 ones).
   */
  List<SourceState> otherFamily(SourceState src) {
    if (src.station < 0 || sendsAsClients(src.station)) {
      return NONE;
    }
    List<SourceState> other = mates.get(family(src) == 4 ? 6 : 4, src.station);
    return other == null ? NONE : other;
  }

  /**
   * A station sending as several IPv4 sources, or as IPv6 sources of more than one /64 (a dual-stack
   * NAT: one IPv4 address, its clients' IPv6 ones), sends its clients' packets: a router.
   */
  private boolean sendsAsClients(long station) {
    List<SourceState> ipv6 = mates.get(6, station);
    return sendsAsSeveralIpv4Sources(station) || (ipv6 != null && prefixes64(ipv6) > 1);
  }

  /** A station sending as several IPv4 sources forwards others' packets: a router. */
  private boolean sendsAsSeveralIpv4Sources(long station) {
    List<SourceState> ipv4 = mates.get(4, station);
    return ipv4 != null && ipv4.size() > 1;
  }

  /** The /64 prefixes of these IPv6 sources, link-local ones aside (every interface has one). */
  private static long prefixes64(List<SourceState> ipv6) {
    return ipv6.stream().filter(s -> !Addresses.isLinkLocal(s.hi, s.lo)).mapToLong(s -> s.hi).distinct().count();
  }

  /**
   * Whether {@code src}'s station forwards other sources' packets, so that its questions find next
   * hops. Either way: a packet sent to the station was answered from another (a LAN scan sent
   * through the gateway's address, as masscan and zmap send, answered by the targets themselves).
   * IPv4: the station sends as several IPv4 sources. IPv6, where a host sends from several
   * addresses of its own (temporary, link-local): another source of the station sent packets to one
   * of the {@code asked} hosts from another /64 than that host's, which only a router delivers (a
   * routed scan's packets to the targets it found, after its solicitations from a link-local address).
   */
  boolean forwards(SourceState src, AddressMap<Boolean> asked) {
    if (src.station >= 0 && forwarders.get(0, src.station) != null) {
      return true;
    }
    if (Addresses.isUnnamedStation(src.hi, src.lo)) {
      return false; // a router resolves next hops from its own address, never from 0.0.0.0
    }
    if (Addresses.isIpv4(src.hi, src.lo)) {
      return src.station >= 0 && sendsAsSeveralIpv4Sources(src.station);
    }
    for (SourceState mate : mates(src)) {
      if (mate == src || Addresses.isLinkLocal(mate.hi, mate.lo)) {
        continue;
      }
      ContactTable c = mate.contacts;
      for (int r = 0; r < c.size(); r++) {
        if (c.dstHi(r) != mate.hi && asked.get(c.dstHi(r), c.dstLo(r)) != null) {
          return true;
        }
      }
    }
    return false;
  }
}
