package io.porthunter.mcp;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client cancellation for tool calls, which SDK 2.1.0 does not surface: it registers no handler for
 * {@code notifications/cancelled}, and a tool handler never learns its JSON-RPC request id.
 *
 * <p>So this hooks into the stdin filter: a {@code tools/call} for one of our tools is handed on
 * tagged with its id in {@code _meta} (key {@link #REQUEST_ID_META}; a client's own value under that
 * key is overwritten), and gets a flag under that id once the filter passed it to the SDK ({@link
 * #passedOn}: a line the SDK never sees would never be released). {@code notifications/cancelled} is
 * consumed here and raises the flag of the request it names. The handler finds its flag through the
 * tag and releases it when done. Registering at read time means a cancellation can never overtake
 * the registration. Thread-safe.
 */
final class Cancellations implements UnaryOperator<ObjectNode> {
  static final String REQUEST_ID_META = "io.porthunter/request_id";
  private static final String TOOLS_CALL = "tools/call";
  private static final String CANCELLED = "notifications/cancelled";

  private final Set<String> toolNames;
  /** Flags of the tool calls passed on but not finished, by the request id's JSON text. */
  private final Map<String, AtomicBoolean> inFlight = new ConcurrentHashMap<>();

  Cancellations(Set<String> toolNames) {
    this.toolNames = toolNames;
  }

  @Override
  public ObjectNode apply(ObjectNode message) {
    if (CANCELLED.equals(message.path("method").asString(""))) {
      AtomicBoolean flag = inFlight.get(message.path("params").path("requestId").toString());
      if (flag != null) {
        flag.set(true);
      }
      return null; // nothing else listens for it
    }
    if (!isOurToolCall(message) || JsonLineFilter.requestId(message) == null) {
      return message;
    }
    // the filter passes only calls whose params are an object and whose _meta is an object or null
    ObjectNode tagged = message.deepCopy();
    ObjectNode params = (ObjectNode) tagged.get("params");
    JsonNode meta = params.get("_meta");
    ObjectNode taggedMeta = meta != null && meta.isObject() ? (ObjectNode) meta : params.putObject("_meta");
    taggedMeta.set(REQUEST_ID_META, message.get("id"));
    return tagged;
  }

  /** A message as the SDK is handed it: a tagged call of one of our tools gets its flag. */
  void passedOn(ObjectNode message) {
    JsonNode tag = message.path("params").path("_meta").get(REQUEST_ID_META);
    if (tag != null && isOurToolCall(message)) {
      inFlight.put(tag.toString(), new AtomicBoolean());
    }
  }

  private boolean isOurToolCall(ObjectNode message) {
    JsonNode params = message.get("params");
    return TOOLS_CALL.equals(message.path("method").asString("")) && params != null && params.isObject()
        && toolNames.contains(params.path("name").asString(""));
  }

  /** The cancellation flag of the call whose {@code _meta} is given; never cancelled when untagged. */
  BooleanSupplier flagFor(Map<String, Object> meta) {
    String key = key(meta);
    AtomicBoolean flag = key == null ? null : inFlight.get(key);
    return flag == null ? () -> false : flag::get;
  }

  /** Forgets a finished call. */
  void release(Map<String, Object> meta) {
    String key = key(meta);
    if (key != null) {
      inFlight.remove(key);
    }
  }

  /** The id as JSON text, the same form {@link JsonNode#toString()} gives when the id is read. */
  private static String key(Map<String, Object> meta) {
    Object id = meta == null ? null : meta.get(REQUEST_ID_META);
    return id == null ? null : Json.compact(id);
  }
}
