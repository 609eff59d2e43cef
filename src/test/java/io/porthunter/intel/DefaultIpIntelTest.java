package io.porthunter.intel;

import static io.porthunter.intel.IntelTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade end to end: offline facts, threat entries per source, cache across restarts, groups. */
class DefaultIpIntelTest {
  @StartStop final MockWebServer otxServer = new MockWebServer();
  @StartStop final MockWebServer gnServer = new MockWebServer();
  @TempDir Path cacheDir;

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  private IpIntel unkeyed() {
    return DefaultIpIntel.create(IntelSettings.fromEnv(Map.of(IntelSettings.CACHE_DIR, cacheDir.toString())));
  }

  private IpIntel keyed() {
    return DefaultIpIntel.create(IntelSettings.fromEnv(IntelTestSupport.env(otxServer, gnServer, cacheDir)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> threat(Enrichment e, String source) {
    return (Map<String, Object>) e.threat().get(source);
  }

  /** Answers like the services: the scanner is known to both, everything else to neither. */
  private void serveLikeTheServices() {
    otxServer.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return json(200, request.getUrl().encodedPath().contains(IntelTestSupport.SCANNER_IP)
            ? IntelTestSupport.OTX_GENERAL : IntelTestSupport.OTX_NO_PULSES);
      }
    });
    gnServer.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return request.getUrl().encodedPath().endsWith(IntelTestSupport.SCANNER_IP)
            ? json(200, IntelTestSupport.GREYNOISE_MALICIOUS)
            : json(404, IntelTestSupport.GREYNOISE_NOT_OBSERVED);
      }
    });
  }

  @Test
  void withoutKeysEnrichmentIsOfflineAndSourcesAreDisabled() throws Exception {
    try (IpIntel intel = unkeyed()) {
      Enrichment e = intel.enrich(ip("8.8.8.8"));
      assertThat(e.asn()).isEqualTo("AS15169");
      assertThat(e.asn_number()).isEqualTo(15169L);
      assertThat(e.org()).containsIgnoringCase("Google");
      assertThat(e.geo()).isEqualTo(Map.of("country", "US", "source", "embedded"));
      assertThat(e.threat()).isEqualTo(Map.of("otx", Map.of("status", "disabled"),
          "greynoise", Map.of("status", "disabled")));
      assertThat(intel.enrich(ip("1.1.1.1")).asn()).isEqualTo("AS13335");
    }
    assertThat(Files.exists(cacheDir.resolve(ThreatCache.FILE_NAME))).isFalse();
  }

  @Test
  void offlineFactsForSpecialAndUnknownAddresses() throws Exception {
    try (IpIntel intel = unkeyed()) {
      assertThat(intel.offline(ip("192.168.1.10"))).isEqualTo(OfflineFacts.UNKNOWN);
      assertThat(intel.offline(ip("2001:db8::1"))).isEqualTo(OfflineFacts.UNKNOWN);
      assertThat(intel.offline(ip("3ffe::1"))).isEqualTo(OfflineFacts.UNKNOWN);
      assertThat(intel.offline(ip("2001:4860:4860::8888")).asn()).isEqualTo(15169L);
      assertThat(intel.specialPurpose(ip("100.64.1.1")))
          .contains(new SpecialPurpose("private_ip", "cgnat", "100.64.0.0/10"));
      Enrichment unknown = intel.enrich(ip("3ffe::1"));
      assertThat(unknown.asn()).isNull();
      assertThat(unknown.asn_number()).isNull();
      assertThat(unknown.geo()).containsEntry("country", null);
    }
  }

  @Test
  void keyedEnrichmentAsksBothServicesOnceAndCachesAcrossRestarts() throws Exception {
    serveLikeTheServices();
    try (IpIntel intel = keyed()) {
      Enrichment e = intel.enrich(ip(IntelTestSupport.SCANNER_IP));
      assertThat(threat(e, "otx")).containsEntry("status", "ok").containsEntry("pulse_count", 2);
      assertThat(threat(e, "greynoise")).containsEntry("status", "ok").containsEntry("classification", "malicious");
      assertThat(intel.enrich(ip("8.8.4.4")).threat().get("greynoise")).isEqualTo(Map.of("status", "not_found",
          "noise", false, "riot", false,
          "message", "IP not observed scanning the internet or contained in RIOT data set."));
    }
    int asked = otxServer.getRequestCount() + gnServer.getRequestCount();
    assertThat(asked).isEqualTo(4);
    try (IpIntel restarted = keyed()) {
      Enrichment again = restarted.enrich(ip(IntelTestSupport.SCANNER_IP));
      assertThat(threat(again, "otx")).containsEntry("pulse_count", 2)
          .containsEntry("tags", List.of("ssh", "bruteforce", "scanner", "http"));
      assertThat(threat(restarted.enrich(ip("8.8.4.4")), "greynoise")).containsEntry("status", "not_found");
    }
    assertThat(otxServer.getRequestCount() + gnServer.getRequestCount()).isEqualTo(asked);
  }

  @Test
  void answersExpireAfterTheTtlInBothLayers() throws Exception {
    serveLikeTheServices();
    IntelTestSupport.MovableClock clock = new IntelTestSupport.MovableClock();
    IntelSettings settings = IntelSettings.fromEnv(IntelTestSupport.env(otxServer, gnServer, cacheDir));
    try (IpIntel intel = DefaultIpIntel.create(settings, clock)) {
      intel.enrich(ip(IntelTestSupport.SCANNER_IP));
      clock.advance(settings.cacheTtl().minusSeconds(1));
      intel.enrich(ip(IntelTestSupport.SCANNER_IP));
      assertThat(otxServer.getRequestCount()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      intel.enrich(ip(IntelTestSupport.SCANNER_IP));
      assertThat(otxServer.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void anUnusableCacheFolderLeavesTheMemoryLayer() throws Exception {
    serveLikeTheServices();
    Path notAFolder = Files.writeString(cacheDir.resolve("occupied"), "a file where the folder should be");
    Map<String, String> env = new HashMap<>(IntelTestSupport.env(otxServer, gnServer, cacheDir));
    env.put(IntelSettings.CACHE_DIR, notAFolder.toString());
    try (IpIntel intel = DefaultIpIntel.create(IntelSettings.fromEnv(env))) {
      Enrichment first = intel.enrich(ip(IntelTestSupport.SCANNER_IP));
      assertThat(threat(first, "otx")).containsEntry("status", "ok");
      assertThat(intel.enrich(ip(IntelTestSupport.SCANNER_IP))).isEqualTo(first);
    }
    assertThat(otxServer.getRequestCount()).isEqualTo(1);
    assertThat(gnServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aFailingServiceKeepsTheOtherFactsAndIsAskedAgainNextTime() throws Exception {
    for (int i = 0; i <= IntelSettings.DEFAULT_MAX_RETRIES; i++) {
      otxServer.enqueue(json(500, "{\"detail\": \"Internal Server Error\"}"));
    }
    otxServer.enqueue(json(200, IntelTestSupport.OTX_NO_PULSES));
    gnServer.enqueue(json(404, IntelTestSupport.GREYNOISE_NOT_OBSERVED));
    try (IpIntel intel = keyed()) {
      Enrichment e = intel.enrich(ip("8.8.8.8"));
      assertThat(e.asn()).isEqualTo("AS15169");
      assertThat(e.geo()).containsEntry("country", "US");
      assertThat(threat(e, "otx")).containsEntry("status", "error");
      assertThat(threat(e, "greynoise")).containsEntry("status", "not_found");
      Enrichment retried = intel.enrich(ip("8.8.8.8"));
      assertThat(threat(retried, "otx")).containsEntry("status", "ok");
      assertThat(threat(retried, "greynoise")).containsEntry("status", "not_found");
    }
    assertThat(gnServer.getRequestCount()).isEqualTo(1); // the not_found answer came from the cache
  }

  @Test
  void specialPurposeAddressesAreNeverSentToAService() throws Exception {
    try (IpIntel intel = keyed()) {
      Enrichment e = intel.enrich(ip("10.1.2.3"));
      assertThat(e.asn()).isNull();
      assertThat(threat(e, "otx")).isEqualTo(Map.of("status", "skipped", "reason", "private_ip"));
      assertThat(threat(e, "greynoise")).containsEntry("status", "skipped");
    }
    assertThat(otxServer.getRequestCount() + gnServer.getRequestCount()).isZero();
  }

  @Test
  void enrichAllKeepsOrder() throws Exception {
    serveLikeTheServices();
    List<InetAddress> ips = new ArrayList<>();
    for (String s : List.of("8.8.8.8", IntelTestSupport.SCANNER_IP, "1.1.1.1", "10.0.0.1",
        "2001:4860:4860::8888", "8.8.4.4", "1.0.0.1", "9.9.9.9")) {
      ips.add(ip(s));
    }
    try (IpIntel intel = keyed()) {
      List<Enrichment> all = intel.enrichAll(ips, () -> false);
      assertThat(all).hasSameSizeAs(ips);
      for (int i = 0; i < ips.size(); i++) {
        assertThat(all.get(i)).as(ips.get(i).toString()).isEqualTo(intel.enrich(ips.get(i)));
      }
      assertThat(all.get(0).asn()).isEqualTo("AS15169");
      assertThat(all.get(2).asn()).isEqualTo("AS13335");
      assertThat(threat(all.get(1), "greynoise")).containsEntry("classification", "malicious");
    }
  }

  @Test
  void enrichAllAsksEachDistinctAddressOnce() throws Exception {
    serveLikeTheServices();
    try (IpIntel intel = keyed()) {
      // the same address five times, once IPv4-mapped: one request to each service
      List<InetAddress> ips = List.of(ip("8.8.8.8"), ip("8.8.8.8"), ip("::ffff:8.8.8.8"), ip("8.8.8.8"), ip("8.8.8.8"));
      List<Enrichment> all = intel.enrichAll(ips, () -> false);
      assertThat(all).hasSize(5).allSatisfy(e -> assertThat(e.asn()).isEqualTo("AS15169"));
    }
    assertThat(otxServer.getRequestCount()).isEqualTo(1);
    assertThat(gnServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void answersCachedFromOneServiceUrlAreNotServedForAnother() throws Exception {
    serveLikeTheServices();
    try (IpIntel intel = keyed()) {
      intel.enrich(ip(IntelTestSupport.SCANNER_IP));
    }
    assertThat(otxServer.getRequestCount()).isEqualTo(1);
    // the same cache file, OTX now at another address (a proxy, the real service after a test run)
    Map<String, String> env = new java.util.HashMap<>(IntelTestSupport.env(otxServer, gnServer, cacheDir));
    env.put(IntelSettings.OTX_BASE_URL, gnServer.url("/other-otx").toString());
    int before = gnServer.getRequestCount();
    try (IpIntel moved = DefaultIpIntel.create(IntelSettings.fromEnv(env))) {
      moved.enrich(ip(IntelTestSupport.SCANNER_IP));
    }
    assertThat(gnServer.getRequestCount() - before).as("the OTX lookup went to the new address").isEqualTo(1);
    assertThat(otxServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aCancelledEnrichAllStopsWithoutAskingTheRest() throws Exception {
    serveLikeTheServices();
    List<InetAddress> ips = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      ips.add(ip("8.8." + (i / 250) + "." + (i % 250 + 1)));
    }
    try (IpIntel intel = keyed()) {
      assertThatThrownBy(() -> intel.enrichAll(ips, () -> true)).isInstanceOf(CancellationException.class);
    }
    assertThat(otxServer.getRequestCount() + gnServer.getRequestCount()).as("cancelled before it began").isZero();
  }

  @Test
  void aCorrelateCancelledWhileItRunsStopsItsLookups() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    Dispatcher slowAndCancelling = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        cancelled.set(true); // the client cancels once lookups are under way
        Thread.sleep(200);
        return json(200, IntelTestSupport.OTX_NO_PULSES);
      }
    };
    otxServer.setDispatcher(slowAndCancelling);
    gnServer.setDispatcher(slowAndCancelling);
    List<InetAddress> ips = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      ips.add(ip("8.8." + (i / 250) + "." + (i % 250 + 1)));
    }
    try (IpIntel intel = keyed()) {
      assertThatThrownBy(() -> intel.enrichAll(ips, cancelled::get)).isInstanceOf(CancellationException.class);
    }
    assertThat(otxServer.getRequestCount() + gnServer.getRequestCount()).isLessThan(ips.size() / 2);
  }

  @Test
  void groupsByAsnCountryPrefixAndIntelHits() throws Exception {
    serveLikeTheServices();
    List<InetAddress> ips = List.of(ip("8.8.8.8"), ip("8.8.4.4"), ip("2001:4860:4860::8888"),
        ip("1.1.1.1"), ip("1.1.1.2"), ip(IntelTestSupport.SCANNER_IP), ip("192.168.0.7"));
    try (IpIntel intel = keyed()) {
      Groups g = intel.group(ips, intel.enrichAll(ips, () -> false));
      assertThat(g.by_asn()).containsEntry("AS15169", List.of("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888"))
          .containsEntry("AS13335", List.of("1.1.1.1", "1.1.1.2"));
      assertThat(g.by_asn().values().stream().flatMap(List::stream)).doesNotContain("192.168.0.7");
      assertThat(g.by_country()).containsEntry("US", List.of("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888"));
      assertThat(g.by_prefix()).containsEntry("8.8.8.0/24", List.of("8.8.8.8"))
          .containsEntry("1.1.1.0/24", List.of("1.1.1.1", "1.1.1.2"))
          .containsEntry("2001:4860:4860::/48", List.of("2001:4860:4860::8888"))
          .containsEntry("192.168.0.0/24", List.of("192.168.0.7"));
      assertThat(g.intel_hits()).containsExactly(IntelTestSupport.SCANNER_IP);
      assertThatIllegalArgumentException().isThrownBy(() -> intel.group(ips, List.of()));
    }
  }

  @Test
  void enrichingAfterCloseIsRefusedInsteadOfReopeningTheCache() throws Exception {
    IpIntel intel = unkeyed();
    intel.close();
    assertThatThrownBy(() -> intel.enrich(ip("8.8.8.8"))).isInstanceOf(IllegalStateException.class);
    assertThat(cacheDir).isEmptyDirectory();
  }
}
