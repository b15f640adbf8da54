package dev.memorygraph.falkordb.lite;

import dev.memorygraph.BackendUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * One FalkorDB server process: a {@code valkey-server} (or {@code redis-server} 7.2+) with the
 * FalkorDB module loaded, listening on a loopback port, data in a directory.
 *
 * <p>The settings go into a configuration file in the data directory, readable by the owner only,
 * so that the password never shows in the process list. Not thread-safe: its owner serialises
 * calls.
 */
public final class FalkorDbServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FalkorDbServer.class);
  private static final String HOST = "127.0.0.1";

  private final Path server;
  private final Path module;
  private final Path dataDir;
  private final boolean appendOnly;
  private final String appendFsync;
  private final String password;
  private final Duration startTimeout;
  private int port;
  private Process process;

  private FalkorDbServer(Builder b) {
    this.server = b.server;
    this.module = b.module;
    this.dataDir = b.dataDir;
    this.appendOnly = b.appendOnly;
    this.appendFsync = b.appendFsync;
    this.password = b.password;
    this.startTimeout = b.startTimeout;
    this.port = b.port;
  }

  /** A builder; server, module and data directory are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The loopback address the server listens on. */
  public String host() {
    return HOST;
  }

  /** The port, 0 before the first start. */
  public int port() {
    return port;
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** The process id, or -1 when not running. */
  public long pid() {
    Process p = process;
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  /** Whether the process is running. */
  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The running process, or null. */
  public Process process() {
    return process;
  }

  /**
   * Starts the server and waits until it answers PING (after loading its append-only file).
   * Keeps the previous port when there was one and it is still free; otherwise picks a free one.
   *
   * @throws BackendUnavailableException with the server's last log lines when it does not come up
   */
  public void start() {
    if (isAlive()) {
      return;
    }
    BackendUnavailableException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      if (port == 0 || attempt > 0) {
        port = freePort();
      }
      try {
        launch();
        return;
      } catch (BackendUnavailableException e) {
        last = e;
        destroy();
        if (!logTail().contains("Address already in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  private void launch() {
    try {
      if (!Files.isDirectory(dataDir)) {
        Files.createDirectories(dataDir);
        try {
          // The append-only file holds every memory: only the owner may read it.
          Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system
        }
      }
      Path conf = dataDir.resolve("falkordb-server.conf");
      Files.deleteIfExists(conf);
      Files.createFile(conf);
      try {
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the file keeps the directory's default permissions
      }
      StringBuilder c = new StringBuilder();
      c.append("port ").append(port).append('\n')
          .append("bind ").append(HOST).append('\n')
          .append("protected-mode yes\n")
          .append("daemonize no\n")
          .append("dir ").append(quote(dataDir.toAbsolutePath().toString())).append('\n')
          .append("save \"\"\n")
          .append("appendonly ").append(appendOnly ? "yes" : "no").append('\n')
          .append("appendfsync ").append(appendFsync).append('\n')
          .append("loadmodule ").append(quote(module.toAbsolutePath().toString())).append('\n');
      if (password != null) {
        c.append("requirepass ").append(quote(password)).append('\n');
      }
      Files.writeString(conf, c.toString(), StandardCharsets.UTF_8);
      Path log = dataDir.resolve("falkordb-server.log");
      ProcessBuilder pb = new ProcessBuilder(List.of(server.toString(), conf.toAbsolutePath().toString()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot start the FalkorDB server " + server + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new BackendUnavailableException("the FalkorDB server exited with code " + process.exitValue()
            + "; last log lines:\n" + logTail());
      }
      if (answersPing()) {
        LOG.debug("FalkorDB server pid {} on {}:{} with data in {}", process.pid(), HOST, port, dataDir);
        return;
      }
      sleep(50);
    }
    throw new BackendUnavailableException("the FalkorDB server did not answer within " + startTimeout
        + "; last log lines:\n" + logTail());
  }

  /** Whether the server answers PING now. */
  public boolean answersPing() {
    DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(2000);
    if (password != null) {
      cfg.password(password);
    }
    try (Jedis j = new Jedis(new HostAndPort(HOST, port), cfg.build())) {
      return "PONG".equals(j.ping());
    } catch (RuntimeException e) {
      return false; // not listening yet, or still loading its data (LOADING)
    }
  }

  /**
   * Stops the server: SHUTDOWN (which flushes the append-only file), then a kill if it has not
   * exited within the timeout.
   */
  public void stop(Duration timeout) {
    Process p = process;
    if (p == null) {
      return;
    }
    if (p.isAlive()) {
      DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder().connectionTimeoutMillis(1000).socketTimeoutMillis(5000);
      if (password != null) {
        cfg.password(password);
      }
      try (Jedis j = new Jedis(new HostAndPort(HOST, port), cfg.build())) {
        j.shutdown();
      } catch (RuntimeException expected) {
        // SHUTDOWN closes the connection without a reply
      }
      try {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("FalkorDB server pid {} ignored SHUTDOWN; killing it", p.pid());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    destroy();
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  public void kill() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void destroy() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Same as {@code stop(10 s)}. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  /** The last lines of the server's log. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("falkordb-server.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log)";
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A free loopback TCP port. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new BackendUnavailableException("no free loopback port: " + e.getMessage(), e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while starting the FalkorDB server");
    }
  }

  @Override
  public String toString() {
    return "FalkorDbServer[" + HOST + ":" + port + ", data=" + dataDir + "]";
  }

  /** Builds a {@link FalkorDbServer}. */
  public static final class Builder {
    private Path server;
    private Path module;
    private Path dataDir;
    private boolean appendOnly = true;
    private String appendFsync = "always";
    private String password;
    private int port;
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** The server binary (valkey-server, or redis-server 7.2+). */
    public Builder server(Path v) { this.server = v; return this; }
    /** The FalkorDB module (falkordb.so). */
    public Builder module(Path v) { this.module = v; return this; }
    /** Where the server keeps its data, configuration and log. */
    public Builder dataDir(Path v) { this.dataDir = v; return this; }
    /** Whether to keep an append-only file (default true). */
    public Builder appendOnly(boolean v) { this.appendOnly = v; return this; }
    /** The append-only fsync policy: always (default), everysec or no. */
    public Builder appendFsync(String v) {
      if (!List.of("always", "everysec", "no").contains(v)) {
        throw new IllegalArgumentException("appendfsync must be always, everysec or no");
      }
      this.appendFsync = v;
      return this;
    }
    /** A password the server requires (never logged), or null. */
    public Builder password(String v) { this.password = v; return this; }
    /** A fixed port, or 0 (default) to pick a free one. */
    public Builder port(int v) { this.port = v; return this; }
    /** How long to wait for the server to answer (default 60 s). */
    public Builder startTimeout(Duration v) { this.startTimeout = Objects.requireNonNull(v); return this; }

    /** Builds the (not yet started) server. */
    public FalkorDbServer build() {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(dataDir, "dataDir");
      return new FalkorDbServer(this);
    }
  }
}
