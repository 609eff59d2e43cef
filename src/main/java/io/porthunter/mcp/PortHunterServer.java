package io.porthunter.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.porthunter.config.AccessGuard;
import io.porthunter.config.Settings;
import io.porthunter.config.ToolFailure;
import io.porthunter.intel.IpIntel;
import io.porthunter.report.AnalysisControl;
import io.porthunter.report.ScanReports;
import io.porthunter.tools.PortHunterTools;
import io.porthunter.tools.ProgressThrottle;
import io.porthunter.tools.ToolResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server: the five tools wired to {@link PortHunterTools} behind the {@link AccessGuard}.
 * Analysis and enrichment are injected, so this class only routes, guards and shapes.
 */
public final class PortHunterServer {
  public static final String NAME = "porthunter";
  public static final String VERSION = "0.1.0";

  private static final Logger LOG = LoggerFactory.getLogger(PortHunterServer.class);
  private static final String PROGRESS_MESSAGE = "reading capture";
  /**
   * Requests read and not yet answered and written, at most: past it stdin is not read until some are
   * (300,000 calls sent without reading an answer filled a 256 MB heap and left the session dead).
   */
  static final int MAX_REQUESTS_IN_FLIGHT = 1024;
  /** How long requests still unanswered when stdin closes may take to be answered and written. */
  static final long DRAIN_TIMEOUT_MILLIS = 30_000;

  /** The tools whose answers are views of a capture's one cached analysis. */
  private static final List<String> VIEW_TOOLS =
      List.of(ToolSchemas.SCAN_OVERVIEW, ToolSchemas.LIST_SUSPECTS, ToolSchemas.FIRST_SCAN_EVENT);

  private final Settings settings;
  private final AccessGuard guard;
  private final PortHunterTools tools;
  private final Cancellations cancellations = new Cancellations(Set.copyOf(ToolSchemas.TOOL_NAMES));
  private final RenderedAnswers answers = new RenderedAnswers(McpJsonDefaults.getSchemaValidator());
  private final boolean prerenderViews;

  private PortHunterServer(Builder b) {
    this.settings = Objects.requireNonNull(b.settings, "settings");
    this.guard = new AccessGuard(settings);
    this.prerenderViews = b.prerenderViews;
    this.tools = new PortHunterTools(Objects.requireNonNull(b.reports, "reports"),
        Objects.requireNonNull(b.intel, "intel"), settings.allowPrivate(), settings.maxPcapBytes(), b.clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds the server over stdio-style streams; {@code in} is guarded by a {@link JsonLineFilter}.
   * When {@code in} ends, the requests read so far are given time to be answered and their answers
   * written ({@link Unanswered}: the SDK's transport stops writing as soon as it sees the end of
   * input), then {@code onEndOfInput} runs. It runs at once, and once, when writing to {@code out}
   * fails: the client is gone (a host killed outright closes both pipes), nothing more can reach it,
   * and the SDK's transport, once its writing failed, may never read {@code in} to its end.
   */
  public McpSyncServer start(InputStream in, OutputStream out, Runnable onEndOfInput) {
    Unanswered unanswered = new Unanswered();
    AtomicBoolean ended = new AtomicBoolean();
    Runnable end = () -> {
      if (ended.compareAndSet(false, true)) {
        onEndOfInput.run();
      }
    };
    AtomicReference<SerialSends> sends = new AtomicReference<>(); // the filter reads only once it is set
    JsonLineFilter filter = new JsonLineFilter(in, () -> {
      drain(unanswered);
      end.run();
    }, cancellations, passed -> {
      try {
        unanswered.awaitRoom(passed, MAX_REQUESTS_IN_FLIGHT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the server is stopping: pass it on, nothing waits for it
      }
      cancellations.passedOn(passed);
      unanswered.passedOn(passed);
    }, error -> sends.get().send(error));
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(Json.mapper(), filter, new CountedOutput(out, unanswered, end));
    sends.set(new SerialSends(transport, unanswered));
    Thread compile = new Thread(this::prepareChecks, "porthunter-schemas");
    compile.setDaemon(true);
    compile.start();
    return McpServer.sync(sends.get())
        .serverInfo(NAME, VERSION)
        .jsonMapper(Json.mapper())
        .jsonSchemaValidator(answers.validator())
        .capabilities(ServerCapabilities.builder().tools(false).build())
        // Arguments are checked by ToolArguments so a bad one still gets the contract's result shape.
        .validateToolInputs(false)
        .tools(toolSpecifications())
        .build();
  }

  /**
   * On a side thread at start, while a host is still setting the session up: the validator compiles
   * each output schema on its first use (10-20 ms each), and a {@code correlate} answer, which is
   * not kept like the views' ({@link RenderedAnswers}), met the rest of its check cold on its first
   * call. One correlate of an invalid address (no capture, no lookup) is checked here for that.
   */
  private void prepareChecks() {
    answers.compile(ToolSchemas.all().stream().map(ToolSchemas.Definition::output).toList());
    ToolResult invalidOnly = tools.run(() -> tools.correlate(List.of("-"), null, AnalysisControl.unlimited()));
    ToolSchemas.all().stream().filter(d -> d.name().equals(ToolSchemas.CORRELATE)).findFirst()
        .ifPresent(d -> answers.validator().validate(d.output(), invalidOnly.result()));
  }

  private static void drain(Unanswered unanswered) {
    try {
      if (!unanswered.awaitNone(DRAIN_TIMEOUT_MILLIS)) {
        LOG.warn("stdin closed; {} request(s) still unanswered are abandoned", unanswered.count());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public List<SyncToolSpecification> toolSpecifications() {
    return ToolSchemas.all().stream()
        .map(d -> SyncToolSpecification.builder()
            .tool(Tool.builder(d.name())
                .title(d.title())
                .description(d.description())
                .inputSchema(d.input())
                .outputSchema(d.output())
                .annotations(ToolAnnotations.builder()
                    .title(d.title())
                    .readOnlyHint(true)
                    .destructiveHint(false)
                    .idempotentHint(true)
                    .openWorldHint(d.openWorld())
                    .build())
                .build())
            .callHandler((exchange, request) -> answer(d, exchange, request))
            .build())
        .toList();
  }

  /** One tool call, never throwing. */
  ToolResult call(String toolName, McpSyncServerExchange exchange, CallToolRequest request) {
    try {
      ToolResult result = tools.run(() -> {
        ToolArguments args = new ToolArguments(request.arguments());
        AnalysisControl control = control(exchange, request);
        guard.checkToken(args.token());
        if (control.cancelled().getAsBoolean()) {
          throw new CancellationException("cancelled before it started");
        }
        return dispatch(toolName, args, control);
      });
      return result;
    } finally {
      cancellations.release(request.meta());
    }
  }

  /**
   * One call's answer as it goes out. A view's first answer ({@link RenderedAnswers}) also renders the
   * other views' default answers of that capture before it goes: a host asks for them next, often at
   * once, and would otherwise meet their schema check and serialisation cold (40-90 ms for a large
   * capture's suspects, against a few milliseconds once rendered).
   */
  CallToolResult answer(ToolSchemas.Definition tool, McpSyncServerExchange exchange, CallToolRequest request) {
    ToolResult result = call(tool.name(), exchange, request);
    boolean firstOfItsView = result.view() != null && !answers.made(result.view());
    CallToolResult answer = answers.toCallToolResult(result, tool.output());
    if (firstOfItsView && prerenderViews) {
      renderDefaultViews(request.arguments().get("path"));
    }
    return answer;
  }

  /**
   * Renders each view tool's default answer about a capture whose analysis is kept, and rehearses its
   * writing ({@link RenderedAnswers#prepare}). Its control counts
   * as cancelled, so a capture no longer kept (changed, evicted) is not read again: the first failure
   * ends it.
   */
  private void renderDefaultViews(Object path) {
    if (!(path instanceof String capture)) {
      return;
    }
    AnalysisControl cacheOnly = new AnalysisControl(settings.maxPcapBytes(), (done, total) -> {}, () -> true);
    ToolArguments args = new ToolArguments(Map.of("path", capture));
    try {
      for (ToolSchemas.Definition view : ToolSchemas.all()) {
        if (VIEW_TOOLS.contains(view.name())) {
          ToolResult r = tools.run(() -> dispatch(view.name(), args, cacheOnly));
          if (!r.ok()) {
            return;
          }
          answers.prepare(r, view.output());
        }
      }
    } catch (RuntimeException e) { // rendering ahead only; the calls themselves report their own
      LOG.debug("rendering the default views failed: {}", e.toString());
    }
  }

  private Map<String, Object> dispatch(String toolName, ToolArguments args, AnalysisControl control)
      throws Exception {
    switch (toolName) {
      case ToolSchemas.SCAN_OVERVIEW: {
        int window = args.integer("time_window_s", PortHunterTools.DEFAULT_TIME_WINDOW_S);
        int topK = args.integer("top_k", PortHunterTools.DEFAULT_TOP_K);
        return tools.overview(capture(args), window, topK, control);
      }
      case ToolSchemas.LIST_SUSPECTS: {
        int minPorts = args.integer("min_ports", PortHunterTools.DEFAULT_MIN_PORTS);
        double minRate = args.number("min_rate_pps", PortHunterTools.DEFAULT_MIN_RATE_PPS);
        return tools.suspects(capture(args), minPorts, minRate, control);
      }
      case ToolSchemas.FIRST_SCAN_EVENT:
        return tools.firstEvent(capture(args), control);
      case ToolSchemas.ENRICH_IP:
        return tools.enrich(args.requiredString("ip"), control);
      case ToolSchemas.CORRELATE: {
        List<String> ips = args.stringList("ips");
        String path = args.optionalString("path");
        return tools.correlate(ips, path == null ? null : () -> guard.authorise(path), control);
      }
      default:
        throw ToolFailure.invalidArgument("unknown tool " + toolName);
    }
  }

  /** The required {@code path} argument, authorised when the tool gets to it. */
  private PortHunterTools.CaptureSource capture(ToolArguments args) {
    return () -> guard.authorise(args.requiredString("path"));
  }

  /**
   * Size limit from the settings; progress goes out as notifications when the caller asked for them
   * (a progress token); the cancellation flag is the one {@link Cancellations} raises when the client
   * sends {@code notifications/cancelled} for this request.
   */
  private AnalysisControl control(McpSyncServerExchange exchange, CallToolRequest request) {
    Object token = progressToken(request);
    AnalysisControl.Progress progress = token == null || exchange == null
        ? (done, total) -> {}
        : new ProgressThrottle((done, total) -> notifyProgress(exchange, token, done, total));
    return new AnalysisControl(settings.maxPcapBytes(), progress, cancellations.flagFor(request.meta()));
  }

  /** The request's progress token when MCP allows it (a string or an integer), else null: no progress. */
  private static Object progressToken(CallToolRequest request) {
    Object token = request.progressToken();
    return token instanceof String || token instanceof Integer || token instanceof Long ? token : null;
  }

  private static void notifyProgress(McpSyncServerExchange exchange, Object token, long done, long total) {
    try {
      exchange.progressNotification(ProgressNotification.builder(token, done)
          .total(total >= 0 ? (double) total : null)
          .message(PROGRESS_MESSAGE)
          .build());
    } catch (RuntimeException e) { // a lost notification must not stop the analysis
      LOG.warn("could not send a progress notification: {}", e.toString());
    }
  }

  /** Collects the injected services; settings, reports and intel are required, the clock defaults to UTC. */
  public static final class Builder {
    private ScanReports reports;
    private IpIntel intel;
    private Settings settings;
    private Clock clock = Clock.systemUTC();
    private boolean prerenderViews;

    private Builder() {}

    /**
     * Renders the view tools' default answers with a capture's first answer (see {@link #answer});
     * off by default.
     */
    public Builder prerenderViews(boolean prerender) {
      this.prerenderViews = prerender;
      return this;
    }

    public Builder reports(ScanReports reports) {
      this.reports = reports;
      return this;
    }

    public Builder intel(IpIntel intel) {
      this.intel = intel;
      return this;
    }

    public Builder settings(Settings settings) {
      this.settings = settings;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public PortHunterServer build() {
      return new PortHunterServer(this);
    }
  }
}
