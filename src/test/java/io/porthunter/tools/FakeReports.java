package io.porthunter.tools;

import io.porthunter.report.AnalysisControl;
import io.porthunter.report.CaptureRole;
import io.porthunter.report.CaptureView;
import io.porthunter.report.Completeness;
import io.porthunter.report.FirstEvent;
import io.porthunter.report.ScanOverview;
import io.porthunter.report.ScanReports;
import io.porthunter.report.Suspect;
import io.porthunter.report.SuspectList;
import io.porthunter.report.ToolGuess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Hand-written ScanReports: fixed answers, or a chosen failure; records the last call's arguments. */
public final class FakeReports implements ScanReports {
  public volatile Exception failWith;
  public volatile Path lastCapture;
  public volatile AnalysisControl lastControl;
  public volatile List<Object> lastArgs = List.of();
  /** When set, each call waits (up to a bound) for the control's cancellation flag, as a long read would. */
  public volatile boolean waitForCancellation;
  /** How long each call takes, as a slow analysis would. */
  public volatile long sleepMillis;
  /** Progress updates sent through the control on each call. */
  public volatile long[] progressToSend = new long[0];
  /** When it accepts a call's control, the call fails as an uncached analysis asked not to read would. */
  public volatile java.util.function.Predicate<AnalysisControl> cancelledMissIf = c -> false;
  /** What the suspects and first-event views say of the read: whole, unless a test says otherwise. */
  public volatile Completeness completeness = new Completeness(false, null, 0);
  /** Calls per view (overview, suspects, firstEvent, roles), from any thread. */
  public final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  /**
   * Views answered so far, by view, arguments and completeness: asked again, a view is the same
   * object, as {@link io.porthunter.report.DefaultScanReports}' views of a kept analysis are.
   */
  private final Map<List<Object>, Object> answered = new ConcurrentHashMap<>();

  public static ScanOverview overview() {
    ToolGuess tool = new ToolGuess("nmap", 0.9, List.of("window 1024"));
    return new ScanOverview("d19.pcapng", 100, 2.5,
        List.of(new ScanOverview.Scanner("10.0.0.5", 90, 80, 1, Map.of("SYN", 80L), List.of("syn"), "vertical",
            80, 40.0, 60, "2024-01-01T00:00:00Z", "2024-01-01T00:00:02Z", 90, tool, null, null, null)),
        List.of(new ScanOverview.Target("10.0.0.9", 80, 80, List.of("tcp/22"), List.of(), List.of(), List.of(),
            List.of("10.0.0.5"), 0, 1, true)),
        List.of(new ScanOverview.PortHits(22, 3)), List.of("syn_scan"), false, null, "pcapng",
        "2024-01-01T00:00:00Z", "2024-01-01T00:00:02.5Z", 60,
        List.of(new ScanOverview.Window("2024-01-01T00:00:00Z", 80, 1)), 1, false, Map.of(), 1, 1, 1, List.of(), 0,
        List.of("EN10MB"), 4096, 0, 0, 0);
  }

  public static Suspect suspect() {
    return new Suspect("10.0.0.5", "vertical", 80, 1, 40.0, List.of("SYN"), List.of("syn"), "a", "b", 80, 80,
        90, List.of("many ports"), 12, new ToolGuess("nmap", 0.9, List.of()), List.of(), 0, null, null, null, null);
  }

  public static FirstEvent firstEvent() {
    return new FirstEvent("2024-01-01T00:00:00Z", "10.0.0.5", "10.0.0.9", 22, "S", "syn", 7, "tcp");
  }

  public int calls(String view) {
    AtomicInteger n = calls.get(view);
    return n == null ? 0 : n.get();
  }

  @SuppressWarnings("unchecked")
  private <V> V same(java.util.function.Supplier<V> make, Object... key) {
    return (V) answered.computeIfAbsent(List.of(key), k -> make.get());
  }

  private void count(String view) {
    calls.computeIfAbsent(view, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Records the call, reports progress, then fails when told to (IOException or RuntimeException). */
  private void called(Path capture, AnalysisControl control, Object... args) throws IOException {
    if (cancelledMissIf.test(control)) {
      throw new java.util.concurrent.CancellationException("cancelled before the capture was read");
    }
    lastCapture = capture;
    lastControl = control;
    lastArgs = List.of(args);
    for (long done : progressToSend) {
      control.progress().update(done, 100);
    }
    if (sleepMillis > 0) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.util.concurrent.CancellationException("interrupted");
      }
    }
    if (waitForCancellation) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (!control.cancelled().getAsBoolean() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      if (control.cancelled().getAsBoolean()) {
        throw new java.util.concurrent.CancellationException("stopped by the client");
      }
    }
    if (failWith instanceof IOException e) {
      throw e;
    }
    if (failWith instanceof RuntimeException e) {
      throw e;
    }
  }

  @Override
  public ScanOverview overview(Path capture, int timeWindowSeconds, int topK, AnalysisControl control)
      throws IOException {
    count("overview");
    called(capture, control, timeWindowSeconds, topK);
    return same(FakeReports::overview, "overview", capture, timeWindowSeconds, topK);
  }

  @Override
  public CaptureView<SuspectList> suspects(Path capture, int minPorts, double minRatePps,
      AnalysisControl control) throws IOException {
    count("suspects");
    called(capture, control, minPorts, minRatePps);
    Completeness read = completeness;
    return same(() -> new CaptureView<>(new SuspectList(List.of(suspect()), 1, false), read), "suspects", capture, minPorts,
        minRatePps, read);
  }

  @Override
  public CaptureView<FirstEvent> firstEvent(Path capture, AnalysisControl control) throws IOException {
    count("firstEvent");
    called(capture, control);
    Completeness read = completeness;
    return same(() -> new CaptureView<>(capture.getFileName().toString().startsWith("quiet") ? null : firstEvent(),
        read), "firstEvent", capture, read);
  }

  @Override
  public CaptureView<List<CaptureRole>> roles(Path capture, List<String> ips, AnalysisControl control)
      throws IOException {
    called(capture, control, ips);
    List<CaptureRole> roles = new ArrayList<>();
    for (String ip : ips) {
      roles.add(new CaptureRole(ip, ip.equals("10.0.0.5") ? "scanner" : "not_seen", List.of(), null, null, 0));
    }
    return new CaptureView<>(roles, completeness);
  }
}
