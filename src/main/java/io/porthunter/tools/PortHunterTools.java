package io.porthunter.tools;

import io.porthunter.capture.CaptureFormatException;
import io.porthunter.capture.CaptureTooLargeException;
import io.porthunter.capture.OutsideDirectoryException;
import io.porthunter.config.CaptureFiles;
import io.porthunter.config.ErrorCode;
import io.porthunter.config.ToolFailure;
import io.porthunter.intel.Enrichment;
import io.porthunter.intel.Groups;
import io.porthunter.intel.IpIntel;
import io.porthunter.intel.SpecialPurpose;
import io.porthunter.report.AnalysisControl;
import io.porthunter.report.CaptureRole;
import io.porthunter.report.CaptureView;
import io.porthunter.report.Completeness;
import io.porthunter.report.FirstEvent;
import io.porthunter.report.ScanOverview;
import io.porthunter.report.ScanReports;
import io.porthunter.report.Suspect;
import io.porthunter.report.SuspectList;
import java.net.InetAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The five contract operations, shaped as result JSON, shared by the MCP tools and the command line.
 * Callers pass the capture as a {@link CaptureSource} that authorises it (the server through {@link
 * io.porthunter.config.AccessGuard}, the command line through {@link CaptureFiles#checkLocal}), which
 * runs once the other arguments are valid, and wrap each call in {@link #run}, which turns every
 * failure into an {@code ok:false} result. Valid addresses are echoed as given, surrounding blanks
 * removed; an invalid one in {@code correlate} is echoed as sent (cut when huge).
 * Thread-safe when the injected services are.
 */
public final class PortHunterTools {
  public static final int DEFAULT_TIME_WINDOW_S = 60;
  public static final int MAX_TIME_WINDOW_S = 7 * 24 * 3600;
  public static final int DEFAULT_TOP_K = 20;
  public static final int MAX_TOP_K = 10_000;
  public static final int DEFAULT_MIN_PORTS = 10;
  public static final int MAX_MIN_PORTS = 65_536;
  public static final double DEFAULT_MIN_RATE_PPS = 5.0;
  // What each parameter means, said once for the tool schemas and the command line's options.
  public static final String TIME_WINDOW_HELP = "Timeline slice length in seconds.";
  public static final String TOP_K_HELP = "How many scanners, targets and ports to list.";
  public static final String MIN_PORTS_HELP = "Fewest distinct (host, protocol, port) targets a suspect must have tried.";
  public static final String MIN_RATE_HELP = "Lowest probe rate (probes per second over the source's own active "
      + "span) a suspect must reach; sources the sequential test confirmed, the focus rule found, that ran nmap's "
      + "OS detection, or that swept hosts (with pings, ARP or neighbour solicitations) are listed below it, with"
      + " a reason.";
  /** Most addresses one {@code correlate} call may carry: bounds the intel lookups one call causes. */
  public static final int MAX_CORRELATE_IPS = 256;
  /** The records the answers of {@link #overview}, {@link #suspects} and {@link #firstEvent} are made of. */
  public static final List<Class<?>> CAPTURE_VIEWS = List.of(ScanOverview.class, Suspect.class, FirstEvent.class);

  /** Groups when no address was enriched (all invalid or skipped): nothing to ask the intel for. */
  private static final Groups NO_GROUPS = new Groups(Map.of(), Map.of(), Map.of(), List.of());

  private final ScanReports reports;
  private final IpIntel intel;
  private final boolean allowPrivate;
  private final long maxCaptureBytes;
  private final Clock clock;

  public PortHunterTools(ScanReports reports, IpIntel intel, boolean allowPrivate, long maxCaptureBytes,
      Clock clock) {
    this.reports = reports;
    this.intel = intel;
    this.allowPrivate = allowPrivate;
    this.maxCaptureBytes = maxCaptureBytes;
    this.clock = clock;
  }

  /**
   * Where the capture comes from: authorised lazily, after the other arguments were validated, so
   * a bad parameter is reported before the file system is looked at.
   */
  @FunctionalInterface
  public interface CaptureSource {
    Path resolve() throws ToolFailure;
  }

  /** A result body: the fields between {@code ok} and {@code generated_at}. */
  @FunctionalInterface
  public interface Body {
    Map<String, Object> compute() throws Exception;
  }

  /** Never throws: failures become {@code {ok:false, error, message, generated_at}}. */
  public ToolResult run(Body body) {
    try {
      Map<String, Object> computed = body.compute();
      Object view = computed instanceof ViewFields fields ? fields.view : null;
      return new ToolResult(true, finish(true, computed, now()), view); // stamped when the answer is ready
    } catch (Throwable t) { // a handler must never throw: that would become a JSON-RPC error
      return failure(t, now());
    }
  }

  public Map<String, Object> overview(CaptureSource capture, int timeWindowS, int topK, AnalysisControl control)
      throws Exception {
    requireRange("time_window_s", timeWindowS, 1, MAX_TIME_WINDOW_S);
    requireRange("top_k", topK, 1, MAX_TOP_K);
    ScanOverview view = reports.overview(capture.resolve(), timeWindowS, topK, control);
    return new ViewFields(view, "overview", view);
  }

  public Map<String, Object> suspects(CaptureSource capture, int minPorts, double minRatePps,
      AnalysisControl control) throws Exception {
    requireRange("min_ports", minPorts, 1, MAX_MIN_PORTS);
    if (!Double.isFinite(minRatePps) || minRatePps < 0) {
      throw ToolFailure.invalidArgument("min_rate_pps must be a finite number >= 0");
    }
    CaptureView<SuspectList> view = reports.suspects(capture.resolve(), minPorts, minRatePps, control);
    Map<String, Object> body = new ViewFields(view, "suspects", view.view().suspects());
    body.put("suspects_total", view.view().total());
    body.put("state_capped", view.view().stateCapped());
    return withCompleteness(body, view.completeness());
  }

  public Map<String, Object> firstEvent(CaptureSource capture, AnalysisControl control) throws Exception {
    CaptureView<FirstEvent> view = reports.firstEvent(capture.resolve(), control);
    return withCompleteness(new ViewFields(view, "first_event", view.view()), view.completeness());
  }

  /**
   * A view's fields, then whether the whole capture was read (the overview carries this in its own
   * body): a view of a cut capture must say so, whichever tool shows it.
   */
  private static Map<String, Object> withCompleteness(Map<String, Object> body, Completeness completeness) {
    body.put("truncated", completeness.truncated());
    body.put("truncation_note", completeness.truncation_note());
    body.put("unread_frames", completeness.unread_frames());
    return body;
  }

  /** Enriches one address; the threat-intel calls stop when {@code control} says the call was cancelled. */
  public Map<String, Object> enrich(String rawIp, AnalysisControl control) throws ToolFailure {
    InetAddress address = IpLiterals.parse(rawIp);
    String ip = rawIp.strip();
    Optional<SpecialPurpose> special = intel.specialPurpose(address);
    if (special.isPresent() && !allowPrivate) {
      return skipped(ip, special.get());
    }
    return enriched(ip, special.isPresent(), intel.enrichAll(List.of(address), control.cancelled()).get(0));
  }

  /**
   * Enriches each address (one result per address, in order, each with its own {@code ok}) and groups
   * the enriched ones; with a capture, each valid address also gets its {@code capture_role}.
   */
  public Map<String, Object> correlate(List<String> ips, CaptureSource captureOrNull, AnalysisControl control)
      throws Exception {
    if (ips.isEmpty() || ips.size() > MAX_CORRELATE_IPS) {
      throw ToolFailure.invalidArgument("ips must hold 1 to " + MAX_CORRELATE_IPS + " addresses, got " + ips.size());
    }
    Path capture = captureOrNull == null ? null : captureOrNull.resolve();
    List<Map<String, Object>> bodies = new ArrayList<>(ips.size());
    List<Integer> validIndexes = new ArrayList<>();
    List<String> validTexts = new ArrayList<>();
    List<InetAddress> toEnrich = new ArrayList<>();
    List<Integer> toEnrichIndexes = new ArrayList<>();
    for (int i = 0; i < ips.size(); i++) {
      InetAddress address;
      try {
        address = IpLiterals.parse(ips.get(i));
      } catch (ToolFailure invalid) {
        Map<String, Object> error = errorBody(invalid.code(), invalid.getMessage());
        error.put("ip", ToolFailure.bounded(ips.get(i))); // as sent (cut if huge), to match it without counting
        bodies.add(error);
        continue;
      }
      String ip = ips.get(i).strip();
      validIndexes.add(i);
      validTexts.add(ip);
      Optional<SpecialPurpose> special = intel.specialPurpose(address);
      if (special.isPresent() && !allowPrivate) {
        bodies.add(skipped(ip, special.get()));
      } else {
        bodies.add(enrichedPlaceholder(ip, special.isPresent()));
        toEnrich.add(address);
        toEnrichIndexes.add(i);
      }
    }
    List<Enrichment> enrichments = toEnrich.isEmpty() ? List.of() : intel.enrichAll(toEnrich, control.cancelled());
    for (int j = 0; j < toEnrichIndexes.size(); j++) {
      bodies.get(toEnrichIndexes.get(j)).put("enrichment", enrichments.get(j));
    }
    Completeness completeness = null;
    if (capture != null && !validTexts.isEmpty()) {
      CaptureView<List<CaptureRole>> roles = reports.roles(capture, validTexts, control);
      completeness = roles.completeness();
      for (int j = 0; j < validIndexes.size(); j++) {
        bodies.get(validIndexes.get(j)).put("capture_role", roles.view().get(j));
      }
    }
    String now = now();
    List<Map<String, Object>> results = new ArrayList<>(bodies.size());
    for (Map<String, Object> b : bodies) {
      results.add(finish(!b.containsKey("error"), b, now));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("results", results);
    body.put("groups", toEnrich.isEmpty() ? NO_GROUPS : intel.group(toEnrich, enrichments));
    return completeness == null ? body : withCompleteness(body, completeness);
  }

  /** Current time as the contract's {@code generated_at}: UTC ISO-8601 ending in Z, millisecond precision. */
  public String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * A view tool's body, with the view it was made from: bodies made of one view object are equal, so
   * what is derived from one serves them all ({@link ToolResult#view}).
   */
  private static final class ViewFields extends LinkedHashMap<String, Object> {
    private final Object view;

    ViewFields(Object view, String field, Object value) {
      this.view = view;
      put(field, value);
    }
  }

  private static Map<String, Object> skipped(String ip, SpecialPurpose special) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ip", ip);
    body.put("skipped", true);
    body.put("reason", special.reason());
    body.put("detail", special.detail());
    body.put("block", special.block());
    return body;
  }

  private static Map<String, Object> enriched(String ip, boolean special, Enrichment enrichment) {
    Map<String, Object> body = enrichedPlaceholder(ip, special);
    body.put("enrichment", enrichment);
    return body;
  }

  private static Map<String, Object> enrichedPlaceholder(String ip, boolean special) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ip", ip);
    body.put("kind", special ? "special" : "public");
    return body;
  }

  private static void requireRange(String name, int value, int min, int max) throws ToolFailure {
    if (value < min || value > max) {
      throw ToolFailure.invalidArgument(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** ok first, generated_at last. */
  private static Map<String, Object> finish(boolean ok, Map<String, Object> body, String now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", ok);
    json.putAll(body);
    json.put("generated_at", now);
    return json;
  }

  private static Map<String, Object> errorBody(ErrorCode code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code.code());
    body.put("message", message);
    return body;
  }

  private ToolResult failure(Throwable thrown, String now) {
    ToolFailure known = classify(thrown);
    if (known.code() == ErrorCode.INTERNAL_ERROR) {
      Log.LOG.error("tool call failed unexpectedly", thrown); // details to stderr only
    }
    if (thrown instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new ToolResult(false, finish(false, errorBody(known.code(), known.getMessage()), now));
  }

  /** Known failures anywhere in the cause chain (analysis code may wrap them) map to their codes. */
  private ToolFailure classify(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof ToolFailure f) {
        return f;
      }
      if (t instanceof CaptureTooLargeException) {
        return new ToolFailure(ErrorCode.FILE_TOO_LARGE,
            CaptureFiles.tooLargeMessage("capture (uncompressed)", maxCaptureBytes));
      }
      if (t instanceof CaptureFormatException) {
        return new ToolFailure(ErrorCode.NOT_A_CAPTURE, "not a pcap or pcapng capture: " + t.getMessage());
      }
      if (t instanceof CancellationException || t instanceof InterruptedException) {
        return new ToolFailure(ErrorCode.CANCELLED, "the request was cancelled");
      }
      if (t instanceof OutsideDirectoryException) {
        return new ToolFailure(ErrorCode.PATH_OUTSIDE_ALLOWED_DIR,
            "the path left the allowed directory while it was opened (a directory on the way was replaced)");
      }
      if (t instanceof NoSuchFileException) {
        return new ToolFailure(ErrorCode.FILE_NOT_FOUND, "the capture disappeared while being read");
      }
      if (t instanceof AccessDeniedException) {
        return new ToolFailure(ErrorCode.FILE_NOT_FOUND, "the capture cannot be read: permission denied");
      }
    }
    return new ToolFailure(ErrorCode.INTERNAL_ERROR, "internal error; details are logged on stderr");
  }

  /** Created on first use: starting the logging back-end would cost every CLI run about 50 ms. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(PortHunterTools.class);
  }
}
