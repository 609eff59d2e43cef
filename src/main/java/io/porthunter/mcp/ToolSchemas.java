package io.porthunter.mcp;

import static io.porthunter.tools.PortHunterTools.DEFAULT_MIN_PORTS;
import static io.porthunter.tools.PortHunterTools.DEFAULT_MIN_RATE_PPS;
import static io.porthunter.tools.PortHunterTools.DEFAULT_TIME_WINDOW_S;
import static io.porthunter.tools.PortHunterTools.DEFAULT_TOP_K;
import static io.porthunter.tools.PortHunterTools.MAX_CORRELATE_IPS;
import static io.porthunter.tools.PortHunterTools.MAX_MIN_PORTS;
import static io.porthunter.tools.PortHunterTools.MAX_TIME_WINDOW_S;
import static io.porthunter.tools.PortHunterTools.MAX_TOP_K;
import static io.porthunter.tools.PortHunterTools.MIN_PORTS_HELP;
import static io.porthunter.tools.PortHunterTools.MIN_RATE_HELP;
import static io.porthunter.tools.PortHunterTools.TIME_WINDOW_HELP;
import static io.porthunter.tools.PortHunterTools.TOP_K_HELP;

import io.porthunter.config.ErrorCode;
import io.porthunter.tools.PortHunterTools;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tool's name, description and JSON Schemas (2020-12), in one place. Output schemas accept both
 * shapes a result can take — success and {@code ok:false} — and allow additional properties, so
 * fields added later never break a validating client.
 */
public final class ToolSchemas {
  public static final String SCAN_OVERVIEW = "scan_overview";
  public static final String LIST_SUSPECTS = "list_suspects";
  public static final String FIRST_SCAN_EVENT = "first_scan_event";
  public static final String ENRICH_IP = "enrich_ip";
  public static final String CORRELATE = "correlate";

  public static final List<String> TOOL_NAMES =
      List.of(SCAN_OVERVIEW, LIST_SUSPECTS, FIRST_SCAN_EVENT, ENRICH_IP, CORRELATE);

  /** UTC ISO-8601 ending in Z, as {@link PortHunterTools#now()} writes it. */
  public static final String GENERATED_AT_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$";

  // The contract's fields of each answer, required where the README names them; the additions are
  // allowed but not declared. Numbers that may be fractional carry no type: a schema check must never
  // fail an answer over a number's form.
  private static final Map<String, Object> ANY = Map.of();
  private static final Map<String, Object> STRING = Map.of("type", "string");
  private static final Map<String, Object> INTEGER = Map.of("type", "integer");
  private static final Map<String, Object> BOOLEAN = Map.of("type", "boolean");
  private static final Map<String, Object> OBJECT = Map.of("type", "object");
  private static final Map<String, Object> STRINGS = arrayOf(STRING);
  private static final Map<String, Object> OVERVIEW = carrying(
      entry("file", ANY), entry("total_pkts", INTEGER), entry("interval_s", ANY),
      entry("scanners", arrayOf(carrying(entry("ip", STRING), entry("pkts", INTEGER), entry("distinct_ports", INTEGER),
          entry("distinct_hosts", INTEGER), entry("flag_stats", OBJECT), entry("techniques", STRINGS),
          entry("kind", STRING)))),
      entry("targets", arrayOf(carrying(entry("ip", STRING), entry("pkts", INTEGER), entry("ports_hit", INTEGER)))),
      entry("port_distribution", arrayOf(carrying(entry("port", INTEGER), entry("hits", INTEGER)))),
      entry("suspected_patterns", STRINGS), entry("truncated", BOOLEAN));
  private static final Map<String, Object> SUSPECT = carrying(
      entry("ip", STRING), entry("kind", STRING), entry("distinct_ports", INTEGER), entry("distinct_hosts", INTEGER),
      entry("rate_pps", ANY), entry("flags_seen", STRINGS), entry("techniques", STRINGS), entry("first_seen", ANY),
      entry("last_seen", ANY));
  // a pcapng simple packet block carries no time: such a probe's ts is null
  private static final Map<String, Object> FIRST_EVENT = nullable(carrying(
      entry("ts", ANY), entry("src", STRING), entry("dst", STRING), entry("port", ANY), entry("flags", ANY),
      entry("technique", ANY)));

  /**
   * name, title, description, input and output schema of one tool, and whether it may reach beyond
   * this machine (the intel tools query OTX and GreyNoise when keys are set). Every tool only reads:
   * hosts may call them without asking the user first.
   */
  public record Definition(String name, String title, String description, Map<String, Object> input,
      Map<String, Object> output, boolean openWorld) {}

  private ToolSchemas() {}

  public static List<Definition> all() {
    return List.of(
        new Definition(SCAN_OVERVIEW, "Scan overview of a capture",
            "Summarise port scanning in a pcap/pcapng capture: scanners, targets, port distribution, "
                + "techniques and a timeline in time_window_s slices.",
            input(List.of("path"),
                entry("path", pathProperty()),
                entry("time_window_s", integer(TIME_WINDOW_HELP, DEFAULT_TIME_WINDOW_S,
                    1, MAX_TIME_WINDOW_S)),
                entry("top_k", integer(TOP_K_HELP, DEFAULT_TOP_K, 1,
                    MAX_TOP_K)),
                entry("auth_token", tokenProperty())),
            output("overview", OVERVIEW), false),
        new Definition(LIST_SUSPECTS, "Scanning suspects in a capture",
            "List sources that look like scanners, with the evidence (ports, hosts, rate, techniques, "
                + "likely tool, what they found).",
            input(List.of("path"),
                entry("path", pathProperty()),
                entry("min_ports", integer(MIN_PORTS_HELP, DEFAULT_MIN_PORTS, 1, MAX_MIN_PORTS)),
                entry("min_rate_pps", Map.of("type", "number", "minimum", 0, "default", DEFAULT_MIN_RATE_PPS,
                    "description", MIN_RATE_HELP)),
                entry("auth_token", tokenProperty())),
            output("suspects", arrayOf(SUSPECT)), false),
        new Definition(FIRST_SCAN_EVENT, "First scan probe in a capture",
            "The earliest probe sent by a source judged to be scanning (null when nothing scanned).",
            input(List.of("path"), entry("path", pathProperty()), entry("auth_token", tokenProperty())),
            output("first_event", FIRST_EVENT), false),
        new Definition(ENRICH_IP, "Who an IP address is",
            "Who an IP address belongs to (ASN, organisation, country) and what threat intel says. "
                + "Private and other special-purpose addresses are skipped unless allowed.",
            input(List.of("ip"),
                entry("ip", Map.of("type", "string", "description", "An IPv4 or IPv6 address literal.")),
                entry("auth_token", tokenProperty())),
            enrichOutput(), true),
        new Definition(CORRELATE, "Correlate IP addresses",
            "Enrich several addresses at once and group them by ASN, country and prefix; with a "
                + "capture path, also say what each address did in that capture.",
            input(List.of("ips"),
                entry("ips", Map.of("type", "array", "minItems", 1, "maxItems", MAX_CORRELATE_IPS,
                    "items", Map.of("type", "string"), "description", "IPv4 or IPv6 address literals.")),
                entry("path", pathProperty()),
                entry("auth_token", tokenProperty())),
            output("results", arrayOf(carrying(entry("ok", BOOLEAN), entry("generated_at", STRING))),
                entry("groups", carrying(entry("by_asn", OBJECT), entry("by_country", OBJECT),
                    entry("by_prefix", OBJECT), entry("intel_hits", ANY)))), true));
  }

  private static Map<String, Object> arrayOf(Map<String, Object> items) {
    return Map.of("type", "array", "items", items);
  }

  /** An object with at least these properties (each of the schema given), and possibly more. */
  @SafeVarargs
  private static Map<String, Object> carrying(Map.Entry<String, Object>... properties) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", ordered(properties));
    schema.put("required", Arrays.stream(properties).map(Map.Entry::getKey).toList());
    return schema;
  }

  private static Map<String, Object> nullable(Map<String, Object> schema) {
    Map<String, Object> either = new LinkedHashMap<>(schema);
    either.put("type", List.of("object", "null"));
    return either;
  }

  private static Map<String, Object> pathProperty() {
    return Map.of("type", "string", "description",
        "Capture file (.pcap, .pcapng, .cap, optionally .gz or .zst), relative to the allowed directory.");
  }

  private static Map<String, Object> tokenProperty() {
    return Map.of("type", "string", "description",
        "The server's token (PORT_HUNTER_TOKEN); required unless the server runs without one.");
  }

  private static Map<String, Object> integer(String description, int fallback, int min, int max) {
    return Map.of("type", "integer", "minimum", min, "maximum", max, "default", fallback, "description",
        description);
  }

  @SafeVarargs
  private static Map<String, Object> input(List<String> required, Map.Entry<String, Object>... properties) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", ordered(properties));
    schema.put("required", required);
    return schema;
  }

  /** A result that, when ok, carries {@code field} (plus any {@code more} properties). */
  @SafeVarargs
  private static Map<String, Object> output(String field, Map<String, Object> fieldSchema,
      Map.Entry<String, Object>... more) {
    Map<String, Object> properties = commonProperties();
    properties.put(field, fieldSchema);
    properties.putAll(ordered(more));
    return resultSchema(properties, List.of(field));
  }

  private static Map<String, Object> enrichOutput() {
    Map<String, Object> properties = commonProperties();
    properties.put("ip", Map.of("type", "string"));
    properties.put("kind", Map.of("enum", List.of("public", "special")));
    properties.put("enrichment", carrying(entry("asn", ANY), entry("asn_number", ANY), entry("org", ANY),
        entry("geo", OBJECT), entry("threat", OBJECT)));
    properties.put("block", STRING);
    properties.put("skipped", Map.of("type", "boolean"));
    properties.put("reason", Map.of("type", "string"));
    properties.put("detail", Map.of("type", "string"));
    return resultSchema(properties, List.of("ip"));
  }

  private static Map<String, Object> commonProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("ok", Map.of("type", "boolean"));
    // A pattern, not "format": date-time, which some validating clients reject without a formats plugin.
    properties.put("generated_at", Map.of("type", "string", "pattern", GENERATED_AT_PATTERN));
    properties.put("error", Map.of("enum", Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList()));
    properties.put("message", Map.of("type", "string"));
    return properties;
  }

  /** Success requires the tool's fields, failure requires {@code error}; both allow more. */
  private static Map<String, Object> resultSchema(Map<String, Object> properties, List<String> whenOk) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", List.of("ok", "generated_at"));
    schema.put("if", Map.of("properties", Map.of("ok", Map.of("const", true))));
    schema.put("then", Map.of("required", whenOk));
    schema.put("else", Map.of("required", List.of("error")));
    schema.put("additionalProperties", true);
    return schema;
  }

  @SafeVarargs
  private static Map<String, Object> ordered(Map.Entry<String, Object>... entries) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : entries) {
      map.put(e.getKey(), e.getValue());
    }
    return map;
  }

  private static Map.Entry<String, Object> entry(String key, Object value) {
    return Map.entry(key, value);
  }
}
