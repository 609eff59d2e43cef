package io.porthunter.detect;

/**
 * Why {@link Excuses} took a contact for a normal host's rather than a failure: named in a scanner's
 * reasons, counted, so an analyst sees which of its failures were set aside and why.
 */
enum Excuse {
  /** A traceroute's silent hops, UDP a client fell back from, one-way sends, ICE checks. */
  EXPECTED_SILENCE("expected silence", "expected silences"),
  /** A server's ident lookups and active FTP data connections to its clients. */
  CALLBACK("callback to a client", "callbacks to clients"),
  ADDRESS_CHECK("DHCP address check", "DHCP address checks"),
  /** Probes from 0.0.0.0 for an address the asking station then announced or sent as: its own. */
  OWN_ADDRESS("check of its own new address", "checks of its own new addresses"),
  /** A resolver's questions to the name servers a DNS referral named. */
  REFERRAL("question to a server a DNS referral named", "questions to servers DNS referrals named"),
  /** ICMP queries with stepped traceroute TTLs: a host finding how many hops away another is. */
  HOP_SEARCH("hop count search", "hop count searches"),
  /** ARP requests and neighbour solicitations for hosts it went on to reach. */
  RESOLUTION("neighbour resolution", "neighbour resolutions"),
  FAILOVER("failover between servers", "failovers between servers"),
  DEPARTED_PEER("departed peer", "departed peers"),
  RETRIED_REFUSAL("retried refusal", "retried refusals"),
  FALLBACK("fallback to another family or protocol", "fallbacks to another family or protocol"),
  SCHEME_FALLBACK("HTTPS-to-HTTP fallback", "HTTPS-to-HTTP fallbacks"),
  /** A mail client's account set-up trying a service's ports on the candidate names of its domain. */
  MAIL_GUESS("mail port guessed by a mail client", "mail ports guessed by a mail client"),
  MONITORED("dead target kept monitored", "dead targets kept monitored"),
  AWAITED("dependency waited for", "dependencies waited for"),
  HEALTH_CHECK("health check", "health checks");

  private final String one;
  private final String many;

  Excuse(String one, String many) {
    this.one = one;
    this.many = many;
  }

  /** "1 fallback", "3 fallbacks". */
  String counted(int n) {
    return n + " " + (n == 1 ? one : many);
  }
}
