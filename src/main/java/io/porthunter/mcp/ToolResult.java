package io.porthunter.mcp;

import java.util.Collections;
import java.util.Map;

/**
 * One tool's answer.
 *
 * @param ok     the result's {@code ok} field
 * @param result the whole result object, {@code ok} and {@code generated_at} included, as it goes out as
 *               {@code structuredContent}: JSON values and the report records holding them, which
 *               {@link Json#mapper()} serialises by component name. They are not turned into plain maps
 *               first: that was a whole extra pass over every answer, on every call.
 */
public record ToolResult(boolean ok, Map<String, Object> result) {
  public ToolResult {
    result = Collections.unmodifiableMap(result);
  }
}
