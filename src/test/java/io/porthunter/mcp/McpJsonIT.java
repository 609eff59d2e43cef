package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.porthunter.tools.PlainJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mcp.json, used verbatim from the repository root, starts a server offering the tools it lists. */
class McpJsonIT {
  @Test
  @SuppressWarnings("unchecked")
  void theDescribedLaunchWorks() throws Exception {
    Map<String, Object> config = PlainJson.parse(Files.readString(Path.of("mcp.json")));
    Map<String, Object> stdio = (Map<String, Object>) ((Map<String, Object>) config.get("transport")).get("stdio");
    assertThat((List<String>) stdio.get("args")).isEqualTo(ServerUnderTest.launchArgs().stream()
        .map(a -> a.equals(ServerUnderTest.jar().toString()) ? "target/porthunter.jar" : a).toList());
    ServerParameters params = ServerParameters.builder((String) stdio.get("command"))
        .args((List<String>) stdio.get("args"))
        .env((Map<String, String>) config.get("env"))
        .build();
    McpSyncClient client = McpClient.sync(new StdioClientTransport(params, Json.mapper()))
        .requestTimeout(ServerUnderTest.TIMEOUT).initializationTimeout(ServerUnderTest.TIMEOUT).build();
    try {
      assertThat(client.initialize().serverInfo().name()).isEqualTo(config.get("name"));
      assertThat(client.listTools().tools()).extracting(Tool::name)
          .containsExactlyElementsOf((List<String>) config.get("tools"))
          .containsExactlyElementsOf(ToolSchemas.TOOL_NAMES);
      assertThat(config.get("version")).isEqualTo(PortHunterServer.VERSION);
    } finally {
      client.closeGracefully();
    }
  }
}
