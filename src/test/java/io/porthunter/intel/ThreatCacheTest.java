package io.porthunter.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatCacheTest {
  private static final Duration TTL = Duration.ofHours(24);
  private static final Map<String, Object> OK = Map.of("status", "ok", "pulse_count", 2,
      "pulses", List.of("SSH brute force"), "reputation", 0);

  @TempDir Path dir;
  private final IntelTestSupport.MovableClock clock = new IntelTestSupport.MovableClock();

  @Test
  void answerSurvivesARestart() throws Exception {
    try (ThreatCache first = ThreatCache.open(dir, TTL, clock)) {
      assertThat(first.put("otx", "45.155.205.233", OK)).isTrue();
    }
    try (ThreatCache second = ThreatCache.open(dir, TTL, clock)) {
      assertThat(second.get("otx", "45.155.205.233")).contains(OK);
      assertThat(second.get("greynoise", "45.155.205.233")).isEmpty();
      assertThat(second.get("otx", "8.8.8.8")).isEmpty();
    }
  }

  @Test
  void entriesExpireAfterTheTtl() throws Exception {
    try (ThreatCache cache = ThreatCache.open(dir, TTL, clock)) {
      cache.put("greynoise", "8.8.4.4", Map.of("status", "not_found", "noise", false));
      clock.advance(TTL.minusMinutes(1));
      assertThat(cache.get("greynoise", "8.8.4.4")).isPresent();
      clock.advance(Duration.ofMinutes(1));
      assertThat(cache.get("greynoise", "8.8.4.4")).isEmpty();
      cache.put("greynoise", "8.8.4.4", Map.of("status", "ok", "noise", true));
      assertThat(cache.get("greynoise", "8.8.4.4")).contains(Map.of("status", "ok", "noise", true));
    }
  }

  @Test
  void failuresAreNotCached() throws Exception {
    try (ThreatCache cache = ThreatCache.open(dir, TTL, clock)) {
      for (String status : List.of("error", "rate_limited", "unauthorized", "disabled", "skipped")) {
        assertThat(cache.put("otx", "1.2.3.4", Map.of("status", status))).as(status).isFalse();
        assertThat(cache.get("otx", "1.2.3.4")).as(status).isEmpty();
      }
    }
  }

  @Test
  void twoInstancesWriteTheSameFileConcurrently() throws Exception {
    int perWriter = 200;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ThreatCache a = ThreatCache.open(dir, TTL, clock);
        ThreatCache b = ThreatCache.open(dir, TTL, clock)) {
      List<Future<Integer>> done = new ArrayList<>();
      for (ThreatCache writer : List.of(a, b)) {
        String source = writer == a ? "otx" : "greynoise";
        Callable<Integer> task = () -> {
          int stored = 0;
          for (int i = 0; i < perWriter; i++) {
            String ip = "10.0." + (i / 256) + "." + (i % 256);
            stored += writer.put(source, ip, OK) ? 1 : 0;
            writer.put("shared", ip, Map.of("status", "ok", "writer", source)); // same rows from both
          }
          return stored;
        };
        done.add(pool.submit(task));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(perWriter);
      }
      for (int i = 0; i < perWriter; i++) {
        String ip = "10.0." + (i / 256) + "." + (i % 256);
        assertThat(a.get("greynoise", ip)).contains(OK);
        assertThat(b.get("otx", ip)).contains(OK);
        assertThat(a.get("shared", ip)).isPresent();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
