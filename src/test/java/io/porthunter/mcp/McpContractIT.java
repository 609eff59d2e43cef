package io.porthunter.mcp;

import static io.porthunter.mcp.ServerUnderTest.ipsOf;
import static io.porthunter.mcp.ServerUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract fields on samples/d19_mixed_syn_masscan_benign.pcapng (ground truth from the captures'
 * labels.json): an nmap SYN scan from 10.77.1.11 (top 500 ports of 10.77.2.10, first probe frame 97
 * to port 21) and a masscan sweep of port 3389 from 10.77.1.12 over 40 hosts, plus benign traffic
 * from 10.77.1.50 and 10.77.1.51. Passes once the real ScanReports is plugged into
 * PortHunterCli.Services.DEFAULT.
 */
class McpContractIT {
  static final String TOKEN = "contract-token";
  static final String D19 = "d19_mixed_syn_masscan_benign.pcapng";
  static ServerUnderTest server;

  @BeforeAll
  static void start() {
    server = ServerUnderTest.start(Map.of(
        "PORT_HUNTER_TOKEN", TOKEN,
        "PORT_HUNTER_ALLOWED_DIR", ServerUnderTest.samples().toString()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, Object> ok(CallToolResult r) throws Exception {
    Map<String, Object> json = json(r);
    assertThat(r.isError()).as(json.toString()).isFalse();
    assertThat(json).containsEntry("ok", true);
    return json;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void scanOverviewNamesBothScannersAndNoBenignHost() throws Exception {
    Map<String, Object> overview = object(ok(server.call("scan_overview", "path", D19)).get("overview"));
    assertThat(overview).containsEntry("total_pkts", 1728).containsEntry("format", "pcapng")
        .containsEntry("time_window_s", 60)
        .containsKeys("file", "interval_s", "scanners", "targets", "port_distribution", "suspected_patterns",
            "truncated", "timeline");
    assertThat(ipsOf(overview.get("scanners"))).contains("10.77.1.11", "10.77.1.12")
        .doesNotContain("10.77.1.50", "10.77.1.51");
  }

  @Test
  void listSuspectsShowsTheVerticalAndTheHorizontalScan() throws Exception {
    List<?> suspects = (List<?>) ok(server.call("list_suspects", "path", D19)).get("suspects");
    assertThat(ipsOf(suspects)).contains("10.77.1.11", "10.77.1.12").doesNotContain("10.77.1.50", "10.77.1.51");
    for (Object o : suspects) {
      Map<String, Object> s = object(o);
      assertThat(s).containsKeys("ip", "kind", "distinct_ports", "distinct_hosts", "rate_pps", "flags_seen",
          "techniques", "first_seen", "last_seen");
      if (s.get("ip").equals("10.77.1.11")) {
        assertThat(s).containsEntry("kind", "vertical").containsEntry("distinct_ports", 500);
      }
      if (s.get("ip").equals("10.77.1.12")) {
        assertThat(s).containsEntry("kind", "horizontal").containsEntry("distinct_hosts", 40);
      }
    }
  }

  @Test
  void firstScanEventIsNmapsFirstSyn() throws Exception {
    Map<String, Object> first = object(ok(server.call("first_scan_event", "path", D19)).get("first_event"));
    assertThat(first).containsEntry("src", "10.77.1.11").containsEntry("dst", "10.77.2.10")
        .containsEntry("port", 21).containsEntry("frame", 97).containsEntry("proto", "tcp");
    assertThat((String) first.get("ts")).startsWith("2026-11-21T12:44:42.182");
  }

  @Test
  void correlateAgainstTheCaptureGivesEachAddressItsRole() throws Exception {
    Map<String, Object> json = ok(server.call("correlate", "ips",
        List.of("10.77.1.11", "10.77.2.10", "not-an-ip", "192.0.2.1"), "path", D19));
    List<?> results = (List<?>) json.get("results");
    assertThat(object(object(results.get(0)).get("capture_role"))).containsEntry("role", "scanner");
    assertThat(object(object(results.get(1)).get("capture_role"))).containsEntry("role", "target");
    assertThat(object(results.get(2))).containsEntry("ok", false).containsEntry("error", "invalid_ip");
    assertThat(object(object(results.get(3)).get("capture_role"))).containsEntry("role", "not_seen");
    assertThat(object(results.get(0))).containsEntry("skipped", true).containsEntry("reason", "private_ip");
    assertThat(json).containsKey("groups");
  }

  @Test
  void enrichIpSkipsAPrivateAddress() throws Exception {
    assertThat(ok(server.call("enrich_ip", "ip", "10.77.1.11"))).containsEntry("skipped", true)
        .containsEntry("reason", "private_ip").containsEntry("ip", "10.77.1.11").containsKey("detail");
  }
}
