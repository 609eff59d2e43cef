package io.porthunter.mcp;

import io.porthunter.config.ToolFailure;
import io.porthunter.tools.ResultJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a {@code tools/call}'s arguments. The SDK's own schema check is off, so every bad
 * argument is refused here as {@code invalid_argument} in the contract's result shape.
 */
final class ToolArguments {
  private final Map<String, Object> raw;

  ToolArguments(Map<String, Object> raw) {
    this.raw = raw == null ? Map.of() : raw;
  }

  /** The token is read leniently: a non-string simply does not match. */
  String token() {
    return raw.get("auth_token") instanceof String s ? s : null;
  }

  String requiredString(String name) throws ToolFailure {
    String s = optionalString(name);
    if (s == null) {
      throw ToolFailure.invalidArgument(name + " is required");
    }
    return s;
  }

  String optionalString(String name) throws ToolFailure {
    Object v = raw.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw ToolFailure.invalidArgument(name + " must be a string");
    }
    return s;
  }

  int integer(String name, int fallback) throws ToolFailure {
    Object v = raw.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
      if (d == Math.rint(d)) { // a whole number no parameter's range reaches
        throw ToolFailure.invalidArgument(name + " is out of range: " + n);
      }
    }
    throw ToolFailure.invalidArgument(name + " must be an integer");
  }

  double number(String name, double fallback) throws ToolFailure {
    Object v = raw.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    throw ToolFailure.invalidArgument(name + " must be a number");
  }

  List<String> stringList(String name) throws ToolFailure {
    if (!(raw.get(name) instanceof List<?> list)) {
      throw ToolFailure.invalidArgument(name + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object item : list) {
      // A non-string entry is still an address the caller asked about: it fails as invalid_ip
      // inside its own result rather than failing the whole call, echoed as the JSON it was sent as.
      out.add(item instanceof String s ? s : ResultJson.mapper().writeValueAsString(item));
    }
    return out;
  }
}
