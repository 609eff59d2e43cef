package io.porthunter.intel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates), plus the
 * multicast ranges. The most specific block holding an address decides: a block the registry marks
 * "globally reachable" (e.g. the PCP anycast address inside 192.0.0.0/24) makes the address an
 * ordinary one. Addresses that embed an IPv4 address (IPv4-mapped, 6to4, the NAT64 well-known
 * prefix) are judged by that IPv4 address; Teredo addresses are judged routable, since the tunnel
 * client behind one is a real remote host.
 */
final class SpecialPurposeRegistry {
  static final String REASON = "private_ip";

  private static final int SIX_TO_FOUR_V4_OFFSET = 2;

  private static final List<Block> BLOCKS = sortedMostSpecificFirst(List.of(
      // IPv4 special-purpose registry
      special("0.0.0.0/8", "this_network"),
      special("10.0.0.0/8", "private"),
      special("100.64.0.0/10", "cgnat"),
      special("127.0.0.0/8", "loopback"),
      special("169.254.0.0/16", "link_local"),
      special("172.16.0.0/12", "private"),
      special("192.0.0.0/24", "ietf_protocol_assignment"),
      routable("192.0.0.9/32"), // Port Control Protocol anycast
      routable("192.0.0.10/32"), // TURN anycast
      special("192.0.2.0/24", "documentation"),
      special("192.168.0.0/16", "private"),
      special("198.18.0.0/15", "benchmarking"),
      special("198.51.100.0/24", "documentation"),
      special("203.0.113.0/24", "documentation"),
      special("224.0.0.0/4", "multicast"),
      special("240.0.0.0/4", "reserved"),
      special("255.255.255.255/32", "broadcast"),
      // IPv6 special-purpose registry
      special("::/128", "unspecified"),
      special("::1/128", "loopback"),
      special("64:ff9b:1::/48", "local_translation"),
      special("100::/64", "discard"),
      special("100:0:0:1::/64", "dummy"),
      special("2001::/23", "ietf_protocol_assignment"),
      routable("2001::/32"), // Teredo
      routable("2001:1::1/128"), // Port Control Protocol anycast
      routable("2001:1::2/128"), // TURN anycast
      routable("2001:1::3/128"), // DNS-SD service registration protocol anycast
      special("2001:2::/48", "benchmarking"),
      routable("2001:3::/32"), // AMT
      routable("2001:4:112::/48"), // AS112-v6
      routable("2001:20::/28"), // ORCHIDv2
      routable("2001:30::/28"), // drone remote ID
      special("2001:db8::/32", "documentation"),
      special("3fff::/20", "documentation"),
      special("5f00::/16", "segment_routing"),
      special("fc00::/7", "unique_local"),
      special("fe80::/10", "link_local"),
      special("fec0::/10", "site_local"), // deprecated by RFC 3879, never routable
      special("ff00::/8", "multicast"),
      // IANA's IPv6 Address Space registry: outside 2000::/3 and the blocks above, "Reserved by IETF"
      // (::/96, the deprecated IPv4-compatible form, among them)
      special("::/8", "reserved"),
      special("100::/8", "reserved"),
      special("200::/7", "reserved"),
      special("400::/6", "reserved"),
      special("800::/5", "reserved"),
      special("1000::/4", "reserved"),
      special("4000::/2", "reserved"),
      special("8000::/2", "reserved"),
      special("c000::/3", "reserved"),
      special("e000::/4", "reserved"),
      special("f000::/5", "reserved"),
      special("f800::/6", "reserved"),
      special("fe00::/9", "reserved")));

  private static final byte[] SIX_TO_FOUR = parse("2002::");
  private static final int SIX_TO_FOUR_BITS = 16;

  private SpecialPurposeRegistry() {}

  /** The special-purpose block holding the address, or empty when it is globally routable. */
  static Optional<SpecialPurpose> lookup(InetAddress ip) {
    InetAddress host = Addresses.canonical(ip); // IPv4-mapped and NAT64: the IPv4 host itself
    if (host != ip) {
      return lookup(host);
    }
    byte[] b = ip.getAddress();
    if (b.length == Addresses.IPV6_BYTES && Addresses.samePrefix(b, SIX_TO_FOUR, SIX_TO_FOUR_BITS)) {
      return lookup(Addresses.ipv4(b, SIX_TO_FOUR_V4_OFFSET));
    }
    for (Block block : BLOCKS) {
      if (Addresses.samePrefix(b, block.network, block.bits)) {
        return block.detail == null
            ? Optional.empty()
            : Optional.of(new SpecialPurpose(REASON, block.detail, block.cidr));
      }
    }
    return Optional.empty();
  }

  private static Block special(String cidr, String detail) {
    int slash = cidr.indexOf('/');
    return new Block(cidr, parse(cidr.substring(0, slash)),
        Integer.parseInt(cidr.substring(slash + 1)), detail);
  }

  private static Block routable(String cidr) {
    return special(cidr, null);
  }

  private static List<Block> sortedMostSpecificFirst(List<Block> blocks) {
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingInt((Block b) -> b.bits).reversed());
    return List.copyOf(sorted);
  }

  /** Parses an address literal (never a host name, so no DNS). */
  private static byte[] parse(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address literal " + literal, e);
    }
  }

  /** A registry block; {@code detail} null marks a globally reachable exception inside a wider one. */
  private record Block(String cidr, byte[] network, int bits, String detail) {}
}
