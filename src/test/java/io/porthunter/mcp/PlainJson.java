package io.porthunter.mcp;

import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.util.Map;

/** Answers as a client reads them back: plain maps, lists, strings, numbers, booleans and nulls. */
public final class PlainJson {
  private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {};

  private PlainJson() {}

  static Map<String, Object> of(ToolResult result) {
    return of((Object) result.result());
  }

  /** Records and other beans turned into plain maps and lists, by the mapper that serialises answers. */
  static Map<String, Object> of(Object value) {
    return Json.mapper().convertValue(value, OBJECT);
  }

  /** One JSON object, as read from the wire or from standard output. */
  public static Map<String, Object> parse(String json) throws IOException {
    return Json.mapper().readValue(json, OBJECT);
  }
}
