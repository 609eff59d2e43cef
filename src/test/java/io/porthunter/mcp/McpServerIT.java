package io.porthunter.mcp;

import static io.porthunter.mcp.ServerUnderTest.error;
import static io.porthunter.mcp.ServerUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server's refusals, one call per error code, over a real stdio session. */
class McpServerIT {
  static final String TOKEN = "it-token";
  @TempDir static Path root;
  static ServerUnderTest server;

  @BeforeAll
  static void start() throws Exception {
    Path allowed = Files.createDirectory(root.resolve("allowed"));
    Files.writeString(allowed.resolve("notes.txt"), "not a capture");
    Files.writeString(allowed.resolve("garbage.pcap"), "this is not a capture file at all\n".repeat(10));
    Files.writeString(root.resolve("secret.pcap"), "x");
    try (RandomAccessFile big = new RandomAccessFile(allowed.resolve("big.pcapng").toFile(), "rw")) {
      big.setLength(2L * 1024 * 1024); // sparse, over the 1 MB limit below
    }
    server = ServerUnderTest.start(Map.of(
        "PORT_HUNTER_TOKEN", TOKEN,
        "PORT_HUNTER_ALLOWED_DIR", allowed.toString(),
        "PORT_HUNTER_MAX_PCAP_MB", "1"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void listsFiveToolsWithOutputSchemas() {
    List<Tool> tools = server.client.listTools().tools();
    assertThat(tools).extracting(Tool::name)
        .containsExactlyInAnyOrder("scan_overview", "list_suspects", "first_scan_event", "enrich_ip", "correlate");
    assertThat(tools).allSatisfy(t -> {
      assertThat(t.outputSchema()).as(t.name()).containsKeys("type", "properties", "required");
      assertThat(((Map<?, ?>) t.inputSchema().get("properties")).containsKey("auth_token")).as(t.name()).isTrue();
      // hosts use the hints to call read-only tools without asking, and to know which may go online
      assertThat(t.title()).as(t.name()).isNotBlank();
      assertThat(t.annotations().readOnlyHint()).as(t.name()).isTrue();
      assertThat(t.annotations().destructiveHint()).as(t.name()).isFalse();
      assertThat(t.annotations().openWorldHint()).as(t.name())
          .isEqualTo(t.name().equals("enrich_ip") || t.name().equals("correlate"));
    });
  }

  @Test
  void unauthorized() throws Exception {
    assertThat(error(server.call("scan_overview", "path", "notes.txt", "auth_token", "wrong")))
        .containsEntry("error", "unauthorized");
    assertThat(error(server.call("enrich_ip", "ip", "8.8.8.8", "auth_token", ""))).containsEntry("error", "unauthorized");
  }

  @Test
  void pathOutsideAllowedDir() throws Exception {
    assertThat(error(server.call("scan_overview", "path", "../secret.pcap"))).containsEntry("error",
        "path_outside_allowed_dir");
    assertThat(error(server.call("first_scan_event", "path", root.resolve("secret.pcap").toString())))
        .containsEntry("error", "path_outside_allowed_dir");
  }

  @Test
  void unsupportedFileType() throws Exception {
    assertThat(error(server.call("list_suspects", "path", "notes.txt"))).containsEntry("error", "unsupported_file_type");
  }

  @Test
  void fileTooLarge() throws Exception {
    assertThat(error(server.call("scan_overview", "path", "big.pcapng"))).containsEntry("error", "file_too_large");
  }

  @Test
  void fileNotFound() throws Exception {
    assertThat(error(server.call("scan_overview", "path", "missing.pcap"))).containsEntry("error", "file_not_found");
  }

  /** Needs the real capture reader and ScanReports (PortHunterCli.Services.DEFAULT) to be plugged in. */
  @Test
  void notACapture() throws Exception {
    assertThat(error(server.call("scan_overview", "path", "garbage.pcap"))).containsEntry("error", "not_a_capture")
        .containsEntry("message", "not a pcap or pcapng capture: unknown magic number");
  }

  @Test
  void invalidIp() throws Exception {
    assertThat(error(server.call("enrich_ip", "ip", "example.com"))).containsEntry("error", "invalid_ip");
  }

  @Test
  void invalidIpInsideCorrelateKeepsTheCallOk() throws Exception {
    CallToolResult r = server.call("correlate", "ips", List.of("not-an-ip", "1.2.3"));
    Map<String, Object> json = json(r);
    assertThat(r.isError()).isFalse();
    assertThat(json).containsEntry("ok", true);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) json.get("results");
    assertThat(results).hasSize(2).allSatisfy(m -> assertThat(m).containsEntry("ok", false)
        .containsEntry("error", "invalid_ip"));
  }

  @Test
  void invalidArgument() throws Exception {
    assertThat(error(server.call("scan_overview", "path", "notes.txt", "top_k", 0)))
        .as("arguments are checked before the path").containsEntry("error", "invalid_argument");
    assertThat(error(server.call("scan_overview", "path", "garbage.pcap", "time_window_s", -1)))
        .containsEntry("error", "invalid_argument");
    assertThat(error(server.call("first_scan_event"))).containsEntry("error", "invalid_argument");
  }
}
