package io.porthunter.intel;

import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One keyed threat-intel service. Turns an HTTP outcome into the source's {@code threat} entry:
 * {@code status} first, then the service's facts. Never throws for a failing service.
 */
abstract class ThreatSource {
  static final int HTTP_OK = 200;
  static final int HTTP_UNAUTHORIZED = 401;
  static final int HTTP_FORBIDDEN = 403;
  static final int HTTP_NOT_FOUND = 404;
  static final int HTTP_FIRST_REDIRECT = 300;
  static final int HTTP_FIRST_CLIENT_ERROR = 400;

  private static final JsonMapper JSON = JsonMapper.shared();
  /** Calls in a row that got no answer at all (timed out, no connection) before the service rests. */
  static final int FAILURES_BEFORE_REST = 3;
  /** How long a service that stopped answering is not asked: a 256-address correlate took 514 s. */
  static final long REST_NANOS = 30_000_000_000L;

  private final String name;
  private final ThreatHttp http;
  private final URI baseUrl;
  private final String keyHeader;
  private final String key;
  private final AtomicInteger failuresInARow = new AtomicInteger();
  /** System.nanoTime() until which the service is not asked; now or earlier when it is. */
  private volatile long restingUntil = System.nanoTime();

  ThreatSource(String name, ThreatHttp http, URI baseUrl, String keyHeader, String key) {
    this.name = name;
    this.http = http;
    this.baseUrl = baseUrl;
    this.keyHeader = keyHeader;
    this.key = key;
  }

  /** The key inside {@code threat}: "otx" or "greynoise". */
  final String name() {
    return name;
  }

  /**
   * The source as the answer cache knows it: with its base URL, so answers from a test server or a
   * proxy are never served as the real service's.
   */
  final String cacheName() {
    return name + " " + baseUrl;
  }

  final boolean enabled() {
    return key != null;
  }

  /** Asks the service; the entry's status says how that went. */
  final Map<String, Object> query(InetAddress ip) {
    if (!enabled()) {
      return entry(ThreatStatus.DISABLED);
    }
    InetAddress address = Addresses.canonical(ip);
    String unsupported = unsupportedReason(address);
    if (unsupported != null) {
      Map<String, Object> out = entry(ThreatStatus.SKIPPED);
      out.put("reason", unsupported);
      return out;
    }
    if (resting()) {
      return restingFailure();
    }
    ThreatHttp.Outcome outcome = http.get(uri(path(address)), keyHeader, key, this::resting);
    if (outcome == ThreatHttp.Outcome.NOT_ASKED) {
      return restingFailure();
    }
    if (!outcome.answered()) {
      // a cancelled call says nothing about the service
      if (!Thread.currentThread().isInterrupted() && failuresInARow.incrementAndGet() >= FAILURES_BEFORE_REST) {
        restingUntil = System.nanoTime() + REST_NANOS;
      }
      return failure(outcome.failure());
    }
    failuresInARow.set(0);
    restingUntil = System.nanoTime();
    int status = outcome.status();
    if (status == ThreatHttp.TOO_MANY_REQUESTS) {
      return entry(ThreatStatus.RATE_LIMITED);
    }
    if (status == HTTP_UNAUTHORIZED || status == HTTP_FORBIDDEN) {
      Map<String, Object> out = entry(ThreatStatus.UNAUTHORIZED);
      out.put("http_status", status);
      return out;
    }
    if (status >= HTTP_FIRST_REDIRECT && status < HTTP_FIRST_CLIENT_ERROR) {
      return failure("HTTP " + status + ": redirects are not followed (the API key would go along)");
    }
    if (status != HTTP_OK && status != HTTP_NOT_FOUND) {
      return failure("HTTP " + status);
    }
    JsonNode body;
    try {
      body = outcome.body() == null || outcome.body().isBlank()
          ? JSON.missingNode()
          : JSON.readTree(outcome.body());
    } catch (JacksonException e) {
      return failure("unreadable answer: " + e.getOriginalMessage());
    }
    if (status == HTTP_NOT_FOUND) {
      // Only the service's own "nothing on this address" is an answer worth caching; an empty or
      // foreign 404 (a proxy, a captive portal, a wrong base URL) would pass for a clean address.
      Map<String, Object> out = entry(ThreatStatus.NOT_FOUND);
      return describeNotFound(body, out) ? out : failure("HTTP 404 that is not " + name + "'s answer");
    }
    if (!body.isObject()) {
      return failure("unreadable answer: not a JSON object");
    }
    Map<String, Object> out = entry(ThreatStatus.OK);
    describe(body, out);
    return out;
  }

  /** True while the service rests after {@link #FAILURES_BEFORE_REST} calls that got no answer. */
  private boolean resting() {
    return System.nanoTime() - restingUntil < 0;
  }

  private static Map<String, Object> restingFailure() {
    return failure("not asked: the last " + FAILURES_BEFORE_REST + " requests got no answer; asked again "
        + TimeUnit.NANOSECONDS.toSeconds(REST_NANOS) + " s after the last of them");
  }

  /** Why the service cannot be asked about this address, or null when it can. */
  String unsupportedReason(InetAddress ip) {
    return null;
  }

  /** The request path under the base URL for this address. */
  abstract String path(InetAddress ip);

  /** Adds the facts of a 200 answer. */
  abstract void describe(JsonNode body, Map<String, Object> out);

  /**
   * Adds what a 404 answer says, and tells whether it is the service's own answer that it knows
   * nothing of the address; by default no 404 is (the service has no such answer).
   */
  boolean describeNotFound(JsonNode body, Map<String, Object> out) {
    return false;
  }

  static Map<String, Object> entry(ThreatStatus status) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(ThreatStatus.KEY, status.wire());
    return out;
  }

  static Map<String, Object> failure(String why) {
    Map<String, Object> out = entry(ThreatStatus.ERROR);
    out.put("error", why);
    return out;
  }

  /** Text of a field, or null when absent or JSON null. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asString();
  }

  private URI uri(String path) {
    String base = baseUrl.toString();
    return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
  }
}
