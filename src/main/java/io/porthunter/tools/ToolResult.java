package io.porthunter.tools;

import java.util.Collections;
import java.util.Map;

/**
 * One tool's answer.
 *
 * @param ok     the result's {@code ok} field
 * @param result the whole result object, {@code ok} and {@code generated_at} included, as it goes out as
 *               {@code structuredContent}: JSON values and the report records holding them, which
 *               {@link ResultJson#mapper()} serialises by component name. They are not turned into plain maps
 *               first: that was a whole extra pass over every answer, on every call.
 * @param view   the view of a kept analysis the result was made from ({@link
 *               io.porthunter.report.ScanReports}), or null: results made of one view object differ only
 *               in {@code generated_at}, so a server may render that view's JSON once and reuse it
 */
public record ToolResult(boolean ok, Map<String, Object> result, Object view) {
  public ToolResult {
    result = Collections.unmodifiableMap(result);
  }

  /** A result made of no kept view. */
  public ToolResult(boolean ok, Map<String, Object> result) {
    this(ok, result, null);
  }
}
