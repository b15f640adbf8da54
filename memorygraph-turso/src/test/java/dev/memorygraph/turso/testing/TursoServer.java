package dev.memorygraph.turso.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A REAL {@code tursodb --sync-server} child process on a new empty database file and a free
 * loopback port, for tests (not a fake).
 *
 * <p>The binary is {@code <tools>/tursodb/tursodb}, where tools is the system property
 * {@code memorygraph.tools} or the environment variable {@code MEMORYGRAPH_TOOLS} (installed by
 * {@code scripts/install-tursodb.sh}). When it is missing the calling test is skipped with the
 * reason, or fails when {@code MEMORYGRAPH_REQUIRE_SERVERS=true} (system property or environment).
 */
public final class TursoServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 5;
  private static final String REQUIRED = " [MEMORYGRAPH_REQUIRE_SERVERS=true]";

  private volatile Process process;
  private final int port;
  private final Path dbFile;

  private TursoServer(Process process, int port, Path dbFile) {
    this.process = process;
    this.port = port;
    this.dbFile = dbFile;
  }

  /** The tursodb binary, or a skipped/failed test when it is absent. */
  public static Path binary() {
    Optional<String> missing = missing();
    if (missing.isPresent()) {
      if (requireServers()) {
        Assertions.fail(missing.get() + REQUIRED);
      }
      Assumptions.abort(missing.get());
    }
    return configuredBinary();
  }

  private static Path configuredBinary() {
    String tools = System.getProperty("memorygraph.tools");
    if (tools == null || tools.isBlank()) {
      tools = System.getenv("MEMORYGRAPH_TOOLS");
    }
    return tools == null || tools.isBlank() ? null : Path.of(tools, "tursodb", "tursodb");
  }

  /** Why the binary cannot be used, if it cannot. */
  private static Optional<String> missing() {
    Path bin = configuredBinary();
    if (bin != null && Files.isExecutable(bin)) {
      return Optional.empty();
    }
    return Optional.of("tursodb not found (" + (bin == null ? "neither memorygraph.tools nor MEMORYGRAPH_TOOLS is set" : bin + " missing")
        + "); run scripts/install-tursodb.sh");
  }

  private static boolean requireServers() {
    String v = System.getProperty("MEMORYGRAPH_REQUIRE_SERVERS");
    if (v == null) {
      v = System.getenv("MEMORYGRAPH_REQUIRE_SERVERS");
    }
    return "true".equalsIgnoreCase(v);
  }

  /**
   * Starts a server on {@code primary.db} in a new directory under {@code dir} and waits until its
   * port answers; its output goes to {@code server.log} beside the database file.
   */
  public static TursoServer start(Path dir) {
    Path bin = binary();
    Path db;
    try {
      Files.createDirectories(dir);
      db = Files.createTempDirectory(dir, "primary").resolve("primary.db");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a server directory under " + dir, e);
    }
    IllegalStateException last = null;
    // Another process may take the free port before tursodb binds it: try a few ports.
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePort();
      try {
        return new TursoServer(launch(bin, db, port), port, db);
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  private static Process launch(Path bin, Path db, int port) {
    Path log = db.resolveSibling("server.log");
    try {
      Process p = new ProcessBuilder(List.of(bin.toString(), db.toString(), "--sync-server", "127.0.0.1:" + port))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) {
          throw new IllegalStateException("tursodb exited with " + p.exitValue() + " on port " + port + "; see " + log);
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return p;
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      p.destroyForcibly();
      p.waitFor();
      throw new IllegalStateException("tursodb did not listen on port " + port + " within " + STARTUP.toSeconds() + " s; see " + log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start tursodb", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting tursodb", e);
    }
  }

  /** A loopback port nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** The server's database file (never open it while the server runs). */
  public Path dbFile() {
    return dbFile;
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the server with SIGKILL (a crash, not a shutdown) and waits for it. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  /**
   * Starts the server again on the same file and port, killing it first if it still runs (after
   * {@link #close()} or {@link #kill()}).
   *
   * @return this server
   */
  public TursoServer restart() {
    kill();
    process = launch(binary(), dbFile, port);
    return this;
  }

  /** Stops the server (SIGTERM, then SIGKILL when it has not exited after 10 s) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    if (!awaitExit()) {
      kill();
    }
  }

  /** Whether the process exited within 10 s; an interrupt counts as not exited and is kept. */
  private boolean awaitExit() {
    try {
      return process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Skips a whole test class with the reason when tursodb is missing, or fails it when
   * {@code MEMORYGRAPH_REQUIRE_SERVERS=true}. For classes that start a server in
   * {@code @BeforeAll}: an abort there is reported by surefire as zero tests run, without the
   * reason, while a class disabled by a condition is reported as skipped with it.
   */
  public static final class Required implements ExecutionCondition {
    /** Used by JUnit through {@code @ExtendWith}. */
    public Required() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<String> missing = missing();
      if (missing.isEmpty()) {
        return ConditionEvaluationResult.enabled("tursodb found");
      }
      if (requireServers()) {
        throw new IllegalStateException(missing.get() + REQUIRED);
      }
      return ConditionEvaluationResult.disabled(missing.get());
    }
  }
}
