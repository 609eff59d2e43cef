package io.porthunter.tools;

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

  /** Indented, for people at a terminal. */
  public static String pretty(Object value) {
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }
}
