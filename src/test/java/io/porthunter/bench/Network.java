package io.porthunter.bench;

/**
 * The synthetic site: private servers and clients (RFC 1918 / RFC 4193 ULA), the subnets the
 * scanners sweep, and a fixed list of public-looking scanner addresses (arbitrary, chosen outside
 * every special-purpose range so enrichment treats them as ordinary Internet hosts).
 */
final class Network {
  static final String[] SCANNERS_V4 = {
    "23.94.17.201", "37.120.44.9", "51.15.208.77", "62.113.9.150", "77.83.36.12", "91.204.88.3",
    "103.77.44.201", "109.70.26.5", "146.59.201.40", "176.9.114.2", "185.65.40.72", "194.26.29.140",
    "212.83.150.66", "31.13.190.55", "46.101.12.97", "139.59.80.14"
  };
  static final String[] SCANNERS_V6 = {
    "2a01:4f8:1c0c:8a3b::21", "2a02:c207:2047:9183::1", "2604:a880:400:d1::9f", "2a03:b0c0:3:d0::5e",
    "2001:41d0:302:1100::7e", "2a05:d014:9f0:1b00::44", "2600:3c03::f03c:91ff:fe18:2b1", "2a0a:4cc0:1:11::8"
  };
  static final int CLIENTS_V4 = 2000;
  static final int CLIENTS_V6 = 500;
  private static final int HOSTS_PER_V4_SUBNET = 254;
  /** fd00:0:0:&lt;subnet&gt;::/64, the ULA prefix used for every IPv6 host on the site. */
  private static final long ULA_PREFIX = 0xfd00_0000_0000_0000L;

  final Endpoint[] clientsV4 = new Endpoint[CLIENTS_V4];
  final Endpoint[] clientsV6 = new Endpoint[CLIENTS_V6];
  final Endpoint[] webV4 = {Endpoint.ipv4(10, 0, 1, 10), Endpoint.ipv4(10, 0, 1, 11)};
  final Endpoint[] webV6 = {Endpoint.ipv6(ULA_PREFIX | 1, 0x10)};
  final Endpoint dnsV4 = Endpoint.ipv4(10, 0, 1, 53);
  final Endpoint dnsV6 = Endpoint.ipv6(ULA_PREFIX | 1, 0x53);
  final Endpoint ntpV4 = Endpoint.ipv4(10, 0, 1, 123);
  final Endpoint ntpV6 = Endpoint.ipv6(ULA_PREFIX | 1, 0x123);

  Network() {
    for (int i = 0; i < CLIENTS_V4; i++) {
      clientsV4[i] = Endpoint.ipv4(192, 168, 10 + i / HOSTS_PER_V4_SUBNET, 1 + i % HOSTS_PER_V4_SUBNET);
    }
    for (int i = 0; i < CLIENTS_V6; i++) {
      clientsV6[i] = Endpoint.ipv6(ULA_PREFIX | 0x100, 0x1000 + i);
    }
  }

  /** {@code count} consecutive hosts starting at the first host of subnet {@code subnet}. */
  static Endpoint[] hosts(boolean ipv6, int subnet, int count) {
    Endpoint[] hosts = new Endpoint[count];
    for (int i = 0; i < count; i++) {
      hosts[i] = ipv6
          ? Endpoint.ipv6(ULA_PREFIX | subnet, 1 + i)
          : Endpoint.ipv4(10, 0, subnet + i / HOSTS_PER_V4_SUBNET, 1 + i % HOSTS_PER_V4_SUBNET);
    }
    return hosts;
  }

  static boolean isScannerAddress(byte[] a) {
    String text = Endpoint.text(a);
    for (String s : SCANNERS_V4) {
      if (s.equals(text)) {
        return true;
      }
    }
    return false;
  }
}
