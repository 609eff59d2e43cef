package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.bench.SyntheticCaptureGenerator;
import io.porthunter.tools.PlainJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A raw process, no SDK client: bad lines on stdin must not end the session, stdout carries only JSON-RPC. */
class StdinSurvivalIT {
  @TempDir Path dir;

  @Test
  void garbageLinesAreSkippedRefusedRequestsAnsweredAndTheNextRequestIsAnswered() throws Exception {
    Process p = openServer();
    try (OutputStream stdin = p.getOutputStream();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      send(stdin, "this is not json");
      send(stdin, "");
      send(stdin, "[1,2,3]");
      send(stdin, "{\"no\":\"method\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      Map<String, Object> init = PlainJson.parse(stdout.readLine());
      assertThat(init).containsEntry("id", 1).containsKey("result");

      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(stdin, "{ still broken");
      // shaped like messages, but refused by the SDK's own records (which would end its read loop)
      send(stdin, "{\"method\":\"ping\",\"id\":7}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":\"x\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"enrich_ip\","
          + "\"arguments\":{\"ip\":\"not-an-ip\"}}}");
      // the request whose id can be read is answered rather than left waiting; the others are not
      Map<String, Object> refused = PlainJson.parse(stdout.readLine());
      assertThat(refused).containsEntry("id", 7);
      assertThat(refused.get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("code", -32600);
      Map<String, Object> call = PlainJson.parse(stdout.readLine());
      assertThat(call).containsEntry("id", 2);
      assertThat(call.get("result").toString()).contains("invalid_ip");
      // stdin stays open until both answers are in; closing it now ends the session cleanly
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the server exits when stdin closes").isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void everyRequestSentBeforeStdinClosesIsAnsweredBeforeTheServerExits() throws Exception {
    java.nio.file.Files.copy(Path.of("samples/d19_mixed_syn_masscan_benign.pcapng"), dir.resolve("d19.pcapng"));
    Process p = openServer();
    String path = dir.resolve("d19.pcapng").toString();
    try (OutputStream stdin = p.getOutputStream()) { // all at once, then end of input: a piped client
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"pipe\",\"version\":\"1\"}}}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      int id = 3;
      for (String tool : List.of("scan_overview", "list_suspects", "first_scan_event", "scan_overview")) {
        send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":" + id++ + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool + "\",\"arguments\":{\"path\":\"" + path + "\"}}}");
      }
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
    }
    List<Object> answered = new ArrayList<>();
    try (BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = stdout.readLine()) != null) {
        Map<String, Object> message = PlainJson.parse(line);
        if (message.containsKey("id")) {
          answered.add(message.get("id"));
          assertThat(message).containsKey("result");
        }
      }
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(answered).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void aHostKilledWithCallsPendingLeavesNoServerBehind() throws Exception {
    // a host killed outright closes both pipes at once while its calls are being answered: the
    // answers cannot be written, and the server must end rather than wait for an end of input that
    // its transport, once writing failed, no longer reads
    Path capture = dir.resolve("busy.pcap");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(100_000, 5), capture);
    Process p = openServer();
    OutputStream stdin = p.getOutputStream();
    BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"host\",\"version\":\"1\"}}}");
    assertThat(PlainJson.parse(stdout.readLine())).containsEntry("id", 1);
    send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    for (int id = 2; id < 40; id++) {
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
          + "\"scan_overview\",\"arguments\":{\"path\":\"" + capture + "\",\"top_k\":" + id + "}}}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":" + (1000 + id) + ",\"method\":\"ping\"}");
    }
    stdout.close();
    stdin.close();
    assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("the server exits once its client is gone").isTrue();
  }

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost answer fails, not hangs
  void aCallCancelledWhileItReportsProgressAnswersCancelledAndTheSessionGoesOn() throws Exception {
    // a spoofed flood analyses slowly (about a second for 1 M packets): the first progress
    // notification proves the analysis is under way when the cancellation is sent
    Path capture = dir.resolve("flood.pcap");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(1_000_000, 7).withFloodSources(300_000), capture);
    Process p = openServer();
    try (OutputStream stdin = p.getOutputStream();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      initialize(stdin, stdout);
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"scan_overview\","
          + "\"arguments\":{\"path\":\"" + capture + "\"},\"_meta\":{\"progressToken\":\"t2\"}}}");
      Map<String, Object> first = PlainJson.parse(stdout.readLine());
      assertThat(first).as("a progress notification comes before the answer").containsEntry("method",
          "notifications/progress");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2,"
          + "\"reason\":\"user\"}}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
      Map<Object, Map<String, Object>> answers = answers(stdout, 2, 3);
      assertThat(answers.get(2).get("result").toString()).contains("error=cancelled").doesNotContain("total_pkts");
      assertThat(answers.get(3)).containsKey("result");
    } finally {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the server exits when stdin closes").isTrue();
      p.destroyForcibly(); // a failed assertion above leaves no server behind
    }
    assertThat(p.exitValue()).isZero();
  }

  /** The MCP handshake, its answer read. */
  private static void initialize(OutputStream stdin, BufferedReader stdout) throws Exception {
    send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"host\",\"version\":\"1\"}}}");
    assertThat(PlainJson.parse(stdout.readLine())).containsEntry("id", 1);
    send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /** Reads past notifications until the answers with these ids, in any order, are in. */
  private static Map<Object, Map<String, Object>> answers(BufferedReader stdout, Object... ids) throws Exception {
    Map<Object, Map<String, Object>> answers = new HashMap<>();
    String line;
    while (answers.size() < ids.length && (line = stdout.readLine()) != null) {
      Map<String, Object> message = PlainJson.parse(line);
      if (Arrays.asList(ids).contains(message.get("id"))) { // notifications have no id
        answers.put(message.get("id"), message);
      }
    }
    assertThat(answers).as("answers by id").containsOnlyKeys(ids);
    return answers;
  }

  @Test
  void aThreadDumpGoesToStderrNotIntoTheJsonRpcStream() throws Exception {
    Process p = openServer();
    try (OutputStream stdin = p.getOutputStream();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      initialize(stdin, stdout);
      // what kill -3 (or a support person's "dump the threads") does; the JVM prints the dump at once
      assertThat(new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).start().waitFor()).isZero();
      Thread.sleep(500);
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
      String line = stdout.readLine();
      assertThat(line).as("the next line on stdout is the ping's answer, no thread dump").startsWith("{");
      assertThat(PlainJson.parse(line)).containsEntry("id", 2);
    } finally {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      p.destroyForcibly();
    }
  }

  @Test
  void aConfigurationErrorExitsTwoWithNothingOnStdout() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ServerUnderTest.java());
    command.addAll(ServerUnderTest.launchArgs());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("PORT_HUNTER_TOKEN");
    pb.environment().put("PORT_HUNTER_REQUIRE_TOKEN", "true");
    pb.environment().put("PORT_HUNTER_ALLOWED_DIR", dir.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(p.getInputStream().readAllBytes()).isEmpty();
    assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).contains("PORT_HUNTER_TOKEN");
  }

  /** The server, no token needed, reading captures of up to 200 MiB from {@link #dir}; its stderr discarded. */
  private Process openServer() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ServerUnderTest.java());
    command.addAll(ServerUnderTest.launchArgs());
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PORT_HUNTER_REQUIRE_TOKEN", "false");
    pb.environment().put("PORT_HUNTER_ALLOWED_DIR", dir.toString());
    pb.environment().put("PORT_HUNTER_MAX_PCAP_MB", "200"); // the flood capture is 80 MB
    return pb.start();
  }

  private static void send(OutputStream stdin, String line) throws Exception {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }
}
