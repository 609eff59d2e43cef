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
 * <p>So this hooks into the stdin filter: a {@code tools/call} for one of our tools is registered
 * under its id as it is read and handed on tagged with that id in {@code _meta} (key {@link
 * #REQUEST_ID_META}; a client's own value under that key is overwritten); {@code
 * notifications/cancelled} is consumed here and raises the flag of the request it names. The handler
 * finds its flag through the tag and releases it when done. Registering at read time means a
 * cancellation can never overtake the registration. The same bookkeeping tells when no call is
 * running any more, so the end of input can wait for the last answers. Thread-safe.
 */
final class Cancellations implements UnaryOperator<ObjectNode> {
  static final String REQUEST_ID_META = "io.porthunter/request_id";
  private static final String TOOLS_CALL = "tools/call";
  private static final String CANCELLED = "notifications/cancelled";
  private static final String INITIALIZED = "notifications/initialized";

  private final Set<String> toolNames;
  /** Flags of the tool calls read but not finished, by the request id's JSON text. */
  private final Map<String, AtomicBoolean> inFlight = new ConcurrentHashMap<>();
  /** The SDK holds tool calls back until the client sends notifications/initialized. */
  private volatile boolean initialized;

  Cancellations(Set<String> toolNames) {
    this.toolNames = toolNames;
  }

  @Override
  public ObjectNode apply(ObjectNode message) {
    String method = message.path("method").asString("");
    if (INITIALIZED.equals(method)) {
      initialized = true;
      return message;
    }
    if (CANCELLED.equals(method)) {
      AtomicBoolean flag = inFlight.get(message.path("params").path("requestId").toString());
      if (flag != null) {
        flag.set(true);
      }
      return null; // nothing else listens for it
    }
    JsonNode id = message.get("id");
    JsonNode params = message.get("params");
    if (!TOOLS_CALL.equals(method) || id == null || params == null || !params.isObject()
        || !toolNames.contains(params.path("name").asString(""))) {
      return message;
    }
    JsonNode meta = params.get("_meta");
    JsonNode arguments = params.get("arguments");
    if ((meta != null && !meta.isObject()) || (arguments != null && !arguments.isObject())) {
      // malformed: the SDK answers it without calling a tool, so nothing would release a flag
      return message;
    }
    ObjectNode tagged = message.deepCopy();
    ((ObjectNode) tagged.get("params")).withObjectProperty("_meta").set(REQUEST_ID_META, id);
    inFlight.put(id.toString(), new AtomicBoolean());
    return tagged;
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
    if (key != null && inFlight.remove(key) != null) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  int inFlightCount() {
    return inFlight.size();
  }

  /**
   * Waits until no tool call read so far is still running, or the timeout passes; true when idle.
   * Before the client initialised, the SDK never starts the calls it holds, so none is waited for.
   */
  synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    if (!initialized) {
      return true;
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!inFlight.isEmpty()) {
      long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
      if (leftMillis <= 0) {
        return false;
      }
      wait(leftMillis);
    }
    return true;
  }

  /** The id as JSON text, the same form {@link JsonNode#toString()} gives when the id is read. */
  private static String key(Map<String, Object> meta) {
    Object id = meta == null ? null : meta.get(REQUEST_ID_META);
    return id == null ? null : Json.compact(id);
  }
}
