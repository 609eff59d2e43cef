package io.porthunter.mcp;

import java.util.Map;

/**
 * One tool's answer as plain JSON values (maps, lists, strings, numbers, booleans, null), exactly what
 * goes out as {@code structuredContent} and, serialised, as the text block.
 *
 * @param ok   the result's {@code ok} field
 * @param json the whole result object, {@code ok} and {@code generated_at} included
 */
public record ToolResult(boolean ok, Map<String, Object> json) {
  public ToolResult {
    json = java.util.Collections.unmodifiableMap(json);
  }
}
