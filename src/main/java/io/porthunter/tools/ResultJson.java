package io.porthunter.tools;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * How results become JSON, everywhere: Jackson 3's shared mapper (records by component name, nulls
 * kept), which is also what the MCP SDK's default mapper wraps, so the command line prints what the
 * server sends. Thread-safe.
 */
public final class ResultJson {
  private ResultJson() {}

  /**
   * Jackson's shared mapper, built on its first use (Jackson holds it lazily), not when this class is:
   * building it takes about 60 ms of a cold core, which {@link #prepareInBackground} thus moves off
   * the caller's thread.
   */
  public static JsonMapper mapper() {
    return JsonMapper.shared();
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
        types.forEach(mapper()::writerFor);
      } catch (Throwable e) {
        // no trace from a helper on any stream: writing a value of that type fails the same way, and says why
      }
    }, "porthunter-json-prepare");
    t.setDaemon(true);
    t.start();
  }

  /** Indented, for people at a terminal. */
  public static String pretty(Object value) {
    return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }
}
