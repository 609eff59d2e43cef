package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.porthunter.config.Settings;
import io.porthunter.tools.FakeIntel;
import io.porthunter.tools.FakeReports;
import io.porthunter.tools.PlainJson;
import io.porthunter.tools.PortHunterTools;
import io.porthunter.tools.PortHunterToolsTest;
import io.porthunter.tools.ToolResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortHunterServerTest {
  static final String TOKEN = "tok";
  static final JsonSchemaValidator VALIDATOR = McpJsonDefaults.getSchemaValidator();

  @TempDir Path dir;
  final FakeReports reports = new FakeReports();

  @Test
  void theVersionHostsAndUsersSeeIsTheBuildsVersion() throws Exception {
    // serverInfo and every --version say VERSION, a constant picocli's annotations can take: pom.xml
    // (Maven runs the tests in the project's folder) is where a release changes it
    var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    String projectVersion = null;
    var children = pom.getDocumentElement().getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if ("version".equals(children.item(i).getNodeName())) {
        projectVersion = children.item(i).getTextContent().trim();
      }
    }
    assertThat(PortHunterServer.VERSION).isEqualTo(projectVersion);
  }
  final FakeIntel intel = new FakeIntel();
  PortHunterServer server;

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("d19.pcapng"), "x");
    Files.writeString(dir.resolve("quiet.pcap"), "x");
    server = PortHunterServer.builder().reports(reports).intel(intel).clock(PortHunterToolsTest.CLOCK)
        .settings(new Settings(TOKEN, true, dir.toRealPath(), Settings.BYTES_PER_MB, false, 1, true)).build();
  }

  private ToolResult call(String tool, Object... keyValues) {
    return call(null, null, tool, keyValues);
  }

  private ToolResult call(McpSyncServerExchange exchange, Object progressToken, String tool, Object... keyValues) {
    Map<String, Object> args = new HashMap<>();
    args.put("auth_token", TOKEN);
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put((String) keyValues[i], keyValues[i + 1]);
    }
    Map<String, Object> meta = progressToken == null ? null : Map.of("progressToken", progressToken);
    return server.call(tool, exchange, new CallToolRequest(tool, args, meta));
  }

  private Map<String, Object> outputSchema(String tool) {
    return specs().stream().filter(s -> s.tool().name().equals(tool)).findFirst().orElseThrow().tool()
        .outputSchema();
  }

  private List<SyncToolSpecification> specs() {
    return server.toolSpecifications();
  }

  @Test
  void fiveToolsWithInputAndOutputSchemasThatAreValid() {
    assertThat(specs()).extracting(s -> s.tool().name()).containsExactlyElementsOf(ToolSchemas.TOOL_NAMES);
    for (SyncToolSpecification s : specs()) {
      assertThat(s.tool().outputSchema()).as(s.tool().name()).isNotNull();
      assertThat(VALIDATOR.validateSchema(s.tool().outputSchema()).valid()).as(s.tool().name()).isTrue();
      assertThat(VALIDATOR.validateSchema(new HashMap<>(PlainJson.of(s.tool().inputSchema()))).valid())
          .as(s.tool().name()).isTrue();
    }
  }

  @Test
  void theSdkBuildsAServerFromTheDeclaredTools() throws Exception {
    CountDownLatch ended = new CountDownLatch(1);
    McpSyncServer built = server.start(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
        ended::countDown);
    assertThat(ended.await(10, TimeUnit.SECONDS)).as("end of input is signalled").isTrue();
    assertThat(built.getServerInfo().name()).isEqualTo(PortHunterServer.NAME);
    built.closeGracefully();
  }

  @Test
  void everyToolRefusesAWrongTokenBeforeLookingAtAnything() {
    for (String tool : ToolSchemas.TOOL_NAMES) {
      ToolResult r = call(tool, "auth_token", "nope", "path", "../../etc/passwd", "ip", "8.8.8.8",
          "ips", List.of("8.8.8.8"));
      assertThat(PortHunterToolsTest.errorOf(r)).as(tool).isEqualTo("unauthorized");
    }
    assertThat(reports.lastCapture).isNull();
  }

  @Test
  void badArgumentTypesKeepTheContractShape() {
    assertThat(PortHunterToolsTest.errorOf(call("scan_overview", "path", "d19.pcapng", "top_k", "5")))
        .isEqualTo("invalid_argument");
    assertThat(PortHunterToolsTest.errorOf(call("scan_overview", "path", "d19.pcapng", "top_k", 2.5)))
        .isEqualTo("invalid_argument");
    assertThat(PortHunterToolsTest.errorOf(call("scan_overview", "path", "d19.pcapng", "time_window_s", -5)))
        .isEqualTo("invalid_argument");
    assertThat(PortHunterToolsTest.errorOf(call("list_suspects", "path", "d19.pcapng", "min_rate_pps", "fast")))
        .isEqualTo("invalid_argument");
    assertThat(PortHunterToolsTest.errorOf(call("first_scan_event"))).isEqualTo("invalid_argument");
    assertThat(PortHunterToolsTest.errorOf(call("enrich_ip", "ip", 42))).isEqualTo("invalid_argument");
    assertThat(PortHunterToolsTest.errorOf(call("correlate", "ips", "8.8.8.8"))).isEqualTo("invalid_argument");
  }

  @Test
  void aCorrelateEntryThatIsNoStringFailsAloneEchoedAsItsJson() {
    java.util.ArrayList<Object> ips = new java.util.ArrayList<>(List.of("8.8.8.8", 1, Map.of("a", 1)));
    ips.add(null);
    Map<String, Object> json = PlainJson.of(call("correlate", "ips", ips));
    assertThat(json).containsEntry("ok", true);
    List<?> results = (List<?>) json.get("results");
    List<Object> echoed = results.stream().map(r -> (Object) ((Map<?, ?>) r).get("ip")).toList();
    List<Object> errors = results.stream().map(r -> (Object) ((Map<?, ?>) r).get("error")).toList();
    assertThat(echoed).containsExactly("8.8.8.8", "1", "{\"a\":1}", "null");
    assertThat(errors).containsExactly(null, "invalid_ip", "invalid_ip", "invalid_ip");
  }

  @Test
  void aWholeNumberBeyondAnyRangeIsSaidToBeOutOfRangeNotNoInteger() {
    ToolResult huge = call("scan_overview", "path", "d19.pcapng", "top_k", 1_099_511_627_776L);
    assertThat(PortHunterToolsTest.errorOf(huge)).isEqualTo("invalid_argument");
    assertThat(huge.result().get("message").toString()).isEqualTo("top_k is out of range: 1099511627776");
    ToolResult fraction = call("scan_overview", "path", "d19.pcapng", "top_k", 2.5);
    assertThat(fraction.result().get("message").toString()).isEqualTo("top_k must be an integer");
  }

  @Test
  void integralNumbersOfAnyJsonTypeAreAccepted() {
    assertThat(call("scan_overview", "path", "d19.pcapng", "top_k", 5L, "time_window_s", 30.0).ok()).isTrue();
    assertThat(reports.lastArgs).containsExactly(30, 5);
  }

  @Test
  void analysisToolsReadTheAuthorisedRealPath() throws Exception {
    assertThat(call("list_suspects", "path", "d19.pcapng").ok()).isTrue();
    assertThat(reports.lastCapture).isEqualTo(dir.resolve("d19.pcapng").toRealPath());
    assertThat(reports.lastControl.maxBytes()).isEqualTo(Settings.BYTES_PER_MB);
    assertThat(reports.lastArgs).containsExactly(PortHunterTools.DEFAULT_MIN_PORTS,
        PortHunterTools.DEFAULT_MIN_RATE_PPS);
  }

  @Test
  void correlateGuardsItsOptionalPath() {
    assertThat(PortHunterToolsTest.errorOf(call("correlate", "ips", List.of("8.8.8.8"), "path", "../x.pcap")))
        .isEqualTo("path_outside_allowed_dir");
    ToolResult withRoles = call("correlate", "ips", List.of("10.0.0.5"), "path", "d19.pcapng");
    assertThat(PlainJson.of(withRoles).get("results")).asList().first()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("capture_role");
  }

  @Test
  void callResultsCarryTheSameJsonStructuredAndAsTextAndFlagErrors() throws Exception {
    // as a client receives them, through the SDK (which supplies a successful result's text)
    try (PipedSession session = new PipedSession()) {
      session.callOverview("2");
      session.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"scan_overview\",\"arguments\":{\"path\":\"missing.pcap\",\"auth_token\":\"" + TOKEN + "\"}}}");
      Map<Object, Map<String, Object>> byId = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        Map<String, Object> answer = session.answer();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) answer.get("result");
        byId.put(answer.get("id"), result);
      }
      for (Map<String, Object> result : byId.values()) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> content = (List<Map<String, Object>>) result.get("content");
        assertThat(content).hasSize(1);
        Map<String, Object> text = PlainJson.parse((String) content.get(0).get("text"));
        assertThat(result.get("structuredContent")).isEqualTo(text);
        assertThat(text).containsKeys("ok", "generated_at");
        assertThat(result.get("isError")).isEqualTo(!(Boolean) text.get("ok"));
      }
      assertThat(byId.get(2).get("structuredContent").toString()).contains("ok=true").contains("overview=");
      assertThat(byId.get(3).get("structuredContent").toString()).contains("error=file_not_found");
    }
  }

  @Test
  void successAndErrorResultsMatchTheDeclaredOutputSchemas() {
    Map<String, List<ToolResult>> byTool = Map.of(
        "scan_overview", List.of(call("scan_overview", "path", "d19.pcapng"), call("scan_overview")),
        "list_suspects", List.of(call("list_suspects", "path", "d19.pcapng"), call("list_suspects", "path", "x.txt")),
        "first_scan_event", List.of(call("first_scan_event", "path", "d19.pcapng"),
            call("first_scan_event", "path", "quiet.pcap"), call("first_scan_event", "auth_token", "bad")),
        "enrich_ip", List.of(call("enrich_ip", "ip", "8.8.8.8"), call("enrich_ip", "ip", "10.0.0.1"),
            call("enrich_ip", "ip", "nope")),
        "correlate", List.of(call("correlate", "ips", List.of("8.8.8.8", "x", "10.0.0.1"), "path", "d19.pcapng"),
            call("correlate", "ips", List.of())));
    byTool.forEach((tool, results) -> {
      for (ToolResult r : results) {
        var verdict = VALIDATOR.validate(outputSchema(tool), PlainJson.of(r));
        assertThat(verdict.valid()).as(tool + " " + PlainJson.of(r) + ": " + verdict.errorMessage()).isTrue();
      }
    });
  }

  @Test
  void aLocalTimeWouldFailTheSchema() {
    var verdict = VALIDATOR.validate(outputSchema("enrich_ip"),
        Map.of("ok", false, "error", "invalid_ip", "generated_at", "2026-01-01T00:00:00+01:00"));
    assertThat(verdict.valid()).isFalse();
  }

  @Test
  void anOkResultMissingItsFieldWouldFailTheSchema() {
    var verdict = VALIDATOR.validate(outputSchema("scan_overview"),
        Map.of("ok", true, "generated_at", "2026-01-01T00:00:00Z"));
    assertThat(verdict.valid()).isFalse();
  }

  @Test
  void aProbeWithNoTimeStillMatchesTheFirstEventSchema() {
    // a pcapng of simple packet blocks: the first probe is known, its time is not
    Map<String, Object> untimed = new HashMap<>(Map.of("src", "10.0.0.1", "dst", "10.0.0.2", "port", 22, "flags", "S",
        "technique", "syn", "frame", 1, "proto", "tcp"));
    untimed.put("ts", null);
    assertThat(VALIDATOR.validate(outputSchema("first_scan_event"),
        Map.of("ok", true, "generated_at", "2026-01-01T00:00:00Z", "first_event", untimed)).valid()).isTrue();
  }

  @Test
  void theSchemasDeclareTheContractsFields() {
    String at = "2026-01-01T00:00:00Z";
    assertThat(VALIDATOR.validate(outputSchema("scan_overview"),
        Map.of("ok", true, "generated_at", at, "overview", Map.of())).valid()).isFalse();
    assertThat(VALIDATOR.validate(outputSchema("list_suspects"),
        Map.of("ok", true, "generated_at", at, "suspects", List.of(Map.of("kind", "vertical")))).valid()).isFalse();
    assertThat(VALIDATOR.validate(outputSchema("first_scan_event"),
        Map.of("ok", true, "generated_at", at, "first_event", Map.of("ts", at))).valid()).isFalse();
    assertThat(VALIDATOR.validate(outputSchema("enrich_ip"),
        Map.of("ok", true, "generated_at", at, "ip", "8.8.8.8", "enrichment", Map.of("asn", "AS1"))).valid()).isFalse();
    assertThat(VALIDATOR.validate(outputSchema("correlate"),
        Map.of("ok", true, "generated_at", at, "results", List.of(Map.of("ip", "8.8.8.8")), "groups", Map.of()))
        .valid()).isFalse();
  }

  /** An exchange that only records the progress notifications sent through it into {@code sent}. */
  private static McpSyncServerExchange recordingProgress(List<ProgressNotification> sent) {
    return new McpSyncServerExchange(null) {
      @Override
      public void progressNotification(ProgressNotification n) {
        sent.add(n);
      }
    };
  }

  @Test
  void progressIsSentOnlyWhenAskedForAndThrottled() {
    List<ProgressNotification> sent = new CopyOnWriteArrayList<>();
    McpSyncServerExchange exchange = recordingProgress(sent);
    reports.progressToSend = new long[] {10, 20, 30, 40};
    assertThat(call(exchange, null, "scan_overview", "path", "d19.pcapng").ok()).isTrue();
    assertThat(sent).isEmpty();
    assertThat(call(exchange, "p-1", "scan_overview", "path", "d19.pcapng").ok()).isTrue();
    // four updates in a burst: the first goes out, the rest fall inside the throttle interval
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).progressToken()).isEqualTo("p-1");
    assertThat(sent.get(0).progress()).isEqualTo(10.0);
    assertThat(sent.get(0).total()).isEqualTo(100.0);
  }

  @Test
  void progressGoesOnlyToATokenMcpAllowsAStringOrAnInteger() {
    List<ProgressNotification> sent = new CopyOnWriteArrayList<>();
    McpSyncServerExchange exchange = recordingProgress(sent);
    for (Object token : List.<Object>of(Map.of("a", 1), true, 2.5)) {
      reports.progressToSend = new long[] {10};
      assertThat(call(exchange, token, "scan_overview", "path", "d19.pcapng").ok()).as("%s", token).isTrue();
    }
    assertThat(sent).isEmpty();
    reports.progressToSend = new long[] {10};
    assertThat(call(exchange, 7L, "scan_overview", "path", "d19.pcapng").ok()).isTrue();
    assertThat(sent).extracting(ProgressNotification::progressToken).containsExactly(7L);
  }

  /** The server over in-process pipes, initialised, for tests that need the whole stdio path. */
  private final class PipedSession implements AutoCloseable {
    final java.io.PipedOutputStream toServer = new java.io.PipedOutputStream();
    final java.io.BufferedReader answers;
    final McpSyncServer running;

    PipedSession() throws Exception {
      java.io.PipedInputStream serverIn = new java.io.PipedInputStream(toServer, 1 << 16);
      java.io.PipedOutputStream serverOut = new java.io.PipedOutputStream();
      answers = new java.io.BufferedReader(new java.io.InputStreamReader(
          new java.io.PipedInputStream(serverOut, 1 << 16), java.nio.charset.StandardCharsets.UTF_8));
      running = server.start(serverIn, serverOut, () -> {});
      send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
      assertThat(answer()).containsEntry("id", 1);
      send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    void callOverview(String id) throws java.io.IOException {
      send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"scan_overview\",\"arguments\":{\"path\":\"d19.pcapng\",\"auth_token\":\"" + TOKEN + "\"}}}");
    }

    void send(String line) throws java.io.IOException {
      toServer.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      toServer.flush();
    }

    Map<String, Object> answer() throws Exception {
      return PlainJson.parse(answers.readLine());
    }

    @Override
    public void close() throws Exception {
      running.closeGracefully();
      answers.close();
    }
  }

  @Test
  void refusedRequestsAreAnsweredAndTheSessionGoesOn() throws Exception {
    try (PipedSession session = new PipedSession()) {
      session.send("{\"jsonrpc\":\"2.0\",\"id\":\"aa\",\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"enrich_ip\",\"arguments\":[1]}}");
      Map<String, Object> bad = session.answer();
      assertThat(bad).containsEntry("id", "aa");
      assertThat(bad.get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("code", -32602);
      assertThat(bad.toString()).doesNotContain("jackson").doesNotContain("Exception");
      session.send("[{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}]");
      Map<String, Object> batch = session.answer();
      assertThat(batch).containsEntry("id", 7);
      assertThat(batch.get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("code", -32600);
      session.callOverview("8");
      assertThat(session.answer()).containsEntry("id", 8).containsKey("result");
    }
  }

  @Test
  void aClientCancellationStopsTheRunningAnalysis() throws Exception {
    reports.waitForCancellation = true;
    try (PipedSession session = new PipedSession()) {
      session.callOverview("\"call-7\"");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (reports.lastControl == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(reports.lastControl).as("the analysis started").isNotNull();
      session.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
          + "\"call-7\",\"reason\":\"user\"}}");
      Map<String, Object> answer = session.answer();
      assertThat(answer).containsEntry("id", "call-7");
      assertThat(answer.get("result").toString()).contains("error=cancelled").contains("isError=true");
    }
  }

  @Test
  void aCallInFlightWhenStdinClosesIsStillAnswered() throws Exception {
    reports.sleepMillis = 1500;
    try (PipedSession session = new PipedSession()) {
      session.callOverview("2");
      session.toServer.close();
      assertThat(session.answer()).containsEntry("id", 2).containsKey("result");
    }
  }

  private PortHunterServer prerendering(java.time.Clock clock) throws Exception {
    return PortHunterServer.builder().reports(reports).intel(intel).clock(clock).prerenderViews(true)
        .settings(new Settings(TOKEN, true, dir.toRealPath(), Settings.BYTES_PER_MB, false, 1, true)).build();
  }

  private static CallToolResult answer(PortHunterServer server, String tool, Map<String, Object> args) {
    ToolSchemas.Definition definition =
        ToolSchemas.all().stream().filter(d -> d.name().equals(tool)).findFirst().orElseThrow();
    return server.answer(definition, null, new CallToolRequest(tool, args));
  }

  private static String json(CallToolResult answer) {
    return Json.compact(answer.structuredContent());
  }

  @Test
  void aViewsFirstAnswerRendersEveryViewsDefaultAnswerBeforeItGoesAndOnlyOnce() throws Exception {
    PortHunterServer server = prerendering(PortHunterToolsTest.CLOCK);
    Map<String, Object> args = Map.of("auth_token", TOKEN, "path", "d19.pcapng");
    CallToolResult overview = answer(server, "scan_overview", args);
    assertThat(overview.structuredContent()).isInstanceOf(RenderedAnswers.CheckedJson.class);
    assertThat(reports.calls("overview")).as("the call, then its default answer").isEqualTo(2);
    assertThat(reports.calls("suspects")).isEqualTo(1);
    assertThat(reports.calls("firstEvent")).isEqualTo(1);

    CallToolResult suspects = answer(server, "list_suspects", args);
    answer(server, "first_scan_event", args);
    answer(server, "scan_overview", args);
    assertThat(reports.calls("overview")).as("views rendered already render nothing more").isEqualTo(3);
    assertThat(reports.calls("suspects")).isEqualTo(2);
    assertThat(reports.calls("firstEvent")).isEqualTo(2);

    answer(server, "list_suspects", Map.of("auth_token", TOKEN, "path", "d19.pcapng", "min_ports", 3));
    assertThat(reports.calls("suspects")).as("a new view's first answer: the defaults are rendered").isEqualTo(4);
    assertThat(reports.calls("overview")).isEqualTo(4);
    assertThat(PlainJson.parse(json(suspects)))
        .isEqualTo(PlainJson.parse(Json.compact(call("list_suspects", "path", "d19.pcapng").result())));
  }

  @Test
  void renderedAnswersCarryTheTimeOfTheirOwnCall() throws Exception {
    java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000L);
    java.time.Clock ticking = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(millis.getAndAdd(1500));
      }
    };
    PortHunterServer server = prerendering(ticking);
    Map<String, Object> args = Map.of("auth_token", TOKEN, "path", "d19.pcapng");
    Map<String, Object> first = PlainJson.parse(json(answer(server, "list_suspects", args)));
    Map<String, Object> second = PlainJson.parse(json(answer(server, "list_suspects", args)));
    assertThat(second.get("generated_at")).isNotEqualTo(first.get("generated_at"));
    assertThat(Instant.parse((String) second.get("generated_at")))
        .isAfter(Instant.parse((String) first.get("generated_at")));
    second.remove("generated_at");
    first.remove("generated_at");
    assertThat(second).isEqualTo(first).containsKey("suspects");
  }

  @Test
  void withoutPrerenderingACallRendersOnlyItsOwnAnswer() throws Exception {
    CallToolResult overview = answer(server, "scan_overview", Map.of("auth_token", TOKEN, "path", "d19.pcapng"));
    assertThat(json(overview)).contains("\"overview\"");
    assertThat(reports.calls("suspects")).isZero();
    assertThat(reports.calls("overview")).isEqualTo(1);
  }

  @Test
  void renderingAheadNeverReadsACaptureAgainAndStopsAtItsFirstFailure() throws Exception {
    // the rendering's control counts as cancelled: a capture no longer cached fails instead of being read
    reports.cancelledMissIf = c -> c.cancelled().getAsBoolean();
    PortHunterServer server = prerendering(PortHunterToolsTest.CLOCK);
    CallToolResult overview = answer(server, "scan_overview", Map.of("auth_token", TOKEN, "path", "d19.pcapng"));
    assertThat(overview.isError()).isFalse();
    assertThat(reports.calls("overview")).as("the real call, then one failed rendering").isEqualTo(2);
    assertThat(reports.calls("suspects")).isZero();
    assertThat(reports.calls("firstEvent")).isZero();
  }

  @Test
  void errorsAndAnswersMadeOfNoViewAreLeftToTheSdksCheck() throws Exception {
    PortHunterServer server = prerendering(PortHunterToolsTest.CLOCK);
    CallToolResult missing = answer(server, "scan_overview", Map.of("auth_token", TOKEN, "path", "none.pcap"));
    CallToolResult enrich = answer(server, "enrich_ip", Map.of("auth_token", TOKEN, "ip", "8.8.8.8"));
    assertThat(missing.isError()).isTrue();
    assertThat(missing.structuredContent()).isNotInstanceOf(RenderedAnswers.CheckedJson.class);
    assertThat(enrich.isError()).isFalse();
    assertThat(enrich.structuredContent()).isNotInstanceOf(RenderedAnswers.CheckedJson.class);
    assertThat(reports.calls("overview")).as("nothing rendered ahead for them").isZero();
  }
}
