package io.porthunter.intel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Threat-intel answers kept across restarts in a SQLite file. Several server processes may share
 * it: WAL mode lets readers run beside a writer, {@code busy_timeout} makes a writer wait for
 * another's lock instead of failing, and every statement is its own short transaction. Only real
 * answers ({@link ThreatStatus#cacheable()}) are stored; entries older than the TTL are ignored and
 * replaced on the next answer.
 */
final class ThreatCache implements AutoCloseable {
  static final String FILE_NAME = "intel-cache.sqlite";
  static final int BUSY_TIMEOUT_MS = 5_000;

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final TypeReference<LinkedHashMap<String, Object>> ENTRY = new TypeReference<>() {};

  private final Connection db;
  private final Duration ttl;
  private final Clock clock;

  private ThreatCache(Connection db, Duration ttl, Clock clock) {
    this.db = db;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Opens (creating when needed) the cache file in {@code dir}. */
  static ThreatCache open(Path dir, Duration ttl, Clock clock) throws IOException, SQLException {
    Files.createDirectories(dir);
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FILE_NAME).toAbsolutePath());
    try (Statement s = db.createStatement()) {
      // busy_timeout first, so that the WAL switch itself waits for a concurrent opener
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = NORMAL");
      s.execute("CREATE TABLE IF NOT EXISTS threat_answer ("
          + "source TEXT NOT NULL, ip TEXT NOT NULL, fetched_at INTEGER NOT NULL, answer TEXT NOT NULL, "
          + "PRIMARY KEY (source, ip))");
    } catch (SQLException e) {
      db.close();
      throw e;
    }
    return new ThreatCache(db, ttl, clock);
  }

  /** A fresh cached answer of {@code source} for {@code ip}. */
  synchronized Optional<Map<String, Object>> get(String source, String ip) throws SQLException {
    try (PreparedStatement q = db.prepareStatement(
        "SELECT fetched_at, answer FROM threat_answer WHERE source = ? AND ip = ?")) {
      q.setString(1, source);
      q.setString(2, ip);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        long age = clock.millis() - r.getLong(1);
        if (age < 0 || age >= ttl.toMillis()) {
          return Optional.empty();
        }
        return Optional.of(JSON.readValue(r.getString(2), ENTRY));
      } catch (JacksonException e) {
        return Optional.empty(); // an unreadable row is as good as none; the next answer replaces it
      }
    }
  }

  /** Stores an answer, unless its status is a failure; returns whether it was stored. */
  synchronized boolean put(String source, String ip, Map<String, Object> answer) throws SQLException {
    if (!ThreatStatus.fromWire(answer.get(ThreatStatus.KEY)).cacheable()) {
      return false;
    }
    try (PreparedStatement u = db.prepareStatement(
        "INSERT INTO threat_answer (source, ip, fetched_at, answer) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (source, ip) DO UPDATE SET "
            + "fetched_at = excluded.fetched_at, answer = excluded.answer")) {
      u.setString(1, source);
      u.setString(2, ip);
      u.setLong(3, clock.millis());
      u.setString(4, JSON.writeValueAsString(answer));
      u.executeUpdate();
      return true;
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing a read-mostly cache: nothing to save, nothing to report
    }
  }
}
