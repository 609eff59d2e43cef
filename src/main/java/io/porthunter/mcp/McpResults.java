package io.porthunter.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** A {@link ToolResult} as MCP sends it: structured content, the same JSON as text, isError on failure. */
public final class McpResults {
  private McpResults() {}

  public static CallToolResult toCallToolResult(ToolResult result) {
    return CallToolResult.builder()
        .structuredContent(result.json())
        .addTextContent(Json.compact(result.json()))
        .isError(!result.ok())
        .build();
  }
}
