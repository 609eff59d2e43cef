package io.porthunter.intel;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Settings pointed at local mock servers, realistic service answers, and a clock tests can move. */
final class IntelTestSupport {
  static final String TIMEOUT_MS = "1500"; // roomy: the test machine is shared
  static final String BACKOFF_MS = "10";

  /** An IPv4 seen scanning: OTX has two pulses on it, GreyNoise calls it malicious. */
  static final String SCANNER_IP = "45.155.205.233";

  static final String OTX_GENERAL = """
      {"whois": "http://whois.domaintools.com/45.155.205.233", "reputation": 0,
       "indicator": "45.155.205.233", "type": "IPv4", "type_title": "IPv4",
       "base_indicator": {"id": 3956711214, "indicator": "45.155.205.233", "type": "IPv4"},
       "pulse_info": {"count": 2, "pulses": [
         {"id": "65f1c2", "name": "SSH brute force and port scanners", "tags": ["ssh", "bruteforce", "scanner"],
          "created": "2024-03-13T15:22:41.118000", "modified": "2024-05-01T00:02:11.553000"},
         {"id": "6601aa", "name": "Webscanners 2024-04", "tags": ["scanner", "http"],
          "created": "2024-04-01T10:00:00.000000", "modified": "2024-04-30T10:00:00.000000"}],
         "references": [], "related": {"alienvault": {"adversary": [], "malware_families": []}}},
       "false_positive": [], "validation": [], "asn": "AS49505 llc selectel", "city_data": true,
       "country_code": "RU", "country_name": "Russian Federation", "sections": ["general", "geo"]}
      """;

  static final String OTX_NO_PULSES = """
      {"reputation": 0, "indicator": "8.8.8.8", "type": "IPv4",
       "pulse_info": {"count": 0, "pulses": [], "references": []}, "sections": ["general"]}
      """;

  static final String GREYNOISE_MALICIOUS = """
      {"ip": "45.155.205.233", "noise": true, "riot": false, "classification": "malicious",
       "name": "unknown", "link": "https://viz.greynoise.io/ip/45.155.205.233",
       "last_seen": "2024-05-01", "message": "Success"}
      """;

  static final String GREYNOISE_NOT_OBSERVED = """
      {"ip": "8.8.4.4", "noise": false, "riot": false,
       "message": "IP not observed scanning the internet or contained in RIOT data set."}
      """;

  private IntelTestSupport() {}

  static Map<String, String> env(MockWebServer otx, MockWebServer greynoise, Path cacheDir) {
    Map<String, String> env = new HashMap<>();
    env.put(IntelSettings.OTX_API_KEY, "otx-test-key");
    env.put(IntelSettings.GREYNOISE_API_KEY, "gn-test-key");
    env.put(IntelSettings.OTX_BASE_URL, otx.url("/").toString());
    env.put(IntelSettings.GREYNOISE_BASE_URL, greynoise.url("/").toString());
    env.put(IntelSettings.TIMEOUT_MS, TIMEOUT_MS);
    env.put(IntelSettings.RETRY_BACKOFF_MS, BACKOFF_MS);
    env.put(IntelSettings.CACHE_DIR, cacheDir.toString());
    return env;
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .body(body).build();
  }

  /** A clock that stands still until moved. */
  static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
