package dev.memorygraph.turso.replica;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts a REAL {@code tursodb --sync-server} on a new empty file and a free loopback port (test
 * utility; not a fake). Skips the calling test visibly when the binary is absent, unless
 * {@code MEMORYGRAPH_REQUIRE_SERVERS=true}, in which case it fails.
 */
public final class ReplicaTursoServer implements AutoCloseable {
  private Process process;
  private final int port;
  private final Path dbFile;

  private ReplicaTursoServer(Process process, int port, Path dbFile) {
    this.process = process;
    this.port = port;
    this.dbFile = dbFile;
  }

  /** The tursodb binary, or a visible skip / failure when it is missing. */
  public static Path binary() {
    String tools = System.getProperty("memorygraph.tools");
    if (tools == null || tools.isBlank()) {
      tools = System.getenv("MEMORYGRAPH_TOOLS");
    }
    Path bin = tools == null ? null : Path.of(tools, "tursodb", "tursodb");
    if (bin == null || !Files.isExecutable(bin)) {
      String why = "tursodb not found (looked in " + (bin == null ? "<memorygraph.tools/MEMORYGRAPH_TOOLS unset>" : bin)
          + "); run scripts/install-tursodb.sh";
      String req = System.getProperty("MEMORYGRAPH_REQUIRE_SERVERS", System.getenv("MEMORYGRAPH_REQUIRE_SERVERS"));
      if ("true".equalsIgnoreCase(req)) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    return bin;
  }

  /** Starts a server on a new empty database file under {@code dir}. */
  public static ReplicaTursoServer start(Path dir) throws IOException, InterruptedException {
    Path bin = binary();
    Files.createDirectories(dir);
    Path db = Files.createTempDirectory(dir, "primary").resolve("primary.db");
    int port = freePort();
    return new ReplicaTursoServer(launch(bin, db, port), port, db);
  }

  private static Process launch(Path bin, Path db, int port) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(bin.toString(), db.toString(), "--sync-server", "127.0.0.1:" + port);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(db.resolveSibling("server.log").toFile()));
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("tursodb exited with " + p.exitValue() + "; see " + db.resolveSibling("server.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return p;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly();
    throw new IOException("tursodb did not listen on port " + port + " within 30 s");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The HTTP base URL. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** The primary's database file (never open it while the server runs). */
  public Path dbFile() {
    return dbFile;
  }

  /** Kills the server with SIGKILL. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the server again on the same file and port (after {@link #kill()}). */
  public void restart() throws IOException, InterruptedException {
    kill();
    process = launch(binary(), dbFile, port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }
}
