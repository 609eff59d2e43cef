package io.porthunter.intel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * GETs for the threat sources: a per-request timeout that covers the whole answer (headers and
 * body: the JDK client's own timeout stops at the headers, and a body trickling in a byte at a time
 * would hold the call for ever), answers capped at {@link #MAX_ANSWER_BYTES}, redirects never
 * followed (the client would send the API key along to the other host), a cap on calls in flight
 * shared by all sources, and bounded retries with exponential backoff on 429 and 5xx, honouring
 * Retry-After up to {@link #MAX_RETRY_AFTER}. Never throws for a failed call: the outcome says what
 * happened.
 */
final class ThreatHttp {
  /** A longer Retry-After is not waited for: the answer is reported as rate limited instead. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);
  /** Digits of a Retry-After in seconds that always fit a long (a 19-digit one may not). */
  private static final int MAX_DELTA_SECONDS_DIGITS = 18;
  static final int TOO_MANY_REQUESTS = 429;
  static final int FIRST_SERVER_ERROR = 500;
  /** Real answers are kilobytes (an OTX address with many pulses, a few hundred); more is refused. */
  static final long MAX_ANSWER_BYTES = 4L << 20;

  /** Built on the first call: without keys there is none, and building one (TLS setup) costs startup time. */
  private HttpClient client;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;
  private final Semaphore inFlight;
  private final Clock clock;

  ThreatHttp(IntelSettings settings, Clock clock) {
    this.timeout = settings.timeout();
    this.maxRetries = settings.maxRetries();
    this.backoff = settings.retryBackoff();
    this.inFlight = new Semaphore(settings.maxConcurrentCalls(), true);
    this.clock = clock;
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder()
          .connectTimeout(timeout)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return client;
  }

  /** What one logical call ended with: an HTTP status and body, or a failure before any answer. */
  record Outcome(int status, String body, String failure) {
    /** Not sent: the caller's service was resting when the request's turn came. */
    static final Outcome NOT_ASKED = new Outcome(-1, null, "not asked");

    static Outcome failed(String why) {
      return new Outcome(-1, null, why);
    }

    boolean answered() {
      return failure == null;
    }
  }

  /**
   * GETs {@code uri}; {@code resting} is asked again once the request's turn comes (calls in flight
   * are capped, so many may queue behind a service that stopped answering): while it says yes, the
   * request is not sent ({@link Outcome#NOT_ASKED}).
   */
  Outcome get(URI uri, String keyHeader, String key, BooleanSupplier resting) {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header(keyHeader, key)
        .header("Accept", "application/json")
        .GET()
        .build();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = send(request, resting);
        if (response == null) {
          return Outcome.NOT_ASKED;
        }
      } catch (HttpTimeoutException e) {
        return Outcome.failed("timed out after " + timeout.toMillis() + " ms");
      } catch (IOException e) {
        // a refused connection or an unknown host comes without a message
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
          return Outcome.failed("request failed: could not connect to " + request.uri().getAuthority());
        }
        return Outcome.failed("request failed: " + (e.getMessage() != null ? e.getMessage()
            : e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
            : e.getClass().getSimpleName()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.failed("interrupted");
      }
      Outcome outcome = new Outcome(response.statusCode(), response.body(), null);
      if (!retryable(response.statusCode()) || attempt >= maxRetries) {
        return outcome;
      }
      Optional<Duration> delay = retryDelay(response, attempt);
      if (delay.isEmpty()) {
        return outcome; // the server asks for a longer wait than we are willing to block
      }
      try {
        Thread.sleep(delay.get().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return outcome;
      }
    }
  }

  /** The answer, or null when {@code resting} says no once a call may go out. */
  private HttpResponse<String> send(HttpRequest request, BooleanSupplier resting)
      throws IOException, InterruptedException {
    inFlight.acquire();
    if (resting.getAsBoolean()) {
      inFlight.release();
      return null;
    }
    CompletableFuture<HttpResponse<String>> exchange =
        client().sendAsync(request, CappedBody.handler(MAX_ANSWER_BYTES));
    try {
      return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new HttpTimeoutException("no whole answer within the timeout");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    } finally {
      exchange.cancel(true); // a no-op once complete; else it ends the exchange and frees its connection
      inFlight.release();
    }
  }

  static boolean retryable(int status) {
    return status == TOO_MANY_REQUESTS || status >= FIRST_SERVER_ERROR;
  }

  /** Retry-After (seconds or HTTP date) when given, else {@link #doubledBackoff}. */
  private Optional<Duration> retryDelay(HttpResponse<?> response, int attempt) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.of(doubledBackoff(backoff, attempt));
    }
    Duration asked = parseRetryAfter(header.get().trim());
    return asked.compareTo(MAX_RETRY_AFTER) > 0 ? Optional.empty() : Optional.of(asked);
  }

  /**
   * The wait before retry {@code attempt + 1}: the first wait doubled per attempt, up to {@link
   * #MAX_RETRY_AFTER} (or the first wait, when that is longer): five retries of a 10 s backoff
   * would otherwise hold a call for minutes.
   */
  static Duration doubledBackoff(Duration first, int attempt) {
    Duration cap = first.compareTo(MAX_RETRY_AFTER) > 0 ? first : MAX_RETRY_AFTER;
    Duration doubled = first.multipliedBy(1L << Math.min(attempt, 30));
    return doubled.compareTo(cap) > 0 ? cap : doubled;
  }

  private Duration parseRetryAfter(String value) {
    if (!value.isEmpty() && value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      // delta-seconds (RFC 9110): more significant digits than a long holds ask for longer than
      // anyone waits; leading zeros are not significant ("0000000000000000000001" is one second)
      String significant = value.replaceFirst("^0+(?=.)", "");
      return significant.length() > MAX_DELTA_SECONDS_DIGITS ? ChronoUnit.FOREVER.getDuration()
          : Duration.ofSeconds(Long.parseLong(significant));
    }
    try {
      ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), when.toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException unreadable) {
      return backoff;
    }
  }
}
