package io.porthunter.cli;

import io.modelcontextprotocol.server.McpSyncServer;
import io.porthunter.config.CaptureFiles;
import io.porthunter.config.ErrorCode;
import io.porthunter.config.Settings;
import io.porthunter.config.SettingsException;
import io.porthunter.evaluate.CorpusEvaluator;
import io.porthunter.evaluate.Evaluation;
import io.porthunter.evaluate.EvaluationTable;
import io.porthunter.intel.IpIntel;
import io.porthunter.mcp.PortHunterServer;
import io.porthunter.report.AnalysisControl;
import io.porthunter.report.DefaultScanReports;
import io.porthunter.report.ScanReports;
import io.porthunter.tools.PortHunterTools;
import io.porthunter.tools.ProgressThrottle;
import io.porthunter.tools.ResultJson;
import io.porthunter.tools.ToolResult;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Command line: {@code serve} runs the MCP server on stdio; the other commands run one tool on the
 * user's own file and print the tool's JSON. Exit codes: 0 ok, 1 error result, 2 usage or settings,
 * 3 the result could not be written.
 */
@Command(name = "porthunter", mixinStandardHelpOptions = true, version = PortHunterServer.VERSION,
    description = "Port-scan forensics for packet captures: an MCP server and a command line.",
    subcommands = {PortHunterCli.Serve.class, PortHunterCli.Overview.class, PortHunterCli.Suspects.class,
        PortHunterCli.FirstEvent.class, PortHunterCli.Enrich.class, PortHunterCli.Correlate.class,
        PortHunterCli.Evaluate.class})
public final class PortHunterCli implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_ERROR_RESULT = 1;
  public static final int EXIT_USAGE = 2;
  /** The result could not be written (stdout closed, disk full): a script must not take it as done. */
  public static final int EXIT_OUTPUT_FAILED = 3;
  /** The commands that print one of {@link PortHunterTools#CAPTURE_VIEWS}. */
  private static final Set<String> VIEW_COMMANDS = Set.of(Overview.NAME, Suspects.NAME, FirstEvent.NAME);

  /** Where the analysis and enrichment come from; tests substitute their own. */
  public interface Services {
    /** Enrichment configured from the environment; throws {@link SettingsException} on a bad value. */
    IpIntel intel(Map<String, String> env);

    /** The analysis views; {@code intel} supplies offline ASN/country facts for scanners. */
    ScanReports reports(Settings settings, IpIntel intel);

    Services DEFAULT = new DefaultServices();
  }

  private final Services services;
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  public PortHunterCli(Services services, Map<String, String> env, PrintStream out, PrintStream err,
      Clock clock) {
    this.services = services;
    this.env = env;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public static void main(String[] args) {
    if (args.length > 0 && Serve.NAME.equals(args[0])) {
      // Before anything else runs: the real stdout (FileDescriptor.out) belongs to the transport
      // alone, and whatever prints to System.out, help text included, lands on stderr.
      System.setOut(System.err);
    }
    if (args.length > 0 && VIEW_COMMANDS.contains(args[0])) {
      // the answer's serializers, built while picocli builds its model (on another core), not after
      // the analysis
      ResultJson.prepareInBackground(PortHunterTools.CAPTURE_VIEWS);
    }
    System.exit(run(Services.DEFAULT, System.getenv(), System.out, System.err, args));
  }

  /** Runs one command line; the exit code is returned, never passed to System.exit. */
  public static int run(Services services, Map<String, String> env, PrintStream out, PrintStream err,
      String... args) {
    CommandLine cli = new CommandLine(new PortHunterCli(services, env, out, err, Clock.systemUTC()))
        .setCaseInsensitiveEnumValuesAllowed(true);
    // every command's --version prints the one version (picocli's mixin leaves subcommands' empty)
    cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(PortHunterServer.VERSION));
    PrintWriter usageOut = new PrintWriter(out, true);
    cli.setOut(usageOut);
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    if (exit == EXIT_OK && usageOut.checkError()) { // help or version text that could not be written
      err.println("porthunter: the output could not be written to standard output");
      return EXIT_OUTPUT_FAILED;
    }
    return exit;
  }

  /** No command given: a usage error, with the commands on stderr (stdout stays for results). */
  @Override
  public Integer call() {
    CommandLine.usage(this, err);
    return EXIT_USAGE;
  }

  /** How a capture command prints its result. */
  enum OutputFormat {
    /** The tool's whole answer, as the MCP server gives it. */
    JSON,
    /** A summary to read at a terminal ({@link TextReport}). */
    TEXT
  }

  /** Runs one tool on a fresh set of services and prints its JSON. */
  int runTool(boolean progressFlag, Function<Tooling, ToolResult> call) {
    return runTool(progressFlag, OutputFormat.JSON, call);
  }

  /** Runs one tool on a fresh set of services and prints its result in {@code format}. */
  int runTool(boolean progressFlag, OutputFormat format, Function<Tooling, ToolResult> call) {
    Settings settings;
    try {
      settings = Settings.forLocalUse(env);
    } catch (SettingsException e) {
      err.println("porthunter: " + e.getMessage());
      return EXIT_USAGE;
    }
    ProgressBar bar = progressFlag || ProgressBar.stderrIsTerminal() ? new ProgressBar(err) : null;
    AnalysisControl control = new AnalysisControl(settings.maxPcapBytes(),
        bar == null ? (done, total) -> {} : new ProgressThrottle(bar), () -> false);
    Backends backends = backends(settings);
    if (backends == null) {
      return EXIT_USAGE;
    }
    ToolResult result;
    try (IpIntel intel = backends.intel()) {
      PortHunterTools tools = new PortHunterTools(backends.reports(), intel, settings.allowPrivate(),
          settings.maxPcapBytes(), clock);
      result = call.apply(new Tooling(tools, settings, control));
    } finally {
      if (bar != null) {
        bar.finish();
      }
    }
    String text = format == OutputFormat.TEXT ? TextReport.render(result.result())
        : ResultJson.pretty(result.result()) + System.lineSeparator();
    if (!printed(text)) {
      return EXIT_OUTPUT_FAILED;
    }
    if (result.ok()) {
      return EXIT_OK;
    }
    return ErrorCode.INVALID_ARGUMENT.code().equals(result.result().get("error")) ? EXIT_USAGE : EXIT_ERROR_RESULT;
  }

  /** Prints a result; false, with a line on stderr, when stdout did not take it. */
  boolean printed(String text) {
    out.print(text);
    out.flush();
    if (out.checkError()) {
      err.println("porthunter: the result could not be written to standard output");
      return false;
    }
    return true;
  }

  /** The analysis and enrichment from {@link #services}. */
  record Backends(ScanReports reports, IpIntel intel) {}

  /** Creates both services, or explains on stderr why not and answers null (a setup error, exit 2). */
  Backends backends(Settings settings) {
    IpIntel intel = null;
    try {
      intel = services.intel(env);
      return new Backends(services.reports(settings, intel), intel);
    } catch (SettingsException e) { // a variable's bad value: said as the other settings say it
      err.println("porthunter: " + e.getMessage());
      return null;
    } catch (RuntimeException e) {
      if (intel != null) {
        intel.close();
      }
      err.println("porthunter: cannot set up the analysis: " + e.getMessage());
      return null;
    }
  }

  /** What a command needs to make one call. */
  record Tooling(PortHunterTools tools, Settings settings, AnalysisControl control) {
    /** The user's own file: no allowed-directory check, but existence, type and size still apply. */
    PortHunterTools.CaptureSource capture(String file) {
      return () -> CaptureFiles.checkLocal(file, settings.maxPcapBytes());
    }
  }

  /** Shared by the commands that read a capture. */
  static class ProgressOption {
    @Option(names = "--progress", description = "Show a progress bar on stderr even when it is not a terminal.")
    boolean progress;
  }

  @Command(name = Serve.NAME, mixinStandardHelpOptions = true,
      description = "Run the MCP server over stdio (JSON-RPC on stdout, logs on stderr). "
          + "Configured by PORT_HUNTER_* environment variables.")
  static final class Serve implements Callable<Integer> {
    static final String NAME = "serve";

    /**
     * Where the users' home directories are kept whoever runs the server: root's home and a service
     * account's (often none) are elsewhere.
     */
    private static final List<Path> USERS_HOMES = List.of(realOrAsIs(Path.of("/home")), realOrAsIs(Path.of("/Users")));

    @ParentCommand PortHunterCli parent;

    @Override
    public Integer call() throws InterruptedException {
      OutputStream transportOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
      return serve(parent, System.in, transportOut);
    }

    /**
     * Why the allowed directory is wider than a host's user likely meant, or null: the variable unset
     * (a host may start the server in / or the user's home), or naming /, the home directory or the
     * directory holding the users' homes.
     */
    static String wideOpen(String configured, Path allowedDir, Path home) {
      if (configured == null || configured.isBlank()) {
        return Settings.ALLOWED_DIR + " is not set: the working directory " + allowedDir + " is served";
      }
      if (allowedDir.getParent() == null) {
        return "the allowed directory is the file system's root";
      }
      if (allowedDir.equals(home)) {
        return "the allowed directory is the home directory";
      }
      if ((home != null && allowedDir.equals(home.getParent())) || USERS_HOMES.contains(allowedDir)) {
        return "the allowed directory holds the users' home directories";
      }
      return null;
    }

    /** The path with its links resolved, as the allowed directory is compared; as given when it does not exist. */
    private static Path realOrAsIs(Path path) {
      try {
        return path.toRealPath();
      } catch (IOException noSuchDirectory) {
        return path;
      }
    }

    /** The user's home directory as a real path, or null when there is none to compare with. */
    private static Path home() {
      try {
        return Path.of(System.getProperty("user.home")).toRealPath();
      } catch (IOException | InvalidPathException noHome) {
        return null;
      }
    }

    static int serve(PortHunterCli cli, InputStream in, OutputStream transportOut) throws InterruptedException {
      Settings settings;
      try {
        settings = Settings.fromEnv(cli.env);
      } catch (SettingsException e) {
        cli.err.println("porthunter: " + e.getMessage());
        return EXIT_USAGE;
      }
      Backends backends = cli.backends(settings);
      if (backends == null) {
        return EXIT_USAGE;
      }
      // what a host's user should know of the session, on stderr: which captures any caller may read
      cli.err.println("porthunter: serving captures under " + settings.allowedDir() + " ("
          + Settings.ALLOWED_DIR + "), " + (settings.requireToken() ? "auth_token required"
          : "no auth_token required (" + Settings.REQUIRE_TOKEN + "=false"
              + (settings.token() != null ? "; " + Settings.TOKEN + " is set but not checked" : "") + ")")
          + ", up to " + settings.maxPcapBytes() + " bytes each (" + Settings.MAX_PCAP_MB + ")"
          + (settings.allowPrivate() ? ", private addresses enriched (" + Settings.ALLOW_PRIVATE + ")" : ""));
      String wide = wideOpen(cli.env.get(Settings.ALLOWED_DIR), settings.allowedDir(), home());
      if (wide != null) {
        cli.err.println("porthunter: warning: " + wide + ", so any caller may read every capture under it;"
            + " set " + Settings.ALLOWED_DIR + " to the directory of the captures");
      }
      CountDownLatch inputEnded = new CountDownLatch(1);
      try (IpIntel intel = backends.intel()) {
        McpSyncServer server = PortHunterServer.builder()
            .settings(settings)
            .reports(backends.reports())
            .intel(intel)
            .clock(cli.clock)
            .prerenderViews(true)
            .build()
            .start(in, transportOut, inputEnded::countDown);
        inputEnded.await();
        server.closeGracefully();
      }
      return EXIT_OK;
    }
  }

  /** A command that analyses one capture FILE; picocli inherits the annotated fields. */
  abstract static class CaptureCommand implements Callable<Integer> {
    @ParentCommand PortHunterCli parent;
    @CommandLine.Mixin ProgressOption progress;
    @Parameters(paramLabel = "FILE", description = "Capture file (.pcap, .pcapng, .cap, optionally .gz or .zst).")
    String file;
    @Option(names = "--format", paramLabel = "F", defaultValue = "json",
        description = "json: the tool's whole answer, as the MCP server gives it; text: a summary to read "
            + "(${COMPLETION-CANDIDATES}, default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    abstract Map<String, Object> compute(Tooling t, PortHunterTools.CaptureSource capture) throws Exception;

    @Override
    public Integer call() {
      return parent.runTool(progress.progress, format, t -> t.tools().run(() -> compute(t, t.capture(file))));
    }
  }

  @Command(name = Overview.NAME, mixinStandardHelpOptions = true, description = "scan_overview on a capture.")
  static final class Overview extends CaptureCommand {
    static final String NAME = "overview";

    @Option(names = "--window", paramLabel = "S", defaultValue = "" + PortHunterTools.DEFAULT_TIME_WINDOW_S,
        description = PortHunterTools.TIME_WINDOW_HELP + " (default: ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--top", paramLabel = "K", defaultValue = "" + PortHunterTools.DEFAULT_TOP_K,
        description = PortHunterTools.TOP_K_HELP + " (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    Map<String, Object> compute(Tooling t, PortHunterTools.CaptureSource capture) throws Exception {
      return t.tools().overview(capture, window, top, t.control());
    }
  }

  @Command(name = Suspects.NAME, mixinStandardHelpOptions = true, description = "list_suspects on a capture.")
  static final class Suspects extends CaptureCommand {
    static final String NAME = "suspects";

    @Option(names = "--min-ports", paramLabel = "N", defaultValue = "" + PortHunterTools.DEFAULT_MIN_PORTS,
        description = PortHunterTools.MIN_PORTS_HELP + " (default: ${DEFAULT-VALUE})")
    int minPorts;
    @Option(names = "--min-rate", paramLabel = "R", defaultValue = "" + PortHunterTools.DEFAULT_MIN_RATE_PPS,
        description = PortHunterTools.MIN_RATE_HELP + " (default: ${DEFAULT-VALUE})")
    double minRate;

    @Override
    Map<String, Object> compute(Tooling t, PortHunterTools.CaptureSource capture) throws Exception {
      return t.tools().suspects(capture, minPorts, minRate, t.control());
    }
  }

  @Command(name = FirstEvent.NAME, mixinStandardHelpOptions = true, description = "first_scan_event on a capture.")
  static final class FirstEvent extends CaptureCommand {
    static final String NAME = "first-event";

    @Override
    Map<String, Object> compute(Tooling t, PortHunterTools.CaptureSource capture) throws Exception {
      return t.tools().firstEvent(capture, t.control());
    }
  }

  @Command(name = "enrich", mixinStandardHelpOptions = true, description = "enrich_ip on one address.")
  static final class Enrich implements Callable<Integer> {
    @ParentCommand PortHunterCli parent;
    @Parameters(paramLabel = "IP", description = "An IPv4 or IPv6 address literal.")
    String ip;

    @Override
    public Integer call() {
      return parent.runTool(false, t -> t.tools().run(() -> t.tools().enrich(ip, t.control())));
    }
  }

  @Command(name = "correlate", mixinStandardHelpOptions = true,
      description = "correlate several addresses, optionally against a capture.")
  static final class Correlate implements Callable<Integer> {
    @ParentCommand PortHunterCli parent;
    @CommandLine.Mixin ProgressOption progress;
    @Parameters(paramLabel = "IP", arity = "1..*", description = "IPv4 or IPv6 address literals.")
    List<String> ips;
    @Option(names = "--path", paramLabel = "FILE", description = "Capture to find each address's role in.")
    String path;

    @Override
    public Integer call() {
      return parent.runTool(progress.progress, t -> t.tools().run(
          () -> t.tools().correlate(ips, path == null ? null : t.capture(path), t.control())));
    }
  }

  @Command(name = "evaluate", mixinStandardHelpOptions = true,
      description = "Score the detector against a folder of captures with a labels.json (ground truth): "
          + "per-technique precision/recall, pattern, first-event and tool accuracy. Exit 0 when every "
          + "label is reproduced, 1 otherwise.")
  static final class Evaluate implements Callable<Integer> {
    @ParentCommand PortHunterCli parent;
    @Parameters(paramLabel = "DIR", description = "Folder holding labels.json and the captures it names.")
    Path folder;
    @Option(names = "--json", description = "Print the scores as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      try {
        // always the real detector (scoring a stand-in would say nothing), with the user's settings
        Settings settings = Settings.forLocalUse(parent.env);
        Evaluation e = new CorpusEvaluator(new DefaultScanReports(DefaultServices.analyzer(settings), null),
            AnalysisControl.upTo(settings.maxPcapBytes())).evaluate(folder);
        if (!parent.printed(json ? ResultJson.pretty(e) + System.lineSeparator() : EvaluationTable.render(e))) {
          return EXIT_OUTPUT_FAILED;
        }
        return e.perfect() ? EXIT_OK : EXIT_ERROR_RESULT;
      } catch (IOException | RuntimeException e) {
        parent.err.println("porthunter: evaluate: " + e.getMessage());
        return EXIT_USAGE;
      }
    }
  }
}
