package io.porthunter.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.porthunter.tools.ToolResult;

/**
 * A {@link ToolResult} as MCP sends it: structured content, the same JSON as text, isError on failure.
 */
public final class McpResults {
  private McpResults() {}

  /**
   * A successful result goes out as structured content alone: the SDK checks it against the tool's
   * output schema, which serialises it, and sends that serialisation as the text block of a result
   * that brings none, so the text is the structured content's JSON without a second serialisation of
   * every answer. An error result skips the SDK's check, so it brings its own text.
   */
  public static CallToolResult toCallToolResult(ToolResult result) {
    CallToolResult.Builder answer = CallToolResult.builder()
        .structuredContent(result.result())
        .isError(!result.ok());
    if (!result.ok()) {
      answer.addTextContent(Json.compact(result.result()));
    }
    return answer.build();
  }
}
