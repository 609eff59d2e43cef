package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.porthunter.tools.PlainJson;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class JsonLineFilterTest {
  static final String REQUEST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
  static final String NOTIFICATION = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  static final String RESPONSE = "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{}}";

  private static List<String> filter(String input, int maxLineBytes, AtomicInteger ends) throws Exception {
    JsonLineFilter f = new JsonLineFilter(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        ends::incrementAndGet, UnaryOperator.identity(), m -> { }, r -> { }, maxLineBytes);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(f, StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  private static List<String> filter(String input) throws Exception {
    return filter(input, JsonLineFilter.MAX_LINE_BYTES, new AtomicInteger());
  }

  @Test
  void messagesPassUnchangedAndInOrder() throws Exception {
    assertThat(filter(REQUEST + "\n" + NOTIFICATION + "\n" + RESPONSE + "\n"))
        .containsExactly(REQUEST, NOTIFICATION, RESPONSE);
  }

  @Test
  void blankGarbageAndNonMessagesAreDropped() throws Exception {
    String input = "\n   \n" + "hello\n" + "{\"jsonrpc\":\"2.0\",\"id\":1,\n" + "[" + REQUEST + "]\n" + "{}\n"
        + "42\n" + "\"str\"\n" + REQUEST + " trailing\n" + NOTIFICATION + "\n";
    assertThat(filter(input)).containsExactly(NOTIFICATION);
  }

  @Test
  void windowsLineEndingsAndALastLineWithoutNewlinePass() throws Exception {
    assertThat(filter(REQUEST + "\r\n" + NOTIFICATION)).containsExactly(REQUEST, NOTIFICATION);
  }

  @Test
  void multibyteTextSurvives() throws Exception {
    String withUnicode = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"x\",\"params\":{\"s\":\"é✓😀\"}}";
    assertThat(filter(withUnicode + "\n")).containsExactly(withUnicode);
  }

  @Test
  void anOverlongLineIsDroppedWholeAndReadingContinues() throws Exception {
    String longLine = "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"pad\":\"" + "a".repeat(500) + "\"}}";
    assertThat(filter(longLine + "\n" + REQUEST + "\n", 100, new AtomicInteger())).containsExactly(REQUEST);
  }

  @Test
  void anOverlongRequestIsAnsweredWhenItsIdCameFirst() throws Exception {
    String longCall = "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":\"correlate\","
        + "\"arguments\":{\"ips\":[" + "{},".repeat(JsonLineFilter.MAX_LINE_BYTES / 3) + "{}]}}}";
    List<JSONRPCResponse> answers = new ArrayList<>();
    assertThat(filterAnswering(longCall + "\n" + REQUEST + "\n", answers)).containsExactly(REQUEST);
    assertThat(answers).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo(41L);
      assertThat(a.error().code()).isEqualTo(-32600);
      assertThat(a.error().message()).contains("longer than " + JsonLineFilter.MAX_LINE_BYTES + " bytes");
    });
  }

  @Test
  void endOfInputIsSignalledOnce() throws Exception {
    AtomicInteger ends = new AtomicInteger();
    JsonLineFilter f = new JsonLineFilter(new ByteArrayInputStream((REQUEST + "\n").getBytes(StandardCharsets.UTF_8)),
        ends::incrementAndGet, UnaryOperator.identity(), m -> { }, r -> { }, JsonLineFilter.MAX_LINE_BYTES);
    byte[] buf = new byte[4096];
    int total = 0;
    int n;
    while ((n = f.read(buf, 0, buf.length)) != -1) {
      total += n;
    }
    assertThat(f.read()).isEqualTo(-1);
    assertThat(total).isEqualTo(REQUEST.length() + 1);
    assertThat(ends.get()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "nope", "{", "[]", "{\"jsonrpc\":\"2.0\"}", "null", "true"})
  void eachKindOfBadLineIsDroppedOnItsOwn(String line) throws Exception {
    assertThat(filter(line + "\n" + REQUEST + "\n")).containsExactly(REQUEST);
  }

  /** Lines that look like messages but that the SDK's own records refuse, ending its read loop. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"method\":\"ping\",\"id\":1}",
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"x\"}",
      "{\"jsonrpc\":\"2.0\",\"method\":{}}"})
  void linesTheSdkWouldChokeOnAreDropped(String line) throws Exception {
    assertThat(filter(line + "\n" + REQUEST + "\n")).containsExactly(REQUEST);
  }

  @Test
  void aRewriteThatPushesALinePastTheLimitIsDropped() throws Exception {
    UnaryOperator<ObjectNode> growing = m -> m.deepCopy().put("padding", "x".repeat(64));
    JsonLineFilter f = new JsonLineFilter(new ByteArrayInputStream((REQUEST + "\n").getBytes(StandardCharsets.UTF_8)),
        () -> { }, growing, m -> { }, r -> { }, REQUEST.length() + 10);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(f, StandardCharsets.UTF_8))) {
      assertThat(r.lines().toList()).isEmpty();
    }
  }

  @Test
  void theInboundHookMayConsumeOrRewrite() throws Exception {
    UnaryOperator<ObjectNode> hook = m -> {
      String method = m.path("method").asString("");
      if (method.equals("notifications/initialized")) {
        return null;
      }
      return method.equals("tools/list") ? m.deepCopy().put("tagged", true) : m;
    };
    JsonLineFilter f = new JsonLineFilter(new ByteArrayInputStream(
        (NOTIFICATION + "\n" + REQUEST + "\n" + RESPONSE + "\n").getBytes(StandardCharsets.UTF_8)), () -> {}, hook,
        m -> { }, r -> { });
    try (BufferedReader r = new BufferedReader(new InputStreamReader(f, StandardCharsets.UTF_8))) {
      List<String> lines = r.lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(PlainJson.parse(lines.get(0))).containsEntry("tagged", true).containsEntry("id", 1);
      assertThat(lines.get(1)).isEqualTo(RESPONSE);
    }
  }

  @Test
  void thePassedOnHookSeesExactlyWhatTheSdkGetsAfterTheRewrite() throws Exception {
    List<ObjectNode> seen = new java.util.ArrayList<>();
    UnaryOperator<ObjectNode> hook = m -> m.path("method").asString("").equals("tools/list")
        ? m.deepCopy().put("padding", "x".repeat(REQUEST.length())) // pushed past the limit: dropped
        : m.deepCopy().put("tagged", true);
    String odd = "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}"; // refused by the SDK's records
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
    JsonLineFilter f = new JsonLineFilter(new ByteArrayInputStream(
        (REQUEST + "\n" + odd + "\n" + ping + "\n").getBytes(StandardCharsets.UTF_8)), () -> { }, hook, seen::add,
        r -> { }, REQUEST.length() + 20);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(f, StandardCharsets.UTF_8))) {
      List<String> lines = r.lines().toList();
      assertThat(lines).hasSize(1);
      assertThat(seen).hasSize(1);
      assertThat(PlainJson.parse(lines.get(0))).isEqualTo(PlainJson.parse(seen.get(0).toString()))
          .containsEntry("tagged", true).containsEntry("id", 2);
    }
  }

  @Test
  void aFailingHookPassesTheMessageOnUnchanged() throws Exception {
    JsonLineFilter f = new JsonLineFilter(new ByteArrayInputStream((REQUEST + "\n").getBytes(StandardCharsets.UTF_8)),
        () -> {}, m -> {
          throw new IllegalStateException("hook bug");
        }, m -> { }, r -> { });
    try (BufferedReader r = new BufferedReader(new InputStreamReader(f, StandardCharsets.UTF_8))) {
      assertThat(r.lines().toList()).containsExactly(REQUEST);
    }
  }

  /** The lines passed on, and the errors sent back, for one input. */
  private static List<String> filterAnswering(String input, List<JSONRPCResponse> answers) throws Exception {
    JsonLineFilter f = new JsonLineFilter(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        () -> { }, UnaryOperator.identity(), m -> { }, answers::add);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(f, StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"method\":\"ping\",\"id\":1}|1|-32600",
      "{\"jsonrpc\":\"1.0\",\"id\":\"x\",\"method\":\"ping\"}|x|-32600",
      "{\"jsonrpc\":\"2.0\",\"id\":\"aa\",\"method\":\"tools/call\",\"params\":{\"name\":\"enrich_ip\",\"arguments\":[1]}}|aa|-32602",
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":[1,2]}|3|-32602",
      "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":7}}|4|-32602",
      "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\"}|5|-32602",
      // cut short, broken after the id and method, or followed by more: a parse error, answered
      "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"ping\"|77|-32700",
      "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"ping\",\"params\":{\"x\":}}|12|-32700",
      "{\"jsonrpc\":\"2.0\",\"id\":34,\"method\":\"ping\"}{\"jsonrpc\":\"2.0\",\"id\":35,\"method\":\"ping\"}|34|-32700",
      "{\"jsonrpc\":\"2.0\",\"id\":36,\"method\":\"ping\"}xyz|36|-32700"})
  void aRefusedRequestWhoseIdCanBeReadIsAnswered(String line, String id, int code) throws Exception {
    List<JSONRPCResponse> answers = new ArrayList<>();
    assertThat(filterAnswering(line + "\n" + REQUEST + "\n", answers)).containsExactly(REQUEST);
    assertThat(answers).hasSize(1);
    assertThat(String.valueOf(answers.get(0).id())).isEqualTo(id);
    assertThat(answers.get(0).error().code()).isEqualTo(code);
  }

  @Test
  void eachRequestOfABatchIsAnsweredThatBatchesAreNotSupported() throws Exception {
    List<JSONRPCResponse> answers = new ArrayList<>();
    String batch = "[{\"jsonrpc\":\"2.0\",\"id\":\"b1\",\"method\":\"ping\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}," + NOTIFICATION + "," + RESPONSE + "]";
    assertThat(filterAnswering(batch + "\n", answers)).isEmpty();
    assertThat(answers).extracting(JSONRPCResponse::id).containsExactly("b1", 2L);
    assertThat(answers).allSatisfy(a -> assertThat(a.error().message()).contains("batches are not supported"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"x\":,\"id\":77}",
      "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
      "{\"jsonrpc\":\"2.0\",\"method\":{}}",
      "nope"})
  void linesWithoutAnIdAnAnswerCouldCarryAreOnlyDropped(String line) throws Exception {
    List<JSONRPCResponse> answers = new ArrayList<>();
    assertThat(filterAnswering(line + "\n" + REQUEST + "\n", answers)).containsExactly(REQUEST);
    assertThat(answers).isEmpty();
  }

  @Test
  void aWellFormedCallIsPassedOnUnanswered() throws Exception {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"enrich_ip\","
        + "\"arguments\":{\"ip\":\"8.8.8.8\"},\"_meta\":{\"progressToken\":1}}}";
    String nulls = "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"enrich_ip\","
        + "\"arguments\":null,\"_meta\":null}}";
    List<JSONRPCResponse> answers = new ArrayList<>();
    assertThat(filterAnswering(call + "\n" + nulls + "\n", answers)).containsExactly(call, nulls);
    assertThat(answers).isEmpty();
  }

  @Test
  void aRequestBeyondTheParsersLimitsIsAnsweredWhenItsIdCameFirst() throws Exception {
    String deep = "{\"jsonrpc\":\"2.0\",\"id\":600,\"method\":\"tools/call\",\"params\":{\"name\":\"x\","
        + "\"arguments\":{\"pad\":" + "[".repeat(600) + "]".repeat(600) + "}}}";
    String longNumber = "{\"jsonrpc\":\"2.0\",\"id\":\"n\",\"method\":\"ping\",\"params\":{\"x\":"
        + "9".repeat(1002) + "}}";
    String idLast = "{\"jsonrpc\":\"2.0\",\"params\":" + "[".repeat(600) + "]".repeat(600)
        + ",\"id\":7,\"method\":\"ping\"}";
    List<JSONRPCResponse> answers = new ArrayList<>();
    assertThat(filterAnswering(deep + "\n" + longNumber + "\n" + idLast + "\n" + REQUEST + "\n", answers))
        .containsExactly(REQUEST);
    assertThat(answers).extracting(JSONRPCResponse::id).containsExactly(600L, "n");
    assertThat(answers).allSatisfy(a -> {
      assertThat(a.error().code()).isEqualTo(-32600);
      assertThat(a.error().message()).contains("beyond the parser's limits");
    });
  }
}
