package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.porthunter.tools.PlainJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged jar started as a real client would start it, driven through the SDK's own client. */
final class ServerUnderTest implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  final McpSyncClient client;
  private final String token;

  private ServerUnderTest(McpSyncClient client, String token) {
    this.client = client;
    this.token = token;
  }

  /** The java launcher running these tests, so the server runs on the same JDK. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("porthunter.jar", "target/porthunter.jar"));
    assertThat(jar).as("the packaged jar (run mvn verify)").exists();
    return jar;
  }

  /** The launch arguments documented in mcp.json. */
  static List<String> launchArgs() {
    return List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:+DisplayVMOutputToStderr", "-jar",
        jar().toString(), "serve");
  }

  static ServerUnderTest start(Map<String, String> env) {
    return start(java(), launchArgs(), env);
  }

  /** The server started by {@code command} (a launcher that ends up running the jar's serve). */
  static ServerUnderTest start(String command, List<String> args, Map<String, String> env) {
    ServerParameters params = ServerParameters.builder(command).args(args).env(env).build();
    McpSyncClient client = McpClient.sync(new StdioClientTransport(params, Json.mapper()))
        .requestTimeout(TIMEOUT)
        .initializationTimeout(TIMEOUT)
        .build();
    client.initialize();
    return new ServerUnderTest(client, env.get("PORT_HUNTER_TOKEN"));
  }

  /** Calls a tool with the server's token (unless the arguments carry their own). */
  CallToolResult call(String tool, Object... keyValues) {
    Map<String, Object> args = new HashMap<>();
    if (token != null) {
      args.put("auth_token", token);
    }
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put((String) keyValues[i], keyValues[i + 1]);
    }
    return client.callTool(new CallToolRequest(tool, args));
  }

  /** The result's JSON, checking that structured content and text agree. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(CallToolResult result) throws Exception {
    Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
    String text = ((TextContent) result.content().get(0)).text();
    assertThat(PlainJson.parse(text)).isEqualTo(structured);
    assertThat((String) structured.get("generated_at")).endsWith("Z");
    return structured;
  }

  static Map<String, Object> error(CallToolResult result) throws Exception {
    Map<String, Object> json = json(result);
    assertThat(result.isError()).as(json.toString()).isTrue();
    assertThat(json).containsEntry("ok", false);
    return json;
  }

  static List<String> ipsOf(Object listOfObjects) {
    List<String> ips = new ArrayList<>();
    for (Object o : (List<?>) listOfObjects) {
      ips.add((String) ((Map<?, ?>) o).get("ip"));
    }
    return ips;
  }

  static Path samples() {
    Path dir = Path.of("samples");
    assertThat(dir.resolve("d19_mixed_syn_masscan_benign.pcapng")).exists();
    return dir.toAbsolutePath();
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }

  @Override
  public void close() {
    client.closeGracefully();
  }
}
