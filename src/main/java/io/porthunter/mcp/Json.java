package io.porthunter.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.porthunter.tools.ResultJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The SDK's view of {@link ResultJson}'s mapper, so the server serialises answers as the command line prints them. */
public final class Json {
  private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(ResultJson.mapper());

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
}
