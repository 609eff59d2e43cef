package io.porthunter.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A {@link ToolResult} as MCP sends it: structured content, the same JSON as text, isError on failure. */
public final class McpResults {
  private McpResults() {}

  public static CallToolResult toCallToolResult(ToolResult result) {
    String text = Json.compact(result.json());
    Map<String, Object> structured;
    try {
      // Parsed back from the text so the two are the same JSON by construction.
      structured = Json.parseObject(text);
    } catch (IOException e) {
      throw new UncheckedIOException("our own JSON did not parse", e);
    }
    return CallToolResult.builder()
        .structuredContent(structured)
        .addTextContent(text)
        .isError(!result.ok())
        .build();
  }
}
