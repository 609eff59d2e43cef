package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A recursive resolver asks the name servers the referrals it received named (RFC 1034 §4.3.2): when
 * they are down or out of reach, its questions to them fail, and are no sweep of DNS servers.
 */
class ReferredServersTest {
  private static final String RESOLVER = "10.37.0.4";
  private static final String ROOT = "10.37.0.10";
  private static final int ZONES = 12;

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private static String server(int zone, int which) {
    return "10.137.0." + (100 + zone * 2 + which);
  }

  /**
   * The resolver resolves a name in each of {@link #ZONES} zones, a second apart: it asks the root, which
   * refers it to the zone's two servers (when {@code refer}: at {@code referralDelay} s after the
   * question), then asks each of them three times, with no answer.
   */
  private static void resolveInDeadZones(Wire w, boolean refer, double referralDelay) {
    for (int zone = 0; zone < ZONES; zone++) {
      double t = zone * 1.0;
      int port = 41000 + zone;
      w.at(t).udp(RESOLVER, port, ROOT, 53, 40);
      w.at(t + 0.001 + Math.max(0, referralDelay));
      if (refer) {
        w.referral(ROOT, RESOLVER, port, server(zone, 0), server(zone, 1));
      } else {
        w.udp(ROOT, 53, RESOLVER, port, 120); // an answer naming no server
      }
      for (int attempt = 0; attempt < 3; attempt++) {
        for (int which = 0; which < 2; which++) {
          w.at(t + 0.01 + attempt * 0.3 + which * 0.1).udp(RESOLVER, 42000 + zone * 10 + attempt * 2 + which,
              server(zone, which), 53, 40);
        }
      }
    }
  }

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  @Test
  void aResolverAskingTheDeadServersItWasReferredToIsNoScanner() {
    resolveInDeadZones(wire, true, 0);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void theSameQuestionsWithNoReferralNamingTheServersAreASweep() {
    resolveInDeadZones(wire, false, 0);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(RESOLVER);
    assertThat(v.techniques()).containsExactly("udp");
    assertThat(v.distinctHosts()).isEqualTo(2 * ZONES + 1);
  }

  @Test
  void aReferralComingAfterTheQuestionsToItsServersExcusesNone() {
    resolveInDeadZones(wire, true, 2.0);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(RESOLVER);
  }

  /**
   * {@link #ROOT} opens 30 conversations with {@link #RESOLVER}, each with a referral naming a host no
   * question asked about, then {@code sweeper} sweeps those hosts' port 53.
   */
  private void unaskedReferralsThenASweepBy(String sweeper) {
    String[] hosts = sweptServers(0, 30);
    for (int host = 0; host < hosts.length; host++) {
      wire.at(host * 0.01).referral(ROOT, RESOLVER, 41000 + host, hosts[host]);
    }
    for (int host = 0; host < hosts.length; host++) {
      wire.at(1 + host * 0.01).udp(sweeper, 43000, hosts[host], 53, 40);
    }
  }

  @Test
  void referralsAnsweringNoQuestionOfItsExcuseNoSweep() {
    // forged referrals naming every server the sweep then probes: no question of the sweeper's opened them
    unaskedReferralsThenASweepBy(RESOLVER);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(RESOLVER);
  }

  @Test
  void aReferralNamingTheServersAgainAfterTheQuestionsTakesNothingBack() {
    resolveInDeadZones(wire, true, 0);
    for (int zone = 0; zone < ZONES; zone++) { // the same zones' referrals to later questions
      wire.at(100 + zone).udp(RESOLVER, 45000 + zone, ROOT, 53, 40);
      wire.referral(ROOT, RESOLVER, 45000 + zone, server(zone, 0), server(zone, 1));
    }
    assertThat(judge().scanners()).isEmpty();
  }

  /** A question to {@link #ROOT} answered first with {@code first}, then with a referral naming {@code servers}. */
  private void answeredThenReferred(boolean first, String... servers) {
    wire.at(0).udp(RESOLVER, 41000, ROOT, 53, 40);
    if (first) {
      wire.udp(ROOT, 53, RESOLVER, 41000, 120);
    }
    wire.referral(ROOT, RESOLVER, 41000, servers);
  }

  private static String[] sweptServers(int from, int count) {
    return java.util.stream.IntStream.range(from, from + count).mapToObj(i -> "10.137.1." + i).toArray(String[]::new);
  }

  @Test
  void aReferralSentAfterTheFirstAnswerToTheQuestionNamesNone() {
    answeredThenReferred(true, sweptServers(0, 30));
    for (String server : sweptServers(0, 30)) {
      wire.at(1).udp(RESOLVER, 43000, server, 53, 40);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(RESOLVER);
  }

  @Test
  void rawSynsToTheServersAReferralNamedAreStillProbes() {
    answeredThenReferred(false, sweptServers(0, 30));
    for (String server : sweptServers(0, 30)) { // no options, window 1024: nmap's
      wire.at(1).tcp(RESOLVER, 43000, server, 53, TcpFlags.SYN, 0, 1024, 7);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(RESOLVER);
  }

  @Test
  void moreFailedServersThanAFewZonesHaveAreASweepWhateverReferralsNamedThem() {
    int servers = Excuses.REFERRED_MAX_FAILED_SERVERS + 1;
    for (int i = 0; i < servers; i++) { // one question each, each answered by a referral naming one more
      wire.at(i * 0.01).udp(RESOLVER, 30000 + i, ROOT, 53, 40);
      wire.referral(ROOT, RESOLVER, 30000 + i, "10.137.1." + i);
    }
    for (String server : sweptServers(0, servers)) {
      wire.at(2).udp(RESOLVER, 43000, server, 53, 40);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(RESOLVER);
  }

  @Test
  void referralsAServerSendsUnaskedExcuseNothingOfItsOwnSweep() {
    unaskedReferralsThenASweepBy(ROOT);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(ROOT);
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {2, 3})
  void theReferralsExcuseAsMuchWhenTheirConversationsAreFollowedInPartitions(int partitions) {
    Consumer<Wire> traffic = w -> resolveInDeadZones(w, true, 0);
    assertThat(Wire.inPartitions(partitions, traffic).scanners()).isEmpty();
  }

  @Test
  void serversPastTheBoundKeptAreCountedAsWhatTheBoundsCost() {
    int referrals = ConversationTracker.MAX_REFERRED_SERVERS_KEPT / 2 + 3;
    for (int i = 0; i < referrals; i++) {
      wire.at(i * 0.001).udp(RESOLVER, 20000 + i % 40000, ROOT, 53, 40);
      wire.referral(ROOT, RESOLVER, 20000 + i % 40000, "10.200." + (i >> 8) + "." + (i & 0xFF),
          "fd00::" + Integer.toHexString(i));
    }
    ScanAnalysis a = judge();
    assertThat(a.cost().referredServersNotKept()).isEqualTo(6);
    assertThat(a.cost().capped()).isTrue();
  }
}
