package io.porthunter.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands between stdin and the SDK's transport, passing on only lines that are JSON-RPC messages.
 *
 * <p>The SDK ends the session on the first line it cannot turn into a message (blank line, garbage,
 * an array, an object with neither {@code method} nor {@code result}/{@code error}, a line over its
 * size limit). Lines are checked with the same Jackson configuration the SDK parses with, so what
 * passes here parses there; refused lines are logged (length only: they may hold a token) and
 * dropped. Batches (arrays) are refused too: the SDK reads every line into an object, and the
 * protocol dropped batching in 2025-06-18.
 *
 * <p>A refused request whose id can be read is answered, so that its client does not wait forever:
 * {@code -32700} (Parse error) for a line cut short, broken after its id and method, or followed by
 * more, {@code -32600} (Invalid Request) for an envelope the SDK refuses, a line too long or beyond
 * the parser's limits, and for each request of a batch,
 * {@code -32602} (Invalid params) for a {@code tools/call} whose params are not {@code {name, arguments}}
 * (the SDK would answer with a Jackson message naming its classes). MCP allows no response without an
 * id, so unreadable lines are only logged.
 *
 * <p>Each accepted message is shown to an inbound hook first, which may consume it (return null) or
 * pass on a rewritten copy (a different node); returning the very node it got passes the original
 * bytes on untouched. What is finally handed to the SDK is shown to a second hook, so that bookkeeping
 * of requests (see {@link Cancellations}, {@link Unanswered}) counts only lines the SDK will see.
 */
public final class JsonLineFilter extends InputStream {
  /**
   * The longest line passed on, well below the SDK's own limit (16 MiB of characters): a client's
   * message to this server is a few KiB (a correlate call of 256 addresses about 12 KiB), while a
   * 16 MiB line of tiny JSON objects took 3.6 GB of heap to parse, check and hand on, and under a 1 GB
   * heap ended the thread reading stdin.
   */
  public static final int MAX_LINE_BYTES = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(JsonLineFilter.class);
  private static final JsonMapper PARSER = JsonMapper.shared();
  /** The members of a message that say what it is and how to answer it. */
  private static final Set<String> ENVELOPE = Set.of("jsonrpc", "id", "method");
  private static final String TOOLS_CALL = McpSchema.METHOD_TOOLS_CALL;
  private static final String INVALID_CALL_PARAMS =
      "tools/call needs params {name: string, arguments: object, _meta: object}";
  private static final String BATCH_REFUSAL = "batches are not supported, send one message per line";
  private static final String BEYOND_LIMITS =
      "JSON beyond the parser's limits (nesting depth, or the length of a number or a string)";
  private static final String NOT_JSON = "not JSON";
  private static final String TRAILING = "more than one JSON value on the line";

  private final InputStream in;
  private final Runnable onEndOfInput;
  private final UnaryOperator<ObjectNode> inbound;
  private final Consumer<ObjectNode> passedOn;
  private final Consumer<JSONRPCResponse> replies;
  private final int maxLineBytes;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private byte[] pending = new byte[0];
  private int pendingPos;
  private boolean ended;

  /**
   * @param onEndOfInput runs once when the underlying stream ends (the client went away)
   * @param inbound      sees every accepted message: returns it, a rewritten copy, or null to consume it
   * @param passedOn     sees each message as it is handed to the SDK (after {@code inbound}), and only those
   * @param replies      sends the error answering a refused request
   */
  public JsonLineFilter(InputStream in, Runnable onEndOfInput, UnaryOperator<ObjectNode> inbound,
      Consumer<ObjectNode> passedOn, Consumer<JSONRPCResponse> replies) {
    this(in, onEndOfInput, inbound, passedOn, replies, MAX_LINE_BYTES);
  }

  JsonLineFilter(InputStream in, Runnable onEndOfInput, UnaryOperator<ObjectNode> inbound,
      Consumer<ObjectNode> passedOn, Consumer<JSONRPCResponse> replies, int maxLineBytes) {
    this.in = new BufferedInputStream(in);
    this.onEndOfInput = onEndOfInput;
    this.inbound = inbound;
    this.passedOn = passedOn;
    this.replies = replies;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public synchronized int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return pending[pendingPos++] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, pending.length - pendingPos);
    System.arraycopy(pending, pendingPos, b, off, n);
    pendingPos += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return pending.length - pendingPos;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Makes sure accepted bytes are pending; false at end of input. */
  private boolean fill() throws IOException {
    while (pendingPos >= pending.length) {
      if (ended) {
        return false;
      }
      byte[] accepted = nextAcceptedLine();
      if (accepted == null) {
        ended = true;
        onEndOfInput.run();
        return false;
      }
      pending = accepted;
      pendingPos = 0;
    }
    return true;
  }

  /** The next line worth passing on, newline included, or null at end of input. */
  private byte[] nextAcceptedLine() throws IOException {
    while (true) {
      line.reset();
      boolean overLimit = false;
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (line.size() < maxLineBytes) {
          line.write(c);
        } else {
          overLimit = true; // keep consuming up to the newline, keep nothing
        }
      }
      if (c == -1 && line.size() == 0) {
        return null;
      }
      byte[] bytes = line.toByteArray();
      JsonNode message = overLimit ? null : parse(bytes);
      String refusal = overLimit ? "longer than " + maxLineBytes + " bytes" : refusal(bytes, message);
      Broken broken = message == null && !isBlank(bytes) ? broken(bytes) : null;
      if (broken != null) {
        message = broken.envelope(); // only to be answered
        refusal = overLimit ? refusal : broken.reason();
      }
      if (refusal == null) {
        refusal = paramsRefusal((ObjectNode) message);
      }
      if (refusal == null) {
        ObjectNode passed = inspect((ObjectNode) message);
        if (passed != null) {
          byte[] text = passed == message ? bytes : PARSER.writeValueAsBytes(passed);
          refusal = sdkRefusal(text);
          if (refusal == null) {
            tell(passed);
            byte[] out = Arrays.copyOf(text, text.length + 1);
            out[text.length] = '\n';
            return out;
          }
        }
      }
      if (refusal != null && !isBlank(bytes)) {
        LOG.warn("dropped an input line of {} bytes: {}", bytes.length, refusal);
        answer(message, refusal);
      }
      if (c == -1) {
        return null;
      }
    }
  }

  /**
   * Why a {@code tools/call} request's params cannot be a call (the SDK reads them into a record and
   * answers a mismatch with an internal error), or null.
   */
  private static String paramsRefusal(ObjectNode message) {
    if (!TOOLS_CALL.equals(message.path("method").asString(null)) || !message.has("id")) {
      return null;
    }
    JsonNode params = message.get("params");
    boolean ok = params != null && params.isObject() && params.path("name").isString()
        && (!params.has("arguments") || params.get("arguments").isObject() || params.get("arguments").isNull())
        && (!params.has("_meta") || params.get("_meta").isObject() || params.get("_meta").isNull());
    return ok ? null : INVALID_CALL_PARAMS;
  }

  /** Answers a refused line's requests whose ids can be read (a batch: each of them); MCP ids are never null. */
  private void answer(JsonNode message, String refusal) {
    if (message != null && message.isArray()) {
      for (JsonNode element : message) {
        reply(element, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: " + BATCH_REFUSAL);
      }
    } else if (message != null) {
      boolean params = refusal.equals(INVALID_CALL_PARAMS);
      boolean parse = refusal.equals(NOT_JSON) || refusal.equals(TRAILING);
      reply(message, params ? McpSchema.ErrorCodes.INVALID_PARAMS
              : parse ? McpSchema.ErrorCodes.PARSE_ERROR : McpSchema.ErrorCodes.INVALID_REQUEST,
          (params ? "Invalid params: " : parse ? "Parse error: " : "Invalid Request: ") + refusal);
    }
  }

  private void reply(JsonNode request, int code, String text) {
    Object id = requestId(request);
    if (id == null || !request.has("method")) {
      // a response, a notification, or an id no answer could carry (the SDK's response record takes a
      // string or an integer of 64 bits at most)
      return;
    }
    try {
      replies.accept(new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, null,
          new JSONRPCResponse.JSONRPCError(code, text, null)));
    } catch (RuntimeException e) {
      LOG.warn("could not answer a refused request: {}", e.toString());
    }
  }

  /** A message's request id as MCP allows it (a string, or an integer as a Long), or null. */
  static Object requestId(JsonNode message) {
    JsonNode id = message.isObject() ? message.get("id") : null;
    if (id == null) {
      return null;
    }
    if (id.isString()) {
      return id.asString();
    }
    return id.isIntegralNumber() && id.canConvertToLong() ? (Object) id.asLong() : null;
  }

  /** The hook's verdict; a failing hook passes the message on as it came rather than ending the session. */
  private ObjectNode inspect(ObjectNode message) {
    try {
      return inbound.apply(message);
    } catch (RuntimeException e) {
      LOG.warn("inbound hook failed, message passed on unchanged", e);
      return message;
    }
  }

  /** Tells {@code passedOn}; a failing listener does not stop the message. */
  private void tell(ObjectNode passed) {
    try {
      passedOn.accept(passed);
    } catch (RuntimeException e) {
      LOG.warn("passed-on hook failed", e);
    }
  }

  private static JsonNode parse(byte[] bytes) {
    if (isBlank(bytes)) {
      return null;
    }
    try {
      return PARSER.readTree(bytes);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** What could be read of a line that is no JSON value: the members to answer it by, and why. */
  private record Broken(ObjectNode envelope, String reason) {}

  /**
   * For a line that does not parse as one JSON value (cut short, broken after its start, beyond the
   * parser's limits, longer than the limit, or followed by more), the {@code jsonrpc}, {@code id} and
   * {@code method} of its object read before it went wrong, so that the request can be answered;
   * null when it does not start as an object.
   */
  private static Broken broken(byte[] bytes) {
    ObjectNode envelope = PARSER.createObjectNode();
    try (JsonParser p = PARSER.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING && ENVELOPE.contains(name)) {
          envelope.put(name, p.getString());
        } else if (value == JsonToken.VALUE_NUMBER_INT && "id".equals(name)) {
          envelope.put(name, p.getBigIntegerValue());
        } else {
          p.skipChildren();
        }
      }
      return new Broken(envelope, TRAILING); // the object ended, and something followed it
    } catch (StreamConstraintsException limits) {
      return new Broken(envelope, BEYOND_LIMITS);
    } catch (JacksonException notJson) {
      return new Broken(envelope, NOT_JSON);
    }
  }

  /** Why a line is not a JSON-RPC message, or null when it is one; {@code parsed} is its tree or null. */
  private static String refusal(byte[] bytes, JsonNode parsed) {
    if (isBlank(bytes)) {
      return "blank";
    }
    if (parsed == null) {
      return NOT_JSON;
    }
    if (parsed.isArray()) {
      return BATCH_REFUSAL;
    }
    if (!parsed.isObject()) {
      return "not a JSON object";
    }
    if (!parsed.has("method") && !parsed.has("result") && !parsed.has("error")) {
      return "neither a request, a notification nor a response";
    }
    if (!McpSchema.JSONRPC_VERSION.equals(parsed.path("jsonrpc").asString(null))) {
      return "jsonrpc is not \"2.0\""; // the SDK would take any version, or none
    }
    return null;
  }

  /**
   * Why the SDK itself would reject the line (its message records check jsonrpc, ids, result/error
   * shapes in their constructors, and its reader stops on the first such failure), or null. Also
   * catches a line our own rewrite pushed past the length limit.
   */
  private String sdkRefusal(byte[] text) {
    if (text.length > maxLineBytes) {
      return "longer than " + maxLineBytes + " bytes";
    }
    try {
      McpSchema.deserializeJsonRpcMessage(Json.mapper(), new String(text, StandardCharsets.UTF_8));
      return null;
    } catch (IOException | RuntimeException e) {
      return "not a JSON-RPC message the SDK accepts (" + e.getClass().getSimpleName() + ")";
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
