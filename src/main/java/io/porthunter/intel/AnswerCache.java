package io.porthunter.intel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threat answers in memory (Caffeine) over the SQLite file shared across restarts. The file is
 * opened on first use, so runs without keys never create it; when it cannot be opened or read the
 * memory layer alone still spares the services repeated questions. Both layers expire entries
 * after the TTL and keep only real answers.
 */
final class AnswerCache implements AutoCloseable {
  static final int MAX_ENTRIES_IN_MEMORY = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(AnswerCache.class);

  private final IntelSettings settings;
  private final Clock clock;
  private final Cache<String, Map<String, Object>> memory;
  private final Object lock = new Object();
  private ThreatCache file;
  private boolean fileTried;

  AnswerCache(IntelSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.memory = Caffeine.newBuilder()
        .maximumSize(MAX_ENTRIES_IN_MEMORY)
        .expireAfterWrite(settings.cacheTtl())
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .build();
  }

  Optional<Map<String, Object>> get(String source, String ip) {
    if (!settings.cacheEnabled()) {
      return Optional.empty();
    }
    Map<String, Object> hit = memory.getIfPresent(key(source, ip));
    if (hit != null) {
      return Optional.of(hit);
    }
    ThreatCache f = file();
    if (f == null) {
      return Optional.empty();
    }
    try {
      Optional<Map<String, Object>> stored = f.get(source, ip);
      stored.ifPresent(answer -> memory.put(key(source, ip), answer));
      return stored;
    } catch (SQLException e) {
      LOG.warn("intel cache read failed for {}: {}", source, e.toString());
      return Optional.empty();
    }
  }

  void put(String source, String ip, Map<String, Object> answer) {
    if (!settings.cacheEnabled() || !ThreatStatus.fromWire(answer.get(ThreatStatus.KEY)).cacheable()) {
      return;
    }
    memory.put(key(source, ip), answer);
    ThreatCache f = file();
    if (f != null) {
      try {
        f.put(source, ip, answer);
      } catch (SQLException e) {
        LOG.warn("intel cache write failed for {}: {}", source, e.toString());
      }
    }
  }

  private static String key(String source, String ip) {
    return source + ' ' + ip;
  }

  private ThreatCache file() {
    synchronized (lock) {
      if (!fileTried) {
        fileTried = true;
        try {
          file = ThreatCache.open(settings.cacheDir(), settings.cacheTtl(), clock);
        } catch (IOException | SQLException e) {
          LOG.warn("intel cache in {} unusable, keeping answers in memory only: {}",
              settings.cacheDir(), e.toString());
        }
      }
      return file;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (file != null) {
        file.close();
      }
    }
  }
}
