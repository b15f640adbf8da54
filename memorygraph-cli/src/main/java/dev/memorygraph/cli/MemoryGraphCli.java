package dev.memorygraph.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.cli.commands.ConfigCommand;
import dev.memorygraph.cli.commands.DeleteCommand;
import dev.memorygraph.cli.commands.DemoCommand;
import dev.memorygraph.cli.commands.ExportCommand;
import dev.memorygraph.cli.commands.GetCommand;
import dev.memorygraph.cli.commands.HealthCommand;
import dev.memorygraph.cli.commands.HistoryCommand;
import dev.memorygraph.cli.commands.ImportCommand;
import dev.memorygraph.cli.commands.InvalidateCommand;
import dev.memorygraph.cli.commands.LinkCommand;
import dev.memorygraph.cli.commands.MigrateCommand;
import dev.memorygraph.cli.commands.PathCommand;
import dev.memorygraph.cli.commands.RecentCommand;
import dev.memorygraph.cli.commands.RelatedCommand;
import dev.memorygraph.cli.commands.SearchCommand;
import dev.memorygraph.cli.commands.StatsCommand;
import dev.memorygraph.cli.commands.StoreCommand;
import dev.memorygraph.cli.commands.UpdateCommand;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.factory.BackendFactory;
import dev.memorygraph.factory.migration.MigrationException;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.Visibility;
import dev.memorygraph.spi.GraphBackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code memorygraph} command: global options and the list of subcommands.
 *
 * <p>Each subcommand is one class in {@code dev.memorygraph.cli.commands}; adding a command means
 * writing its class and listing it in {@code subcommands} below. The environment is passed in
 * (not read from {@link System#getenv()} here) so that tests run the real command in-process.
 */
@Command(name = "memorygraph",
    mixinStandardHelpOptions = true,
    versionProvider = MemoryGraphCli.Version.class,
    sortOptions = false,
    description = {
        "A persistent memory graph: typed memories linked by typed relationships, with search, traversal and relationship history.",
        "",
        "Uses SQLite at ~/.memorygraph/memory.db unless MEMORY_BACKEND / MEMORY_SQLITE_PATH (or --backend / --db) say otherwise. Run a command with --help for its options and examples."},
    subcommands = {
        DemoCommand.class,
        StoreCommand.class,
        GetCommand.class,
        UpdateCommand.class,
        DeleteCommand.class,
        SearchCommand.class,
        LinkCommand.class,
        RelatedCommand.class,
        PathCommand.class,
        HistoryCommand.class,
        InvalidateCommand.class,
        StatsCommand.class,
        RecentCommand.class,
        HealthCommand.class,
        ConfigCommand.class,
        ExportCommand.class,
        ImportCommand.class,
        MigrateCommand.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  memorygraph demo",
        "  memorygraph store -t solution --title \"Pin the JDK\" -c \"Use toolchains\"",
        "  memorygraph search \"jdk build\" --json",
        "  memorygraph --db ./team.db stats",
        "",
        "Exit codes: 0 ok, 1 not found, 2 usage or validation error, 3 backend error."})
public final class MemoryGraphCli implements Callable<Integer> {

  @Option(names = "--db", paramLabel = "PATH", scope = ScopeType.INHERIT,
      description = "SQLite database file (sets MEMORY_SQLITE_PATH and selects the sqlite backend).")
  private Path db;

  @Option(names = "--backend", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "Backend to use (sets MEMORY_BACKEND): sqlite, auto or an installed backend's name.")
  private String backend;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print machine-readable JSON instead of text (errors too, on stderr).")
  private boolean json;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log what the library does (to stderr) and show stack traces of errors.")
  private boolean verbose;

  @Spec
  private CommandSpec spec;

  private final Map<String, String> env;

  /** A command over the given environment variables. */
  public MemoryGraphCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Runs the command line with the process environment and streams; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return commandLine(env, out, err).execute(args);
  }

  /** A ready-to-execute command line writing to the given streams. */
  public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
    MemoryGraphCli root = new MemoryGraphCli(env);
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.registerConverter(MemoryType.class, converter(MemoryType::parse));
    cl.registerConverter(RelationshipType.class, converter(RelationshipType::parse));
    cl.registerConverter(Direction.class, converter(Direction::parse));
    cl.registerConverter(Visibility.class, converter(Visibility::parse));
    cl.registerConverter(Instant.class, converter(s -> JsonCodec.parseInstant("time", s)));
    cl.setUsageHelpAutoWidth(true);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> root.report(e, commandLine.getErr()));
    cl.setParameterExceptionHandler(root::reportUsage);
    return cl;
  }

  /** A converter whose failure message is the library's own, without the exception class. */
  private static <T> CommandLine.ITypeConverter<T> converter(java.util.function.Function<String, T> parse) {
    return text -> {
      try {
        return parse.apply(text);
      } catch (ValidationException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    };
  }

  /** Prints a command-line mistake briefly (not the whole usage) and returns exit code 2. */
  private int reportUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    String message = MemoryGraphException.redact(e.getMessage());
    boolean jsonWanted = json || java.util.Arrays.asList(args).contains("--json");
    if (jsonWanted) {
      ObjectNode n = JsonCodec.object();
      ObjectNode error = n.putObject("error");
      error.put("kind", "usage");
      error.put("message", message);
      n.put("exit_code", ExitCodes.USAGE);
      err.print(JsonCodec.pretty(n));
    } else {
      err.println("memorygraph: " + message);
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /** Whether {@code --json} was given. */
  public boolean json() {
    return json;
  }

  /** Whether {@code --verbose} was given. */
  public boolean verbose() {
    return verbose;
  }

  /** The environment this command runs in (never printed: it may hold secrets). */
  public Map<String, String> env() {
    return env;
  }

  /**
   * The effective configuration: the environment, then {@code --backend} and {@code --db}.
   *
   * @throws ValidationException when {@code --db} is combined with a non-SQLite backend
   */
  public MemoryGraphConfig config() {
    MemoryGraphConfig.Builder b = MemoryGraphConfig.builder().putAll(env);
    if (backend != null) {
      b.backend(backend);
    }
    if (db != null) {
      if (backend != null && !backend.strip().equalsIgnoreCase(BackendFactory.DEFAULT_BACKEND)) {
        throw new ValidationException("--db", "applies to the sqlite backend only (--backend is '" + backend + "')");
      }
      b.backend(BackendFactory.DEFAULT_BACKEND);
      b.set(ConfigKeys.MEMORY_SQLITE_PATH, db.toString());
    }
    return b.build().validate();
  }

  /** Whether {@code --db} or {@code --backend} was given (commands with their own selection refuse them). */
  public boolean selectsDatabase() {
    return db != null || backend != null;
  }

  /** Opens the configured graph: connected, schema initialised. The caller closes it. */
  public MemoryGraph openGraph() {
    return openGraph(config());
  }

  /**
   * Opens the graph a configuration selects: connected, schema initialised, the SQLite file's
   * directory created when missing. The caller closes it.
   */
  public MemoryGraph openGraph(MemoryGraphConfig c) {
    GraphBackendProvider p = BackendFactory.discover().select(c);
    if (BackendFactory.DEFAULT_BACKEND.equals(p.name())) {
      Path parent = c.sqlitePath().toAbsolutePath().getParent();
      try {
        if (parent != null) {
          Files.createDirectories(parent);
        }
      } catch (IOException e) {
        throw new BackendUnavailableException("cannot create the directory " + parent + " for the SQLite file: " + e, e);
      }
    }
    return MemoryGraph.open(p.create(c));
  }

  /** Prints a failure the way the user asked (text or JSON) and returns its exit code. */
  int report(Exception e, PrintWriter err) {
    Throwable t = e;
    int code = ExitCodes.of(t);
    String message = MemoryGraphException.redact(t.getMessage() != null ? t.getMessage() : t.toString());
    if (json) {
      ObjectNode n = JsonCodec.object();
      ObjectNode error = n.putObject("error");
      error.put("kind", ExitCodes.kind(t));
      error.put("message", message);
      if (t instanceof ValidationException) {
        error.put("field", ((ValidationException) t).field());
      }
      if (t instanceof MigrationException) {
        MigrationException m = (MigrationException) t;
        error.put("reason", m.reason().name().toLowerCase(Locale.ROOT));
        error.put("target_restored", m.targetRestored());
      }
      n.put("exit_code", code);
      err.print(JsonCodec.pretty(n));
    } else {
      err.println("memorygraph: " + (code == ExitCodes.BACKEND && !(t instanceof MemoryGraphException)
          ? "unexpected error: " + t.getClass().getSimpleName() + ": " : "") + message);
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** Reads the version stamped into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = MemoryGraphCli.class.getResourceAsStream("/dev/memorygraph/cli/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"memorygraph " + p.getProperty("version", "(unknown version)"),
          "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name").toLowerCase(Locale.ROOT)};
    }
  }
}
