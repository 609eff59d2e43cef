package io.porthunter.tools;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * How results become JSON, everywhere: Jackson 3's shared mapper (records by component name, nulls
 * kept), which is also what the MCP SDK's default mapper wraps, so the command line prints what the
 * server sends. Thread-safe.
 */
public final class ResultJson {
  private static final JsonMapper MAPPER = JsonMapper.shared();

  private ResultJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  /**
   * Builds the serializers of these types on a daemon thread, for a process about to print one:
   * Jackson introspects each record type the first time it meets one (about 0.1 s of a cold core for
   * a view's), which would otherwise wait until the analysis is over. Started before the command line
   * is parsed, it runs on the core that parsing leaves idle. A type that cannot be prepared is left to
   * the real serialisation to report.
   */
  public static void prepareInBackground(List<Class<?>> types) {
    Thread t = new Thread(() -> {
      try {
        types.forEach(MAPPER::writerFor);
      } catch (Throwable e) {
        // no trace from a helper on any stream: writing a value of that type fails the same way, and says why
      }
    }, "porthunter-json-prepare");
    t.setDaemon(true);
    t.start();
  }

  /** Indented, for people at a terminal. */
  public static String pretty(Object value) {
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }
}
