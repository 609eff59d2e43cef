package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/**
 * Clients trying their servers in turn (a Windows domain member looking for a live domain controller,
 * a resolver list) fail on the dead ones with the services they then use on a live one; sweeps of a
 * service fail on many hosts, and scanners do not talk to what they find. Dual-stack clients whose
 * IPv6 is broken fall back to IPv4 site by site (Happy Eyeballs).
 */
class FailoverTest {
  private static final String CLIENT = "10.110.0.30";
  private static final String LIVE_DC = "10.110.0.12";
  /** CLDAP, Kerberos over UDP and TCP: what a domain member asks a domain controller first. */
  private static final int LDAP = 389;
  private static final int KERBEROS = 88;

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);
  private int clientPort = 50_000;

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  /** A domain controller's first services, tried; a live one answers each, a dead one nothing. */
  private void tryDomainController(String dc, boolean live) {
    int port = clientPort++;
    wire.udp(CLIENT, port, dc, LDAP, 120);
    if (live) {
      wire.udp(dc, LDAP, CLIENT, port, 300);
    }
    port = clientPort++;
    wire.udp(CLIENT, port, dc, KERBEROS, 200);
    if (live) {
      wire.udp(dc, KERBEROS, CLIENT, port, 400);
    }
    port = clientPort++;
    if (live) {
      wire.conversation(CLIENT, port, dc, KERBEROS);
    } else {
      wire.tcp(CLIENT, port, dc, KERBEROS, TcpFlags.SYN);
    }
  }

  @Test
  void aDomainMemberFailingOverFromDeadControllersIsNoScanner() {
    for (int dead = 50; dead <= 52; dead++) {
      tryDomainController("10.110.0." + dead, false);
    }
    tryDomainController(LIVE_DC, true);
    for (int port : new int[] {135, 445, 3268, LDAP}) {
      wire.conversation(CLIENT, clientPort++, LIVE_DC, port);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aSweepOfTheServiceOverMoreHostsIsStillAScan() {
    for (int host = 40; host < 60; host++) {
      tryDomainController("10.110.0." + host, false);
    }
    tryDomainController(LIVE_DC, true);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.distinctHosts()).isEqualTo(21);
  }

  @Test
  void aScanThatNeverTalksToWhatItFindsIsStillAScan() {
    // nmap -sS of the same services on four hosts, one of them up: half-open is no conversation
    for (int host = 50; host <= 53; host++) {
      String dc = "10.110.0." + host;
      for (int port : new int[] {KERBEROS, 135, LDAP, 445, 3268, 636}) {
        wire.tcp(CLIENT, 40_000, dc, port, TcpFlags.SYN, 0, 1024, 7);
        if (host == 53) {
          wire.tcp(dc, port, CLIENT, 40_000, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, 40_000, dc, port, TcpFlags.RST);
        }
      }
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void aScannedHostsPortsStayProbesWhereverElseTheSourceUsesThem() {
    // a client browsing the web while it scans ports 70-90 of one host, 80 among them
    for (int i = 0; i < 5; i++) {
      wire.conversation(CLIENT, clientPort++, "192.0.2." + (10 + i), 80);
    }
    String target = "10.110.0.9";
    for (int port = 70; port <= 90; port++) {
      wire.tcp(CLIENT, 40_000, target, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(target, port, CLIENT, 40_000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.distinctPorts()).isEqualTo(21);
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/70-90");
  }

  @Test
  void usingServicesDoesNotExcuseAGridScanOfThemOnOtherHosts() {
    // ssh, smb, rdp and winrm used on a host, then nmap -sT of the same four ports on four closed hosts
    int[] ports = {22, 445, 3389, 5985};
    for (int port : ports) {
      wire.conversation(CLIENT, clientPort++, LIVE_DC, port);
    }
    for (int host = 60; host < 64; host++) {
      for (int port : ports) {
        int cport = clientPort++;
        wire.tcp(CLIENT, cport, "10.110.0." + host, port, TcpFlags.SYN);
        wire.tcp("10.110.0." + host, port, CLIENT, cport, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void versionDetectionOfWhatAScanFoundServesNothing() {
    // nmap -sS -sV of three ports on six hosts: two hosts' open ports probed, then talked to
    int[] ports = {22, 445, 3389};
    for (int host = 70; host < 76; host++) {
      String dst = "10.110.0." + host;
      for (int port : ports) {
        wire.tcp(CLIENT, 40_000, dst, port, TcpFlags.SYN, 0, 1024, 7);
        if (host < 72) {
          wire.tcp(dst, port, CLIENT, 40_000, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, 40_000, dst, port, TcpFlags.RST);
          wire.conversation(CLIENT, clientPort++, dst, port);
        } else {
          wire.tcp(dst, port, CLIENT, 40_000, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  // ---------------------------------------------------------------- Happy Eyeballs

  private static final long DUAL_STACK_MAC = 0x0257_0000_0001L;
  private static final long SERVER_MAC = 0x0257_0000_00FEL;
  private static final String CLIENT_V6 = "fd57::1";
  private static final String CLIENT_V4 = "10.57.0.1";
  private static final int HTTPS = 443;

  /**
   * {@code sites} sites visited from one dual-stack station: a SYN to each one's IPv6 address that
   * nothing answers, then after {@code fallbackSeconds} a conversation with its IPv4 address, for the
   * first {@code fallbacks} of them.
   */
  private void visitWithBrokenIpv6(int sites, int fallbacks, double fallbackSeconds) {
    visitWithBrokenIpv6(sites, fallbacks, fallbackSeconds, false);
  }

  /** ... with {@code oneIpv4Address}, every site's IPv4 address the same (a service's one address). */
  private void visitWithBrokenIpv6(int sites, int fallbacks, double fallbackSeconds, boolean oneIpv4Address) {
    for (int i = 0; i < sites; i++) {
      wire.at(10.0 * i);
      wire.linkSource = DUAL_STACK_MAC;
      wire.tcp(CLIENT_V6, 41_000 + i, "2001:db8:57::" + (100 + i), HTTPS, TcpFlags.SYN);
      if (i < fallbacks) {
        wire.at(10.0 * i + fallbackSeconds);
        wire.conversation(CLIENT_V4, 51_000 + i, "192.0.2." + (oneIpv4Address ? 100 : 100 + i), HTTPS, SERVER_MAC);
      }
    }
  }

  @Test
  void aDualStackClientWhoseIpv6IsBrokenFallingBackToIpv4IsNoScanner() {
    visitWithBrokenIpv6(15, 15, 0.25);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void manyConnectionsToOneIpv4ServiceExcuseOneFailureNotAnIpv6Sweep() {
    // a row is known by its first conversation's start: a busy IPv4 peer lends one, however often it
    // was connected to while 15 IPv6 hosts of the same service failed
    visitWithBrokenIpv6(15, 15, 0.25, true);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::distinctHosts)
        .containsExactly(tuple(CLIENT_V6, 14));
  }

  @Test
  void connectionsToOneIpv4AddressAllBeforeTheFailuresAreNoFallbacks() {
    wire.linkSource = DUAL_STACK_MAC;
    for (int i = 0; i < 15; i++) {
      wire.at(i * 0.1);
      wire.conversation(CLIENT_V4, 51_000 + i, "192.0.2.100", HTTPS, SERVER_MAC);
    }
    for (int i = 0; i < 15; i++) {
      wire.at(100 + i * 0.1);
      wire.tcp(CLIENT_V6, 41_000 + i, "2001:db8:57::" + (100 + i), HTTPS, TcpFlags.SYN);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT_V6);
  }

  @Test
  void anIpv6ScanIsNotExcusedByAFewIpv4ConversationsOfTheSameStation() {
    visitWithBrokenIpv6(15, 3, 0.25);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(CLIENT_V6);
    assertThat(v.distinctHosts()).as("each conversation excuses one failure").isEqualTo(12);
  }

  @Test
  void oneConversationExcusesOneFailureNotTheBurstBeforeIt() {
    wire.linkSource = DUAL_STACK_MAC;
    for (int i = 0; i < 15; i++) { // a SYN scan of 15 IPv6 hosts, then one IPv4 conversation
      wire.tcp(CLIENT_V6, 41_000, "2001:db8:57::" + (100 + i), HTTPS, TcpFlags.SYN, 0, 1024, i);
    }
    wire.at(0.25);
    wire.conversation(CLIENT_V4, 51_000, "192.0.2.100", HTTPS, SERVER_MAC);
    assertThat(judge().scanners()).extracting(ScannerVerdict::distinctHosts).containsExactly(14);
  }

  @Test
  void twoIpv6AddressesOfOneStationShareItsConversations() {
    // a second address of the same /64 fails on every site too: fifteen conversations excuse fifteen
    // failures in all, the first address's, which came first
    for (int i = 0; i < 15; i++) {
      wire.at(10.0 * i);
      wire.linkSource = DUAL_STACK_MAC;
      wire.tcp(CLIENT_V6, 41_000 + i, "2001:db8:57::" + (100 + i), HTTPS, TcpFlags.SYN);
      wire.tcp("fd57::2", 42_000 + i, "2001:db8:57::" + (100 + i), HTTPS, TcpFlags.SYN);
      wire.at(10.0 * i + 0.25);
      wire.conversation(CLIENT_V4, 51_000 + i, "192.0.2." + (100 + i), HTTPS, SERVER_MAC);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly("fd57::2");
  }

  @Test
  void aConversationJustBeforeTheFailureIsNoFallback() {
    for (int i = 0; i < 15; i++) {
      wire.at(10.0 * i);
      wire.linkSource = DUAL_STACK_MAC;
      wire.conversation(CLIENT_V4, 51_000 + i, "192.0.2." + (100 + i), HTTPS, SERVER_MAC);
      wire.at(10.0 * i + 0.1);
      wire.tcp(CLIENT_V6, 41_000 + i, "2001:db8:57::" + (100 + i), HTTPS, TcpFlags.SYN);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT_V6);
  }

  @Test
  void aLongConversationThatStartedBeforeTheFailureIsNoFallback() {
    for (int i = 0; i < 15; i++) { // each IPv4 download still running when the IPv6 connect fails
      String server = "192.0.2." + (100 + i);
      wire.at(10.0 * i);
      wire.linkSource = DUAL_STACK_MAC;
      wire.tcp(CLIENT_V4, 51_000 + i, server, HTTPS, TcpFlags.SYN);
      wire.linkSource = SERVER_MAC;
      wire.tcp(server, HTTPS, CLIENT_V4, 51_000 + i, TcpFlags.SYN | TcpFlags.ACK);
      wire.linkSource = DUAL_STACK_MAC;
      wire.tcp(CLIENT_V4, 51_000 + i, server, HTTPS, TcpFlags.ACK);
      wire.at(10.0 * i + 0.1);
      wire.tcp(CLIENT_V6, 41_000 + i, "2001:db8:57::" + (100 + i), HTTPS, TcpFlags.SYN);
      wire.at(10.0 * i + 1);
      wire.tcp(CLIENT_V4, 51_000 + i, server, HTTPS, TcpFlags.PSH | TcpFlags.ACK, 120, 64240, 1);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT_V6);
  }

  /** A resolver asks each zone's server over IPv6 (nothing answers), then, after a moment, over IPv4. */
  private void resolveWithBrokenIpv6(int zones, int answeredOverIpv4) {
    for (int i = 0; i < zones; i++) {
      wire.at(5.0 * i);
      wire.linkSource = DUAL_STACK_MAC;
      wire.udp(CLIENT_V6, 40_000 + i, "2001:db8:53::" + (100 + i), 53, 40);
      if (i < answeredOverIpv4) {
        wire.at(5.0 * i + 0.4);
        wire.udp(CLIENT_V4, 50_000 + i, "192.0.2." + (100 + i), 53, 40);
        wire.linkSource = SERVER_MAC;
        wire.udp("192.0.2." + (100 + i), 53, CLIENT_V4, 50_000 + i, 120);
      }
    }
  }

  @Test
  void aResolverWhoseIpv6IsBrokenFallingBackToIpv4IsNoScanner() {
    resolveWithBrokenIpv6(30, 30);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void ordinaryQueriesToOneIpv4ResolverDoNotHideAnIpv6UdpSweep() {
    for (int i = 0; i < 30; i++) {
      wire.at(5.0 * i);
      wire.linkSource = DUAL_STACK_MAC;
      wire.udp(CLIENT_V6, 40_000 + i, "2001:db8:53::" + (100 + i), 53, 40); // a silent IPv6 probe
      wire.at(5.0 * i + 0.4);
      wire.udp(CLIENT_V4, 50_000 + i, "192.0.2.53", 53, 40); // the host's own resolver, answering
      wire.linkSource = SERVER_MAC;
      wire.udp("192.0.2.53", 53, CLIENT_V4, 50_000 + i, 120);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT_V6);
  }

  @Test
  void aUdpSweepOverIpv6IsNotExcusedByAFewIpv4Answers() {
    resolveWithBrokenIpv6(30, 3);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::distinctHosts)
        .containsExactly(tuple(CLIENT_V6, 27));
  }

  @Test
  void aMailServerFallingBackOnceItsConnectTimedOutIsNoScanner() {
    for (int i = 0; i < 15; i++) { // each exchanger's AAAA dead: SYN retried for 5 s, then its A address
      wire.linkSource = DUAL_STACK_MAC;
      for (int retry = 0; retry < 5; retry++) {
        wire.at(60.0 * i + retry);
        wire.tcp(CLIENT_V6, 41_000 + i, "2001:db8:25::" + (100 + i), 25, TcpFlags.SYN);
      }
      wire.at(60.0 * i + 5);
      wire.conversation(CLIENT_V4, 51_000 + i, "192.0.2." + (100 + i), 25, SERVER_MAC);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void upstreamOfADualStackNatItsClientsConversationsAreNotTheSourcesFallbacks() {
    // the NAT's one IPv4 address and its clients' IPv6 addresses, from two /64s, share its station
    wire.linkSource = DUAL_STACK_MAC;
    wire.udp("2001:db8:58::10", 53_000, "2001:db8:53::53", 53, 40);
    visitWithBrokenIpv6(15, 15, 0.25);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT_V6);
  }

  @Test
  void onlyFailedConnectsFallBackNotOtherProbes() {
    // ACK probes the hosts reset, each followed by a conversation: no client sends those first
    for (int i = 0; i < 15; i++) {
      wire.at(10.0 * i);
      wire.linkSource = DUAL_STACK_MAC;
      String host = "2001:db8:57::" + (100 + i);
      wire.tcp(CLIENT_V6, 41_000, host, HTTPS, TcpFlags.ACK, 0, 1024, i);
      wire.linkSource = SERVER_MAC;
      wire.tcp(host, HTTPS, CLIENT_V6, 41_000, TcpFlags.RST);
      wire.at(10.0 * i + 0.25);
      wire.linkSource = DUAL_STACK_MAC;
      wire.conversation(CLIENT_V4, 51_000 + i, "192.0.2." + (100 + i), HTTPS, SERVER_MAC);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT_V6);
  }

  @Test
  void aConversationLongAfterTheFailureIsNoFallback() {
    visitWithBrokenIpv6(15, 15, 3);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT_V6);
  }

  @Test
  void behindARouterOtherClientsIpv4ConversationsAreNotTheSourcesFallbacks() {
    // the capture's side of a router: its station sends every routed client's packets
    wire.linkSource = DUAL_STACK_MAC;
    wire.udp("10.57.0.2", 53_000, "192.0.2.53", 53, 40);
    visitWithBrokenIpv6(15, 15, 0.25);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT_V6);
  }

  /**
   * A page load behind a firewall that resets the hosts it blocks: 30 sites on 443, 15 served and 15
   * refused, each refused one retried once {@code retryAfter} seconds later from the stack; without
   * the retries, or with a raw scanner's SYNs, it is a sweep of 443 half of which failed.
   */
  private void pageLoad(boolean retry, double retryAfter, boolean stackSyns) {
    pageLoad(retry, retryAfter, stackSyns, true);
  }

  /** The same, the blocked hosts refusing ({@code refuse}) or dropping the connects. */
  private void pageLoad(boolean retry, double retryAfter, boolean stackSyns, boolean refuse) {
    pageLoad(30, retry, retryAfter, stackSyns, refuse, true);
  }

  /**
   * The same over {@code sites} sites, half of them served; unless {@code stackFirstTries}, the refused
   * connects' first SYNs are crafted (no options), their retries only from the stack.
   */
  private void pageLoad(int sites, boolean retry, double retryAfter, boolean stackSyns, boolean refuse,
      boolean stackFirstTries) {
    for (int i = 1; i <= sites; i++) {
      wire.timestamps(stackSyns);
      String site = "10.111.0." + i;
      wire.at(i * 0.02);
      long tried = wire.ts;
      if (i % 2 == 0) {
        wire.conversation(CLIENT, 40000 + i, site, 443);
        continue;
      }
      wire.timestamps(stackSyns && stackFirstTries);
      wire.tcp(CLIENT, 40000 + i, site, 443, TcpFlags.SYN);
      wire.timestamps(stackSyns);
      if (refuse) {
        wire.tcp(site, 443, CLIENT, 40000 + i, TcpFlags.RST | TcpFlags.ACK);
      }
      if (retry) {
        wire.ts = tried + Math.round(retryAfter * 1e9);
        wire.tcp(CLIENT, 41000 + i, site, 443, TcpFlags.SYN);
        if (refuse) {
          wire.tcp(site, 443, CLIENT, 41000 + i, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
  }

  @Test
  void aClientRetryingTheSitesAFirewallRefusedIsNoScanner() {
    pageLoad(true, 0.3, true);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void refusalsRetriedExactlyAsLateAsAClientWaitsAreRetries() {
    pageLoad(true, 2.0, true); // fallbackMaxDelayNanos
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void fiveSitesServedBesideFiveRefusedAndRetriedAreAPageLoad() {
    // minFailedContacts sites served on the port, as many as refused it (with fewer refusals, a
    // client failing over between servers is excused anyway)
    pageLoad(10, true, 0.3, true, true, true);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void refusalsRetriedFromTheStackAfterACraftedFirstTryStillFail() {
    // of the 10 refused SYNs, the 5 first tries crafted: half from the stack is no client's connect()
    pageLoad(10, true, 0.3, true, true, false);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void refusalsNotRetriedStillFail() {
    pageLoad(false, 0, true);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void refusalsRetriedAfterMoreThanAClientWaitsStillFail() {
    pageLoad(true, 5, true);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void silentHostsTriedAgainAreNoRefusalsRetried() {
    pageLoad(true, 0.3, true, false);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void refusalsRetriedWithARawScannersSynsStillFail() {
    pageLoad(true, 0.3, false);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  /**
   * A sweep of 443 over 30 hosts that probes every refusing host twice, 50 ms apart: {@code talked}
   * of the open ones get a request (the rest of the 10 only give their greeting, unanswered).
   */
  private void doubledSweep(int talked) {
    wire.timestamps(true);
    for (int i = 1; i <= 30; i++) {
      String host = "10.112.0." + i;
      wire.at(i * 0.1);
      if (i <= 10) {
        if (i <= talked) {
          wire.conversation(CLIENT, 40000 + i, host, 443);
        } else { // connect, the server's greeting taken, closed without a word
          wire.tcp(CLIENT, 40000 + i, host, 443, TcpFlags.SYN);
          wire.tcp(host, 443, CLIENT, 40000 + i, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, 40000 + i, host, 443, TcpFlags.ACK);
          wire.tcp(host, 443, CLIENT, 40000 + i, TcpFlags.PSH | TcpFlags.ACK, 200, 64240, 1);
          wire.tcp(CLIENT, 40000 + i, host, 443, TcpFlags.ACK); // the greeting acknowledged
          wire.tcp(CLIENT, 40000 + i, host, 443, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(host, 443, CLIENT, 40000 + i, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(CLIENT, 40000 + i, host, 443, TcpFlags.ACK);
        }
        continue;
      }
      for (int probe = 0; probe < 2; probe++) {
        wire.at(i * 0.1 + probe * 0.05);
        wire.tcp(CLIENT, 41000 + 2 * i + probe, host, 443, TcpFlags.SYN);
        wire.tcp(host, 443, CLIENT, 41000 + 2 * i + probe, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  @Test
  void aSweepProbingTwiceBesideGreetingsItOnlyListenedToStillFails() {
    doubledSweep(0);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void aSweepProbingTwiceBesideAFewRealRequestsStillFails() {
    doubledSweep(DetectionSettings.DEFAULTS.minFailedContacts() - 1);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void aProberRetryingEachRefusedConnectBesideTheHostsItTalkedToStillFails() {
    doubledSweep(DetectionSettings.DEFAULTS.minFailedContacts()); // 5 talked to, 20 refused twice
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void aConnectSweepRunTwiceQuicklyByAHostThatBrowsedEarlierStillFails() {
    // five HTTPS sites an hour before, then nmap -sT -p443 over 60 hosts, run twice back to back
    wire.timestamps(true);
    for (int i = 1; i <= 5; i++) {
      wire.at(i);
      wire.conversation(CLIENT, 30000 + i, "10.114.0." + i, 443);
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 1; i <= 60; i++) {
        wire.at(3600 + pass + i * 0.01);
        wire.tcp(CLIENT, 42000 + pass * 100 + i, "10.113.0." + i, 443, TcpFlags.SYN);
        wire.tcp("10.113.0." + i, 443, CLIENT, 42000 + pass * 100 + i, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }
}
