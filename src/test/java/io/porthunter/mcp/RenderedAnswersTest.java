package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.porthunter.tools.FakeReports;
import io.porthunter.tools.PlainJson;
import io.porthunter.tools.ToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RenderedAnswersTest {
  private static final Map<String, Object> SUSPECTS_SCHEMA = ToolSchemas.all().stream()
      .filter(d -> d.name().equals(ToolSchemas.LIST_SUSPECTS)).findFirst().orElseThrow().output();

  private final AtomicInteger checks = new AtomicInteger();
  private final JsonSchemaValidator sdkChecker = McpJsonDefaults.getSchemaValidator();
  private final RenderedAnswers answers = new RenderedAnswers((schema, content) -> {
    checks.incrementAndGet();
    return sdkChecker.validate(schema, content);
  });

  private static ToolResult suspects(Object view, List<Object> suspects, String generatedAt) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ok", true);
    result.put("suspects", suspects);
    result.put("truncated", false);
    result.put("truncation_note", null);
    result.put("generated_at", generatedAt);
    return new ToolResult(true, result, view);
  }

  private static String json(CallToolResult answer) {
    return ((RenderedAnswers.CheckedJson) answer.structuredContent()).json();
  }

  /**
   * Whether a later answer about the view reuses its kept rendering: it goes out as checked JSON
   * unchecked, even with a time the schema refuses (not kept, it is checked, refused and not kept).
   */
  private static boolean reused(RenderedAnswers answers, Object view) {
    CallToolResult later = answers.toCallToolResult(suspects(view, List.of(), "not checked"), SUSPECTS_SCHEMA);
    return later.structuredContent() instanceof RenderedAnswers.CheckedJson;
  }

  @Test
  void aViewIsCheckedOnceAndItsLaterAnswersDifferOnlyInTheirTime() throws Exception {
    Object view = new Object();
    List<Object> listed = List.of(FakeReports.suspect());
    ToolResult first = suspects(view, listed, "2026-01-01T00:00:00Z");
    ToolResult later = suspects(view, listed, "2026-01-01T00:00:09.5Z");

    String firstJson = json(answers.toCallToolResult(first, SUSPECTS_SCHEMA));
    String laterJson = json(answers.toCallToolResult(later, SUSPECTS_SCHEMA));

    assertThat(checks).hasValue(1);
    assertThat(PlainJson.parse(firstJson)).isEqualTo(PlainJson.parse(Json.compact(first.result())));
    assertThat(PlainJson.parse(laterJson)).isEqualTo(PlainJson.parse(Json.compact(later.result())));
    assertThat(laterJson).endsWith(",\"generated_at\":\"2026-01-01T00:00:09.5Z\"}");
    assertThat(reused(answers, view)).isTrue();
  }

  @Test
  void preparingAnAnswerRendersItOnceForTheCallsToCome() {
    Object view = new Object();
    answers.prepare(suspects(view, List.of(FakeReports.suspect()), "2026-01-01T00:00:00Z"), SUSPECTS_SCHEMA);
    assertThat(reused(answers, view)).isTrue();
    CallToolResult call = answers.toCallToolResult(
        suspects(view, List.of(FakeReports.suspect()), "2026-01-01T00:00:05Z"), SUSPECTS_SCHEMA);
    assertThat(json(call)).endsWith("\"2026-01-01T00:00:05Z\"}");
    assertThat(checks).hasValue(1);
  }

  @Test
  void viewsAreToldApartByIdentityNotByContent() {
    List<Object> listed = List.of(FakeReports.suspect());
    answers.toCallToolResult(suspects(new Object(), listed, "2026-01-01T00:00:00Z"), SUSPECTS_SCHEMA);
    answers.toCallToolResult(suspects(new Object(), listed, "2026-01-01T00:00:00Z"), SUSPECTS_SCHEMA);
    assertThat(checks).hasValue(2);
  }

  @Test
  void theSdkLetsCheckedJsonPassAsItIsAndChecksEverythingElse() {
    Object view = new Object();
    CallToolResult answer =
        answers.toCallToolResult(suspects(view, List.of(), "2026-01-01T00:00:00Z"), SUSPECTS_SCHEMA);
    var passed = answers.validator().validate(SUSPECTS_SCHEMA, answer.structuredContent());
    assertThat(passed.valid()).isTrue();
    assertThat(passed.jsonStructuredOutput()).isEqualTo(json(answer));
    assertThat(checks).as("checked when rendered, not when the SDK asks").hasValue(1);

    var refused = answers.validator().validate(SUSPECTS_SCHEMA, Map.of("ok", true));
    assertThat(refused.valid()).isFalse();
    assertThat(checks).hasValue(2);
  }

  @Test
  void anAnswerTheSchemaRefusesIsLeftToTheSdkAndNotKept() {
    Object view = new Object();
    ToolResult wrong = suspects(view, List.of(), "yesterday"); // not a date-time
    CallToolResult answer = answers.toCallToolResult(wrong, SUSPECTS_SCHEMA);
    assertThat(answer.structuredContent()).isNotInstanceOf(RenderedAnswers.CheckedJson.class);
    assertThat(answers.validator().validate(SUSPECTS_SCHEMA, answer.structuredContent()).valid()).isFalse();
    assertThat(reused(answers, view)).isFalse();
  }

  @Test
  void failuresAndResultsMadeOfNoViewAreNeverKept() {
    Map<String, Object> failure = Map.of("ok", false, "error", "file_not_found", "generated_at", "2026-01-01T00:00:00Z");
    CallToolResult refused = answers.toCallToolResult(new ToolResult(false, failure, new Object()), SUSPECTS_SCHEMA);
    CallToolResult plain = answers.toCallToolResult(suspects(null, List.of(), "2026-01-01T00:00:00Z"), SUSPECTS_SCHEMA);
    assertThat(refused.isError()).isTrue();
    assertThat(refused.structuredContent()).isNotInstanceOf(RenderedAnswers.CheckedJson.class);
    assertThat(plain.structuredContent()).isNotInstanceOf(RenderedAnswers.CheckedJson.class);
    assertThat(checks).as("left for the SDK to check").hasValue(0);
  }

  @Test
  void anAnswerOverAQuarterOfTheBudgetIsCheckedButNotKept() {
    RenderedAnswers small = new RenderedAnswers(sdkChecker, 64 * 1024);
    Object view = new Object();
    CallToolResult answer = small.toCallToolResult(
        suspects(view, java.util.Collections.nCopies(200, FakeReports.suspect()), "2026-01-01T00:00:00Z"),
        SUSPECTS_SCHEMA);
    assertThat(answer.structuredContent()).isInstanceOf(RenderedAnswers.CheckedJson.class);
    assertThat(reused(small, view)).isFalse();
    assertThat(small.made(view)).as("made once: not made again ahead of a call").isTrue();
  }

  @Test
  void renderingsBeyondTheirBudgetAreDropped() {
    RenderedAnswers small = new RenderedAnswers(sdkChecker, 64 * 1024); // a few answers of 40 suspects
    List<Object> many = java.util.Collections.nCopies(40, FakeReports.suspect());
    Object[] views = new Object[8];
    for (int i = 0; i < views.length; i++) {
      views[i] = new Object();
      small.toCallToolResult(suspects(views[i], many, "2026-01-01T00:00:00Z"), SUSPECTS_SCHEMA);
    }
    int kept = 0;
    for (Object view : views) {
      kept += reused(small, view) ? 1 : 0;
    }
    assertThat(kept).isLessThan(views.length).isGreaterThan(0);
  }
}
