package io.porthunter.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's Jackson 3 mapper, shared so results are serialised one way everywhere (records by
 * component name, nulls kept). Thread-safe.
 */
public final class Json {
  private static final McpJsonMapper MAPPER = McpJsonDefaults.getMapper();
  /** Same configuration as the SDK's default supplier, for pretty printing on the command line. */
  private static final JsonMapper PRETTY_SOURCE = JsonMapper.shared();

  private Json() {}

  public static McpJsonMapper mapper() {
    return MAPPER;
  }

  public static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String pretty(Object value) {
    return PRETTY_SOURCE.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }
}
