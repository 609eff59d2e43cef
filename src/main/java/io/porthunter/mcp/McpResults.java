package io.porthunter.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** A {@link ToolResult} as MCP sends it: structured content, the same JSON as text, isError on failure. */
public final class McpResults {
  private McpResults() {}

  /**
   * The text is the structured content serialised by the same mapper that sends it, so the two are
   * the same JSON (tool results are plain maps, lists, strings, numbers and booleans by then).
   */
  public static CallToolResult toCallToolResult(ToolResult result) {
    return CallToolResult.builder()
        .structuredContent(result.json())
        .addTextContent(Json.compact(result.json()))
        .isError(!result.ok())
        .build();
  }
}
