package io.porthunter.mcp;

import io.modelcontextprotocol.json.TypeRef;
import java.util.Map;

/** A tool's answer as a client reads it back: plain maps, lists, strings, numbers, booleans and nulls. */
final class PlainJson {
  private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {};

  private PlainJson() {}

  static Map<String, Object> of(ToolResult result) {
    return of((Object) result.result());
  }

  /** Records and other beans turned into plain maps and lists, by the mapper that serialises answers. */
  static Map<String, Object> of(Object value) {
    return Json.mapper().convertValue(value, OBJECT);
  }
}
