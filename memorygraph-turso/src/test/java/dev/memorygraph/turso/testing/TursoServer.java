package dev.memorygraph.turso.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code tursodb --sync-server} child process on a new empty database file, for tests.
 *
 * <p>The binary is {@code <tools>/tursodb/tursodb}, where tools is the system property
 * {@code memorygraph.tools} or the environment variable {@code MEMORYGRAPH_TOOLS} (installed by
 * {@code scripts/install-tursodb.sh}). When it is missing the calling test is skipped with the
 * reason, or fails when {@code MEMORYGRAPH_REQUIRE_SERVERS=true}.
 */
public final class TursoServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path file;

  private TursoServer(Process process, int port, Path file) {
    this.process = process;
    this.port = port;
    this.file = file;
  }

  /** The tursodb binary, or a skipped/failed test when it is absent. */
  public static Path binary() {
    String tools = System.getProperty("memorygraph.tools");
    if (tools == null || tools.isBlank()) {
      tools = System.getenv("MEMORYGRAPH_TOOLS");
    }
    Path bin = tools == null || tools.isBlank() ? null : Path.of(tools, "tursodb", "tursodb");
    if (bin == null || !Files.isExecutable(bin)) {
      String why = "tursodb not found (" + (bin == null ? "neither memorygraph.tools nor MEMORYGRAPH_TOOLS is set" : bin + " missing")
          + "); run scripts/install-tursodb.sh";
      if (requireServers()) {
        Assertions.fail(why + " [MEMORYGRAPH_REQUIRE_SERVERS=true]");
      }
      Assumptions.abort(why);
    }
    return bin;
  }

  private static boolean requireServers() {
    String v = System.getProperty("MEMORYGRAPH_REQUIRE_SERVERS");
    if (v == null) {
      v = System.getenv("MEMORYGRAPH_REQUIRE_SERVERS");
    }
    return "true".equalsIgnoreCase(v);
  }

  /** Starts a server on a new empty file under {@code dir} and waits until its port answers. */
  public static TursoServer start(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir, e);
    }
    return startOn(dir.resolve("primary-" + UUID.randomUUID() + ".db"), -1);
  }

  /** Starts the server again on the same file and port (after {@link #close()}). */
  public TursoServer restart() {
    return startOn(file, port);
  }

  private static TursoServer startOn(Path file, int fixedPort) {
    Path bin = binary();
    Path dir = file.toAbsolutePath().getParent();
    try {
      IOException last = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        int port = fixedPort > 0 ? fixedPort : freePort();
        Path log = dir.resolve(file.getFileName() + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(List.of(bin.toString(), file.toString(), "--sync-server", "127.0.0.1:" + port))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return new TursoServer(p, port, file);
          } catch (IOException e) {
            last = e;
            Thread.sleep(20);
          }
        }
        p.destroyForcibly();
        p.waitFor();
      }
      throw new IllegalStateException("tursodb did not start", last);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start tursodb", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A port nothing listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
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

  /** The server's database file. */
  public Path file() {
    return file;
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the server and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
