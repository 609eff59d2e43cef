package io.porthunter.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.CaptureFormatException;
import io.porthunter.capture.CaptureTooLargeException;
import io.porthunter.config.ToolFailure;
import io.porthunter.report.AnalysisControl;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

public class PortHunterToolsTest {
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678901Z"), ZoneOffset.UTC);
  static final Path CAPTURE = Path.of("/captures/d19.pcapng");
  static final PortHunterTools.CaptureSource SOURCE = () -> CAPTURE;
  static final AnalysisControl CONTROL = AnalysisControl.unlimited();

  final FakeReports reports = new FakeReports();
  final FakeIntel intel = new FakeIntel();
  PortHunterTools tools = new PortHunterTools(reports, intel, false, 1024, CLOCK);

  @Test
  void generatedAtIsUtcIsoWithMillisecondsAndZ() {
    ToolResult r = tools.run(() -> tools.firstEvent(SOURCE, CONTROL));
    assertThat(PlainJson.of(r).get("generated_at")).isEqualTo("2026-01-02T03:04:05.678Z");
  }

  @Test
  void overviewIsTheRecordAsPlainJsonWithOkFirstAndGeneratedAtLast() {
    ToolResult r = tools.run(() -> tools.overview(SOURCE, 30, 5, CONTROL));
    assertThat(r.ok()).isTrue();
    assertThat(new ArrayList<>(PlainJson.of(r).keySet())).containsExactly("ok", "overview", "generated_at");
    @SuppressWarnings("unchecked")
    Map<String, Object> overview = (Map<String, Object>) PlainJson.of(r).get("overview");
    assertThat(overview).containsEntry("total_pkts", 100L).containsEntry("time_window_s", 60)
        .containsKey("scanners").containsKey("state_dropped");
    assertThat(reports.lastArgs).containsExactly(30, 5);
    assertThat(reports.lastCapture).isEqualTo(CAPTURE);
  }

  @Test
  void suspectsAndFirstEventKeepTheirFieldNames() {
    ToolResult s = tools.run(() -> tools.suspects(SOURCE, 10, 5.0, CONTROL));
    assertThat(PlainJson.of(s).get("suspects")).asList().hasSize(1).first()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("ip", "10.0.0.5").containsEntry("detected_after_probes", 12);
    ToolResult f = tools.run(() -> tools.firstEvent(SOURCE, CONTROL));
    assertThat(PlainJson.of(f).get("first_event")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("frame", 7L).containsEntry("port", 22);
  }

  @Test
  void suspectsAndFirstEventSayWhetherTheWholeCaptureWasRead() {
    ToolResult whole = tools.run(() -> tools.suspects(SOURCE, 10, 5.0, CONTROL));
    assertThat(new ArrayList<>(PlainJson.of(whole).keySet()))
        .containsExactly("ok", "suspects", "suspects_total", "state_capped", "truncated", "truncation_note",
            "unread_frames", "generated_at");
    assertThat(PlainJson.of(whole)).containsEntry("truncated", false).containsEntry("truncation_note", null);
    reports.completeness = new io.porthunter.report.Completeness(true, "file ends inside a record", 3);
    for (ToolResult cut : List.of(tools.run(() -> tools.suspects(SOURCE, 10, 5.0, CONTROL)),
        tools.run(() -> tools.firstEvent(SOURCE, CONTROL)))) {
      assertThat(cut.ok()).isTrue();
      assertThat(PlainJson.of(cut)).containsEntry("truncated", true)
          .containsEntry("truncation_note", "file ends inside a record").containsEntry("unread_frames", 3L);
    }
  }

  @Test
  void aCaptureWithoutScanningHasAnExplicitNullFirstEvent() {
    ToolResult f = tools.run(() -> tools.firstEvent(() -> Path.of("/captures/quiet.pcap"), CONTROL));
    assertThat(f.ok()).isTrue();
    assertThat(PlainJson.of(f)).containsKey("first_event");
    assertThat(PlainJson.of(f).get("first_event")).isNull();
  }

  @Test
  void outOfRangeParametersAreInvalidArguments() {
    assertThat(errorOf(tools.run(() -> tools.overview(SOURCE, 60, 0, CONTROL)))).isEqualTo("invalid_argument");
    assertThat(errorOf(tools.run(() -> tools.overview(SOURCE, -1, 5, CONTROL)))).isEqualTo("invalid_argument");
    assertThat(errorOf(tools.run(() -> tools.suspects(SOURCE, 0, 5, CONTROL)))).isEqualTo("invalid_argument");
    assertThat(errorOf(tools.run(() -> tools.suspects(SOURCE, 5, -0.5, CONTROL)))).isEqualTo("invalid_argument");
    assertThat(errorOf(tools.run(() -> tools.suspects(SOURCE, 5, Double.NaN, CONTROL))))
        .isEqualTo("invalid_argument");
    assertThat(reports.lastCapture).as("no analysis ran").isNull();
  }

  @Test
  void parametersAreValidatedBeforeTheCaptureIsResolved() {
    PortHunterTools.CaptureSource refused = () -> {
      throw new io.porthunter.config.ToolFailure(io.porthunter.config.ErrorCode.PATH_OUTSIDE_ALLOWED_DIR, "no");
    };
    assertThat(errorOf(tools.run(() -> tools.overview(refused, 60, 0, CONTROL)))).isEqualTo("invalid_argument");
    assertThat(errorOf(tools.run(() -> tools.correlate(List.of(), refused, CONTROL)))).isEqualTo("invalid_argument");
    assertThat(errorOf(tools.run(() -> tools.overview(refused, 60, 5, CONTROL))))
        .isEqualTo("path_outside_allowed_dir");
  }

  @Test
  void analysisFailuresMapToTheirCodes() {
    assertThat(failingWith(new CaptureTooLargeException(1024))).isEqualTo("file_too_large");
    assertThat(failingWith(new CaptureFormatException("bad magic"))).isEqualTo("not_a_capture");
    assertThat(failingWith(new CancellationException())).isEqualTo("cancelled");
    assertThat(failingWith(new NoSuchFileException("x"))).isEqualTo("file_not_found");
    assertThat(failingWith(new java.io.UncheckedIOException(new CaptureFormatException("wrapped"))))
        .isEqualTo("not_a_capture");
  }

  @Test
  void unexpectedFailuresAreInternalErrorsWithoutDetails() {
    reports.failWith = new IllegalStateException("secret internals at line 42");
    ToolResult r = tools.run(() -> tools.overview(SOURCE, 60, 5, CONTROL));
    assertThat(r.ok()).isFalse();
    assertThat(PlainJson.of(r)).containsEntry("error", "internal_error").containsKeys("message", "generated_at");
    assertThat(PlainJson.of(r).toString()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
    reports.failWith = new IOException("disk on fire");
    assertThat(errorOf(tools.run(() -> tools.overview(SOURCE, 60, 5, CONTROL)))).isEqualTo("internal_error");
  }

  @Test
  void errorsFromNonExceptionThrowablesStillBecomeResults() {
    ToolResult r = tools.run(() -> {
      throw new AssertionError("boom");
    });
    assertThat(PlainJson.of(r)).containsEntry("ok", false).containsEntry("error", "internal_error");
  }

  @Test
  void enrichRefusesNonLiterals() {
    ToolResult r = tools.run(() -> tools.enrich("example.com", CONTROL));
    assertThat(PlainJson.of(r)).containsEntry("ok", false).containsEntry("error", "invalid_ip");
  }

  @Test
  void enrichSkipsPrivateAddressesUnlessAllowed() {
    ToolResult r = tools.run(() -> tools.enrich("10.1.2.3", CONTROL));
    assertThat(PlainJson.of(r)).containsEntry("ok", true).containsEntry("ip", "10.1.2.3").containsEntry("skipped", true)
        .containsEntry("reason", "private_ip").containsEntry("detail", "private").doesNotContainKey("enrichment");
    PortHunterTools allowing = new PortHunterTools(reports, intel, true, 1024, CLOCK);
    ToolResult allowed = allowing.run(() -> allowing.enrich("10.1.2.3", CONTROL));
    assertThat(PlainJson.of(allowed)).containsEntry("kind", "special").containsKey("enrichment")
        .doesNotContainKey("skipped");
  }

  @Test
  void enrichPublicAddressCarriesTheEnrichmentAsPlainJson() {
    ToolResult r = tools.run(() -> tools.enrich("8.8.8.8", CONTROL));
    assertThat(PlainJson.of(r)).containsEntry("ok", true).containsEntry("kind", "public");
    assertThat(PlainJson.of(r).get("enrichment")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("asn", "AS15169").containsEntry("asn_number", 15169L);
  }

  @Test
  void aCancelledEnrichmentAnswersCancelled() {
    ToolResult r = tools.run(() -> tools.enrich("8.8.8.8", new AnalysisControl(Long.MAX_VALUE, (d, t) -> {}, () -> true)));
    assertThat(PlainJson.of(r)).containsEntry("ok", false).containsEntry("error", "cancelled");
  }

  @Test
  void correlateKeepsOrderAndReportsEachAddressOnItsOwn() {
    ToolResult r = tools.run(() -> tools.correlate(List.of("8.8.8.8", "not-an-ip", "10.0.0.5", "2001:4860::8888"),
        null, CONTROL));
    assertThat(r.ok()).isTrue();
    List<Map<String, Object>> results = results(r);
    assertThat(results).extracting(m -> m.get("ok")).containsExactly(true, false, true, true);
    assertThat(results.get(0)).containsEntry("ip", "8.8.8.8").containsKey("enrichment");
    assertThat(results.get(1)).containsEntry("error", "invalid_ip").containsEntry("ip", "not-an-ip");
    assertThat(results.get(2)).containsEntry("skipped", true);
    assertThat(results.get(3)).containsEntry("kind", "public");
    assertThat(results).allSatisfy(m -> assertThat(m).doesNotContainKey("capture_role").containsKey("generated_at"));
    assertThat(intel.lastGrouped).hasSize(2);
    assertThat(PlainJson.of(r).get("groups")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsKeys("by_asn", "by_country", "by_prefix", "intel_hits");
  }

  @Test
  void correlateWithACaptureAddsEachValidAddressRole() {
    ToolResult r = tools.run(() -> tools.correlate(List.of("10.0.0.5", "bad", "8.8.8.8"), SOURCE, CONTROL));
    List<Map<String, Object>> results = results(r);
    assertThat(results.get(0).get("capture_role")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("role", "scanner");
    assertThat(results.get(1)).doesNotContainKey("capture_role");
    assertThat(results.get(2).get("capture_role")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("role", "not_seen");
    assertThat(reports.lastArgs).containsExactly(List.of("10.0.0.5", "8.8.8.8"));
    assertThat(PlainJson.of(r)).containsEntry("truncated", false);
    reports.completeness = new io.porthunter.report.Completeness(true, "file ends inside a record", 0);
    ToolResult cut = tools.run(() -> tools.correlate(List.of("8.8.8.8"), SOURCE, CONTROL));
    assertThat(PlainJson.of(cut)).as("not_seen in a cut capture may only mean 'not in the part read'")
        .containsEntry("truncated", true).containsEntry("truncation_note", "file ends inside a record");
    ToolResult noCapture = tools.run(() -> tools.correlate(List.of("8.8.8.8"), null, CONTROL));
    assertThat(PlainJson.of(noCapture)).doesNotContainKey("truncated");
  }

  @Test
  void correlateEchoesAHugeInvalidEntryCut() {
    String huge = "x".repeat(1_000_000);
    ToolResult r = tools.run(() -> tools.correlate(List.of(huge), null, CONTROL));
    assertThat((String) results(r).get(0).get("ip")).hasSize(ToolFailure.MAX_MESSAGE_CHARS).startsWith("xxx");
  }

  @Test
  void correlateBoundsTheListLength() {
    List<String> tooMany = Collections.nCopies(PortHunterTools.MAX_CORRELATE_IPS + 1, "8.8.8.8");
    assertThat(errorOf(tools.run(() -> tools.correlate(tooMany, null, CONTROL)))).isEqualTo("invalid_argument");
    assertThat(errorOf(tools.run(() -> tools.correlate(List.of(), null, CONTROL)))).isEqualTo("invalid_argument");
    List<String> atCap = Collections.nCopies(PortHunterTools.MAX_CORRELATE_IPS, "8.8.8.8");
    assertThat(tools.run(() -> tools.correlate(atCap, null, CONTROL)).ok()).isTrue();
  }

  @Test
  void correlateWithNothingToEnrichDoesNotAskForGroups() {
    intel.lastGrouped = null;
    ToolResult r = tools.run(() -> tools.correlate(List.of("bad", "10.0.0.1"), null, CONTROL));
    assertThat(r.ok()).isTrue();
    assertThat(intel.lastGrouped).isNull();
    assertThat(PlainJson.of(r).get("groups")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("by_asn", Map.of()).containsEntry("intel_hits", List.of());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> results(ToolResult r) {
    return (List<Map<String, Object>>) PlainJson.of(r).get("results");
  }

  private Object failingWith(Exception e) {
    reports.failWith = e;
    return errorOf(tools.run(() -> tools.overview(SOURCE, 60, 5, CONTROL)));
  }

  public static Object errorOf(ToolResult r) {
    assertThat(r.ok()).isFalse();
    assertThat(PlainJson.of(r)).containsEntry("ok", false).containsKeys("message", "generated_at");
    return PlainJson.of(r).get("error");
  }
}
