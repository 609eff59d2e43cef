package io.porthunter.mcp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.porthunter.tools.ToolResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.util.RawValue;

/**
 * The view tools' answers, checked and serialised once per view. Results made of one kept view
 * ({@link ToolResult#view}) differ only in {@code generated_at}, their last field: the first is
 * checked against the tool's output schema and serialised, and every later one reuses that JSON up to
 * {@code generated_at}. A call about a cached analysis then costs a lookup instead of a schema check
 * and a serialisation of up to hundreds of kilobytes. The SDK checks every structured result again
 * through {@link #validator()}, which lets JSON checked here pass as it is and checks anything else as
 * the SDK's own validator does. A rendering is kept while its view is (weakly, by identity), within
 * {@link #HEAP_SHARE_DIVISOR} of the heap, and only if it takes at most a quarter of that. Thread-safe.
 */
final class RenderedAnswers {
  /** The renderings kept weigh at most this share of the heap (the analyses kept: a quarter). */
  static final int HEAP_SHARE_DIVISOR = 16;

  /**
   * Writes rehearsed per process: the code they compile serves every later answer, whichever tool's,
   * so a few are enough, and a large capture's answers are not copied again and again for nothing.
   */
  static final int REHEARSALS = 3;

  private final JsonSchemaValidator checker;
  private final AtomicInteger rehearsals = new AtomicInteger();
  /** The longest answer kept: a quarter of the budget (a 4 MB answer under -Xmx256m). */
  private final long maxKeptChars;
  /** View → its answer's JSON up to the comma before {@code generated_at}. */
  private final Cache<Object, String> heads;
  /** Views whose answer was made and checked, kept or not (a huge one is not): never made again ahead. */
  private final Cache<Object, Boolean> made = Caffeine.newBuilder().weakKeys().build();

  RenderedAnswers(JsonSchemaValidator checker) {
    this(checker, Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR);
  }

  RenderedAnswers(JsonSchemaValidator checker, long maxChars) {
    this.checker = checker;
    this.maxKeptChars = maxChars / 4;
    this.heads = Caffeine.newBuilder()
        .weakKeys()
        .maximumWeight(Math.max(1, maxChars / 1024))
        .weigher((Object view, String head) -> head.length() / 1024 + 1)
        .executor(Runnable::run) // evict at once, on the caller's thread
        .build();
  }

  /** A structured result whose JSON was checked against its tool's output schema when it was made. */
  static final class CheckedJson extends RawValue {
    private final String json;

    CheckedJson(String json) {
      super(json);
      this.json = json;
    }

    String json() {
      return json;
    }
  }

  /**
   * Has the checker compile each output schema, as its first use does (10-20 ms each): run on a side
   * thread while a host is still starting the session, so that no call waits for it.
   */
  void compile(List<Map<String, Object>> outputSchemas) {
    Map<String, Object> failure = Map.of("ok", false, "error", "internal_error", "generated_at", "1970-01-01T00:00:00Z");
    for (Map<String, Object> schema : outputSchemas) {
      checker.validate(schema, failure);
    }
  }

  /** The validator the SDK checks structured results with. */
  JsonSchemaValidator validator() {
    return (schema, content) -> content instanceof CheckedJson checked
        ? ValidationResponse.asValid(checked.json())
        : checker.validate(schema, content);
  }

  /** True when the view's answer was made and checked once already, whether it was kept or not. */
  boolean made(Object view) {
    return made.getIfPresent(view) != null;
  }

  /**
   * Renders a result ahead of its call ({@link #toCallToolResult}) unless it was made already, and
   * (for the first {@link #REHEARSALS} of the process) then does once on it the work the
   * SDK's stdio transport does on every message it writes: serialise the JSON-RPC response (the JSON
   * raw, and escaped again as the text block), look for line breaks in it (SDK 2.1.0 replaces CR LF,
   * LF and CR in each outgoing line) and encode it. Cold, that work took 10-15 ms on a 90 KB answer,
   * the interpreter scanning its characters; done ahead, the next call meets compiled code.
   */
  void prepare(ToolResult result, Map<String, Object> outputSchema) {
    if (result.view() == null || made(result.view())) {
      return;
    }
    if (toCallToolResult(result, outputSchema).structuredContent() instanceof CheckedJson checked
        && rehearsals.getAndIncrement() < REHEARSALS) {
      CallToolResult asSent = CallToolResult.builder().structuredContent(checked).addTextContent(checked.json())
          .isError(false).build();
      String line = Json.compact(new JSONRPCResponse(McpSchema.JSONRPC_VERSION, 0, asSent, null));
      line.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * The result as it goes out: a result made of a view as checked JSON (rendered now if it is the
   * view's first), anything else as {@link McpResults#toCallToolResult} makes it, for the SDK to check.
   */
  CallToolResult toCallToolResult(ToolResult result, Map<String, Object> outputSchema) {
    if (!result.ok() || result.view() == null) {
      return McpResults.toCallToolResult(result);
    }
    String tail = ",\"generated_at\":\"" + result.result().get("generated_at") + "\"}";
    String head = heads.getIfPresent(result.view());
    if (head == null) {
      ValidationResponse checked = checker.validate(outputSchema, result.result());
      String json = checked.jsonStructuredOutput();
      if (!checked.valid() || json == null || !json.endsWith(tail)) {
        return McpResults.toCallToolResult(result); // the SDK checks it again and says what is wrong
      }
      head = json.substring(0, json.length() - tail.length());
      made.put(result.view(), Boolean.TRUE);
      if (head.length() <= maxKeptChars) { // a huge answer is not kept: it would crowd out the rest
        heads.put(result.view(), head);
      }
    }
    return CallToolResult.builder().structuredContent(new CheckedJson(head + tail)).isError(false).build();
  }
}
