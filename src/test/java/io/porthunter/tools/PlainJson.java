package io.porthunter.tools;

import java.util.Map;
import tools.jackson.core.type.TypeReference;

/** Answers as a client reads them back: plain maps, lists, strings, numbers, booleans and nulls. */
public final class PlainJson {
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private PlainJson() {}

  public static Map<String, Object> of(ToolResult result) {
    return of((Object) result.result());
  }

  /** Records and other beans turned into plain maps and lists, by the mapper that serialises answers. */
  public static Map<String, Object> of(Object value) {
    return ResultJson.mapper().convertValue(value, OBJECT);
  }

  /** One JSON object, as read from the wire or from standard output. */
  public static Map<String, Object> parse(String json) {
    return ResultJson.mapper().readValue(json, OBJECT);
  }
}
