package io.porthunter.intel;

import static io.porthunter.intel.IntelTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTX and GreyNoise clients against local servers replaying the services' answers. */
class ThreatSourceTest {
  @StartStop final MockWebServer otxServer = new MockWebServer();
  @StartStop final MockWebServer gnServer = new MockWebServer();
  @TempDir Path cacheDir;

  private static final long SLOW_ANSWER_MS = 300;

  private OtxSource otx;
  private GreyNoiseSource greynoise;
  private InetAddress scanner;

  @BeforeEach
  void setUp() throws Exception {
    IntelSettings settings = IntelSettings.fromEnv(IntelTestSupport.env(otxServer, gnServer, cacheDir));
    ThreatHttp http = new ThreatHttp(settings, Clock.systemUTC());
    otx = new OtxSource(http, settings);
    greynoise = new GreyNoiseSource(http, settings);
    scanner = InetAddress.getByName(IntelTestSupport.SCANNER_IP);
  }

  private static void assertRequest(MockWebServer server, String path, String header, String key)
      throws InterruptedException {
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getHeaders().get(header)).isEqualTo(key);
  }

  @Test
  void otxSuccessReportsPulsesTagsAndReputation() throws Exception {
    otxServer.enqueue(json(200, IntelTestSupport.OTX_GENERAL));
    Map<String, Object> answer = otx.query(scanner);
    assertThat(answer).containsEntry("status", "ok").containsEntry("pulse_count", 2)
        .containsEntry("reputation", 0)
        .containsEntry("pulses", List.of("SSH brute force and port scanners", "Webscanners 2024-04"))
        .containsEntry("tags", List.of("ssh", "bruteforce", "scanner", "http"));
    assertRequest(otxServer, "/api/v1/indicators/IPv4/45.155.205.233/general", "X-OTX-API-KEY", "otx-test-key");
  }

  @Test
  void otxAsksTheIpv6SectionForIpv6() throws Exception {
    otxServer.enqueue(json(200, IntelTestSupport.OTX_NO_PULSES));
    Map<String, Object> answer = otx.query(InetAddress.getByName("2001:4860:4860::8888"));
    assertThat(answer).containsEntry("status", "ok").containsEntry("pulse_count", 0);
    assertThat(otxServer.takeRequest().getUrl().encodedPath())
        .isEqualTo("/api/v1/indicators/IPv6/2001:4860:4860::8888/general");
  }

  @Test
  void otxPulseNamesAndTagsAreCapped() throws Exception {
    StringBuilder pulses = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      pulses.append(i == 0 ? "" : ",").append("{\"name\": \"pulse ").append(i)
          .append("\", \"tags\": [\"t").append(i).append("\"]}");
    }
    otxServer.enqueue(json(200, "{\"reputation\": 3, \"pulse_info\": {\"count\": 30, \"pulses\": [" + pulses + "]}}"));
    Map<String, Object> answer = otx.query(scanner);
    assertThat(answer).containsEntry("pulse_count", 30).containsEntry("reputation", 3);
    assertThat((List<?>) answer.get("pulses")).hasSize(OtxSource.MAX_PULSE_NAMES);
    assertThat((List<?>) answer.get("tags")).hasSize(OtxSource.MAX_TAGS);
  }

  @Test
  void greynoiseSuccess() throws Exception {
    gnServer.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS));
    Map<String, Object> answer = greynoise.query(scanner);
    assertThat(answer).containsEntry("status", "ok").containsEntry("noise", true)
        .containsEntry("riot", false).containsEntry("classification", "malicious")
        .containsEntry("name", "unknown").containsEntry("last_seen", "2024-05-01")
        .containsEntry("link", "https://viz.greynoise.io/ip/45.155.205.233");
    assertRequest(gnServer, "/v3/community/45.155.205.233", "key", "gn-test-key");
  }

  @Test
  void greynoiseIsNotAskedAboutIpv6() throws Exception {
    assertThat(greynoise.query(InetAddress.getByName("2001:4860:4860::8888")))
        .isEqualTo(Map.of("status", "skipped", "reason", "ipv6_not_supported"));
    assertThat(gnServer.getRequestCount()).isZero();
  }

  @Test
  void greynoise404IsNotFound() throws Exception {
    gnServer.enqueue(json(404, IntelTestSupport.GREYNOISE_NOT_OBSERVED));
    Map<String, Object> answer = greynoise.query(InetAddress.getByName("8.8.4.4"));
    assertThat(answer).containsEntry("status", "not_found").containsEntry("noise", false)
        .containsEntry("riot", false);
    assertThat((String) answer.get("message")).contains("not observed");
  }

  @Test
  void rejectedKeyIsUnauthorized() throws Exception {
    gnServer.enqueue(json(401, "{\"message\": \"Authentication required\"}"));
    otxServer.enqueue(json(403, "{\"detail\": \"Authentication credentials were not provided.\"}"));
    assertThat(greynoise.query(scanner)).containsEntry("status", "unauthorized").containsEntry("http_status", 401);
    assertThat(otx.query(scanner)).containsEntry("status", "unauthorized").containsEntry("http_status", 403);
  }

  @Test
  void rateLimitedThenSuccessRetries() throws Exception {
    gnServer.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0")
        .body("{\"message\": \"rate limit exceeded\"}").build());
    gnServer.enqueue(json(429, "{\"message\": \"rate limit exceeded\"}")); // no Retry-After: backoff
    gnServer.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS));
    assertThat(greynoise.query(scanner)).containsEntry("status", "ok");
    assertThat(gnServer.getRequestCount()).isEqualTo(3);
  }

  @Test
  void rateLimitBeyondTheRetriesIsReported() throws Exception {
    for (int i = 0; i <= IntelSettings.DEFAULT_MAX_RETRIES; i++) {
      gnServer.enqueue(json(429, "{\"message\": \"rate limit exceeded\"}"));
    }
    assertThat(greynoise.query(scanner)).containsEntry("status", "rate_limited");
    assertThat(gnServer.getRequestCount()).isEqualTo(IntelSettings.DEFAULT_MAX_RETRIES + 1);
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    assertThat(java.util.stream.IntStream.range(0, 6)
        .mapToObj(a -> ThreatHttp.doubledBackoff(Duration.ofMillis(500), a).toMillis()))
        .containsExactly(500L, 1000L, 2000L, 4000L, 5000L, 5000L);
    // a first wait longer than the cap is kept, and not doubled
    assertThat(ThreatHttp.doubledBackoff(Duration.ofSeconds(10), 4)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void retryAfterLongerThanTheCapIsNotWaitedFor() throws Exception {
    gnServer.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
    assertThat(greynoise.query(scanner)).containsEntry("status", "rate_limited");
    assertThat(gnServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aServerErrorAskingForALongerWaitIsReportedAtOnce() throws Exception {
    otxServer.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "3600").build());
    assertThat(otx.query(scanner)).containsEntry("status", "error").containsEntry("error", "HTTP 503");
    assertThat(otxServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedThenReported() throws Exception {
    otxServer.enqueue(json(502, "<html>Bad Gateway</html>"));
    otxServer.enqueue(json(200, IntelTestSupport.OTX_GENERAL));
    assertThat(otx.query(scanner)).containsEntry("status", "ok");
    for (int i = 0; i <= IntelSettings.DEFAULT_MAX_RETRIES; i++) {
      otxServer.enqueue(json(503, "Service Unavailable"));
    }
    assertThat(otx.query(scanner)).containsEntry("status", "error").containsEntry("error", "HTTP 503");
  }

  @Test
  void slowAnswerHitsTheTimeout() throws Exception {
    gnServer.enqueue(new MockResponse.Builder().code(200).body(IntelTestSupport.GREYNOISE_MALICIOUS)
        .headersDelay(5, TimeUnit.SECONDS).build());
    Map<String, Object> answer = greynoise.query(scanner);
    assertThat(answer).containsEntry("status", "error");
    assertThat((String) answer.get("error")).contains("timed out");
  }

  @Test
  void aBodyTricklingInHitsTheTimeoutToo() throws Exception {
    // headers at once, then a byte every 100 ms: the JDK client's own timeout covers only the headers
    gnServer.enqueue(new MockResponse.Builder().code(200).body(IntelTestSupport.GREYNOISE_MALICIOUS)
        .throttleBody(1, 100, TimeUnit.MILLISECONDS).build());
    long started = System.nanoTime();
    Map<String, Object> answer = greynoise.query(scanner);
    assertThat(answer).containsEntry("status", "error");
    assertThat((String) answer.get("error")).contains("timed out");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
        .as("the whole body would take %d s", IntelTestSupport.GREYNOISE_MALICIOUS.length() / 10)
        .isLessThan(IntelTestSupport.GREYNOISE_MALICIOUS.length() / 10);
  }

  @Test
  void anAnswerOverTheCapIsRefused() throws Exception {
    String huge = "{\"reputation\": 0, \"padding\": \"" + "x".repeat((int) ThreatHttp.MAX_ANSWER_BYTES) + "\"}";
    otxServer.enqueue(json(200, huge)); // refused by its Content-Length
    otxServer.enqueue(new MockResponse.Builder().code(200).chunkedBody(huge, 64 * 1024).build()); // as it streams
    for (int i = 0; i < 2; i++) {
      Map<String, Object> answer = otx.query(scanner);
      assertThat(answer).containsEntry("status", "error");
      assertThat((String) answer.get("error")).contains("answer larger than " + ThreatHttp.MAX_ANSWER_BYTES + " bytes");
    }
  }

  @Test
  void redirectsAreNotFollowedSoTheKeyStaysHome() throws Exception {
    otxServer.enqueue(new MockResponse.Builder().code(302)
        .addHeader("Location", gnServer.url("/elsewhere").toString()).build());
    Map<String, Object> answer = otx.query(scanner);
    assertThat(answer).containsEntry("status", "error");
    assertThat((String) answer.get("error")).contains("HTTP 302").contains("not followed");
    assertThat(gnServer.getRequestCount()).as("the other host never saw the OTX key").isZero();
  }

  @Test
  void a404ThatIsNotTheServicesOwnAnswerIsAnError() throws Exception {
    // what an egress proxy, a captive portal or a wrong base URL answers: not "nothing on this address"
    gnServer.enqueue(new MockResponse.Builder().code(404).build());
    gnServer.enqueue(json(404, "<html>Not Found</html>"));
    otxServer.enqueue(json(404, "{\"detail\": \"Not found.\"}"));
    assertThat(greynoise.query(scanner)).containsEntry("status", "error");
    assertThat(greynoise.query(scanner)).containsEntry("status", "error");
    assertThat(otx.query(scanner)).containsEntry("status", "error");
  }

  @Test
  void a200ThatIsNotAJsonObjectIsAnError() throws Exception {
    otxServer.enqueue(json(200, "[1, 2, 3]"));
    assertThat(otx.query(scanner)).containsEntry("status", "error");
  }

  @Test
  void aServiceThatStopsAnsweringRestsAfterAFewTries() throws Exception {
    // connection refused (nothing listens any more): say why, then stop asking for a while
    IntelSettings settings = IntelSettings.fromEnv(IntelTestSupport.env(otxServer, gnServer, cacheDir));
    otxServer.close();
    OtxSource down = new OtxSource(new ThreatHttp(settings, Clock.systemUTC()), settings);
    for (int i = 0; i < ThreatSource.FAILURES_BEFORE_REST; i++) {
      Map<String, Object> answer = down.query(scanner);
      assertThat(answer).containsEntry("status", "error");
      assertThat((String) answer.get("error")).startsWith("request failed: ").doesNotContain("null");
    }
    long started = System.nanoTime();
    Map<String, Object> resting = down.query(scanner);
    assertThat((String) resting.get("error")).startsWith("not asked: the last " + ThreatSource.FAILURES_BEFORE_REST);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("answered at once").isLessThan(1000);
  }

  @Test
  void callsQueuedBehindAServiceThatStoppedAnsweringAreNotSent() throws Exception {
    // 40 lookups at once, 4 in flight at most: once 3 time out, the ones still waiting for their
    // turn are not sent (before, each waited out its own timeout in turn)
    otxServer.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).body(IntelTestSupport.OTX_NO_PULSES)
            .headersDelay(5, TimeUnit.SECONDS).build();
      }
    });
    int callers = 40;
    int notAsked = 0;
    for (Map<String, Object> answer : queriedAtOnce(otx, callers, 60)) {
      assertThat(answer).containsEntry("status", "error");
      notAsked += ((String) answer.get("error")).startsWith("not asked") ? 1 : 0;
    }
    assertThat(otxServer.getRequestCount()).isLessThanOrEqualTo(2 * IntelSettings.DEFAULT_MAX_CONCURRENCY);
    assertThat(notAsked).isGreaterThanOrEqualTo(callers - 2 * IntelSettings.DEFAULT_MAX_CONCURRENCY);
  }

  /** The answers of {@code callers} threads asking the source about the scanner at once. */
  private List<Map<String, Object>> queriedAtOnce(ThreatSource source, int callers, long waitSeconds)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Map<String, Object>>> pending = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        pending.add(pool.submit(() -> source.query(scanner)));
      }
      List<Map<String, Object>> answers = new ArrayList<>();
      for (Future<Map<String, Object>> f : pending) {
        answers.add(f.get(waitSeconds, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unreadableBodyIsAnError() throws Exception {
    otxServer.enqueue(json(200, "{not json"));
    assertThat(otx.query(scanner)).containsEntry("status", "error");
  }

  @Test
  void callsInFlightStayUnderTheCap() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    otxServer.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Thread.sleep(SLOW_ANSWER_MS);
        inFlight.decrementAndGet();
        return json(200, IntelTestSupport.OTX_NO_PULSES);
      }
    });
    Map<String, String> env = new HashMap<>(IntelTestSupport.env(otxServer, gnServer, cacheDir));
    env.put(IntelSettings.MAX_CONCURRENCY, "2");
    IntelSettings settings = IntelSettings.fromEnv(env);
    OtxSource capped = new OtxSource(new ThreatHttp(settings, Clock.systemUTC()), settings);
    int callers = 6;
    assertThat(queriedAtOnce(capped, callers, 30)).allSatisfy(a -> assertThat(a).containsEntry("status", "ok"));
    assertThat(otxServer.getRequestCount()).isEqualTo(callers);
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void sourceWithoutKeyIsDisabledAndSendsNothing() throws Exception {
    IntelSettings unkeyed = IntelSettings.fromEnv(Map.of(IntelSettings.CACHE_DIR, cacheDir.toString()));
    OtxSource off = new OtxSource(new ThreatHttp(unkeyed, Clock.systemUTC()), unkeyed);
    assertThat(off.query(scanner)).isEqualTo(Map.of("status", "disabled"));
    assertThat(otxServer.getRequestCount()).isZero();
  }
}
