package io.porthunter.intel;

import static io.porthunter.intel.IntelTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ThreatHttp's retry loop against a local server: which answers it retries, how often, how long apart. */
class ThreatHttpTest {
  private static final int MAX_RETRIES = 2;

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path cacheDir;
  private final TimedQueue answers = new TimedQueue();
  private final IntelTestSupport.MovableClock clock = new IntelTestSupport.MovableClock();

  @BeforeEach
  void answerFromTheQueue() {
    answers.setFailFast(true); // a request past the queued answers gets a 404 at once, not a wait
    server.setDispatcher(answers);
  }

  /** A client retrying {@link #MAX_RETRIES} times, first after {@code backoffMs} when no Retry-After says. */
  private ThreatHttp http(String backoffMs) {
    Map<String, String> env = new HashMap<>(IntelTestSupport.env(server, server, cacheDir));
    env.put(IntelSettings.MAX_RETRIES, String.valueOf(MAX_RETRIES));
    env.put(IntelSettings.RETRY_BACKOFF_MS, backoffMs);
    return new ThreatHttp(IntelSettings.fromEnv(env), clock);
  }

  private ThreatHttp.Outcome get(ThreatHttp http) {
    return http.get(server.url("/v3/community/" + IntelTestSupport.SCANNER_IP).uri(), "key", "gn-test-key",
        () -> false);
  }

  @Test
  void aRefusedConnectionSaysWhereItCouldNotConnect() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // free once closed: nothing listens there
    }
    ThreatHttp.Outcome o = http("1").get(java.net.URI.create("http://127.0.0.1:" + closedPort + "/v3/community/x"),
        "key", "k", () -> false);
    assertThat(o.failure()).isEqualTo("request failed: could not connect to 127.0.0.1:" + closedPort);
  }

  @Test
  void aServerErrorAndARateLimitAreRetriedUntilTheAnswerComes() {
    server.enqueue(json(500, "Internal Server Error"));
    server.enqueue(json(429, "{\"message\": \"rate limit exceeded\"}"));
    server.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS));

    ThreatHttp.Outcome outcome = get(http(IntelTestSupport.BACKOFF_MS));

    assertThat(outcome.status()).isEqualTo(200);
    assertThat(outcome.body()).isEqualTo(IntelTestSupport.GREYNOISE_MALICIOUS);
    assertThat(server.getRequestCount()).isEqualTo(1 + MAX_RETRIES);
  }

  @Test
  void afterItsRetriesItGivesUpWithTheLastAnswer() {
    for (int i = 0; i <= MAX_RETRIES; i++) {
      server.enqueue(json(503, "Service Unavailable"));
    }
    server.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS)); // for one retry too many

    ThreatHttp.Outcome outcome = get(http(IntelTestSupport.BACKOFF_MS));

    assertThat(outcome.status()).isEqualTo(503);
    assertThat(outcome.answered()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1 + MAX_RETRIES);
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 499})
  void aClientErrorIsNotRetried(int status) {
    server.enqueue(json(status, "{\"message\": \"no\"}"));
    server.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS)); // what a retry would get

    assertThat(get(http(IntelTestSupport.BACKOFF_MS)).status()).isEqualTo(status);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRetryAfterDateIsWaitedForInsteadOfTheBackoff() {
    // the date's whole second is 300 ms ahead of the clock: far longer than the backoff
    Instant retryAt = clock.instant().plusSeconds(1);
    clock.advance(Duration.ofMillis(700));
    server.enqueue(new MockResponse.Builder().code(429)
        .addHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt.atZone(ZoneOffset.UTC)))
        .build());
    server.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS));

    assertThat(get(http(IntelTestSupport.BACKOFF_MS)).status()).isEqualTo(200);
    assertThat(server.getRequestCount()).isEqualTo(2);
    // a lower bound only: a slow machine can widen the gap, never narrow it
    assertThat(answers.millisBetween(0, 1)).isGreaterThanOrEqualTo(300);
  }

  @Test
  void aZeroPaddedRetryAfterIsWaitedForItsValue() {
    // 24 digits, but one second: waited for (the backoff is 10 ms), not taken for "forever"
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "000000000000000000000001")
        .build());
    server.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS));

    assertThat(get(http(IntelTestSupport.BACKOFF_MS)).status()).isEqualTo(200);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(answers.millisBetween(0, 1)).isGreaterThanOrEqualTo(900);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3600", "99999999999999999999999", "000000000000000000000000000000000000000006"})
  void aRetryAfterLongerThanItWaitsEndsTheCallWithTheRateLimit(String seconds) {
    // however many digits: a wait beyond MAX_RETRY_AFTER is not blocked on, nor taken for no header
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", seconds).build());
    server.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS)); // what a retry would get

    assertThat(get(http(IntelTestSupport.BACKOFF_MS)).status()).isEqualTo(429);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void withoutRetryAfterEachWaitIsTwiceTheOneBefore() {
    for (int i = 0; i < MAX_RETRIES; i++) {
      server.enqueue(json(503, "Service Unavailable"));
    }
    server.enqueue(json(200, IntelTestSupport.GREYNOISE_MALICIOUS));

    assertThat(get(http("100")).status()).isEqualTo(200);
    // lower bounds only, as above: 100 ms, then 200 ms
    assertThat(answers.millisBetween(0, 1)).isGreaterThanOrEqualTo(100);
    assertThat(answers.millisBetween(1, 2)).isGreaterThanOrEqualTo(200);
  }

  /** Answers in the order queued, noting when each request arrived. */
  private static final class TimedQueue extends QueueDispatcher {
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      arrivals.add(System.nanoTime());
      return super.dispatch(request);
    }

    long millisBetween(int earlier, int later) {
      return TimeUnit.NANOSECONDS.toMillis(arrivals.get(later) - arrivals.get(earlier));
    }
  }
}
