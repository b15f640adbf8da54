package dev.memorygraph.falkordb.lite;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.falkordb.FalkorDbBackend;
import dev.memorygraph.model.Capabilities;
import dev.memorygraph.model.Capability;
import dev.memorygraph.model.HealthStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FalkorDBLite: the FalkorDB backend over a private server that the library starts, owns and
 * stops, with its data in one directory ({@code MEMORY_FALKORDBLITE_PATH}).
 *
 * <p>The server listens on a loopback port picked at start, requires a random password that only
 * this backend knows, and keeps an append-only file ({@code appendfsync always}) so that every
 * acknowledged write survives a crash of the server. A file lock keeps a second backend (in this
 * or another process) from starting a second server on the same directory. When the server dies,
 * the backend notices (the process exit, or a failed connection) and starts it again on the same
 * data; {@link #disconnect()} stops it with SHUTDOWN, killing it only if it does not exit.
 */
public final class FalkorDbLiteBackend extends FalkorDbBackend {
  private static final Logger LOG = LoggerFactory.getLogger(FalkorDbLiteBackend.class);
  private static final String LOCK_FILE = "falkordblite.lock";

  private final Path dataDir;
  private final Path serverBinary;
  private final Path module;
  private final String secret;
  private final Object lock = new Object();
  private FalkorDbServer server;
  private FileChannel lockChannel;
  private FileLock fileLock;
  private boolean stopping;
  private int restarts;
  private Thread shutdownHook;

  private FalkorDbLiteBackend(Builder b, String secret) {
    super(b.base.host("127.0.0.1").password(secret));
    this.dataDir = b.path;
    this.serverBinary = b.server;
    this.module = b.module;
    this.secret = secret;
  }

  /** A builder; the data directory is required, server and module default to the tools folder. */
  public static Builder liteBuilder() {
    return new Builder();
  }

  /**
   * A backend from {@code MEMORY_FALKORDBLITE_PATH}, {@code MEMORY_FALKORDBLITE_SERVER},
   * {@code MEMORY_FALKORDBLITE_MODULE}, {@code MEMORY_FALKORDB_GRAPH} and
   * {@code MEMORY_ALLOW_CYCLES}.
   *
   * @throws ValidationException naming the setting that is missing or points at nothing
   */
  public static FalkorDbLiteBackend fromConfig(MemoryGraphConfig config) {
    Builder b = liteBuilder();
    b.path(config.getPath(ConfigKeys.MEMORY_FALKORDBLITE_PATH, null));
    config.get(ConfigKeys.MEMORY_FALKORDBLITE_SERVER).ifPresent(s -> b.server(Path.of(s)));
    config.get(ConfigKeys.MEMORY_FALKORDBLITE_MODULE).ifPresent(s -> b.module(Path.of(s)));
    config.get(ConfigKeys.MEMORY_FALKORDB_GRAPH).ifPresent(b::graph);
    b.allowCycles(config.allowCycles());
    return b.build();
  }

  @Override
  public String backendName() {
    return "falkordblite";
  }

  @Override
  public Capabilities capabilities() {
    return super.capabilities().without(Capability.MULTI_PROCESS,
        "the private server belongs to one backend: a file lock keeps other processes off its directory");
  }

  /** The data directory. */
  public Path path() {
    return dataDir;
  }

  /** The running server's process id, or -1. */
  public long serverPid() {
    synchronized (lock) {
      return server == null ? -1 : server.pid();
    }
  }

  /** How many times the server was restarted after dying. */
  public int restarts() {
    synchronized (lock) {
      return restarts;
    }
  }

  @Override
  protected void doConnect() {
    synchronized (lock) {
      if (stopping) {
        throw new BackendUnavailableException("falkordblite is closed");
      }
      if (server == null) {
        lockDirectory();
        server = FalkorDbServer.builder().server(serverBinary).module(module).dataDir(dataDir)
            .appendOnly(true).appendFsync("always").password(secret).build();
        try {
          server.start();
        } catch (RuntimeException e) {
          server = null;
          unlockDirectory();
          throw e;
        }
        watch(server);
        reconnect(server.host(), server.port());
        // A JVM that exits without disconnect() must not leave the server running.
        FalkorDbServer owned = server;
        shutdownHook = new Thread(() -> owned.stop(Duration.ofSeconds(5)), "falkordblite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
    }
    super.doConnect();
  }

  /** Restarts the server when its process exits while the backend is open. */
  private void watch(FalkorDbServer s) {
    Process p = s.process();
    p.onExit().thenRunAsync(() -> {
      synchronized (lock) {
        if (stopping || server != s) {
          return;
        }
      }
      LOG.warn("falkordblite server pid {} exited unexpectedly; restarting it on {}", p.pid(), dataDir);
      try {
        restartIfDead();
      } catch (RuntimeException e) {
        LOG.error("falkordblite could not restart its server on {}: {}", dataDir, e.getMessage());
      }
    });
  }

  private boolean restartIfDead() {
    synchronized (lock) {
      if (stopping || server == null) {
        return false;
      }
      if (server.isAlive()) {
        return true; // already restarted by the other path; let the caller retry
      }
      server.start();
      restarts++;
      watch(server);
      reconnect(server.host(), server.port());
      return true;
    }
  }

  @Override
  protected boolean recoverHungServer() {
    synchronized (lock) {
      if (stopping || server == null) {
        return false;
      }
      LOG.warn("falkordblite server pid {} stopped answering; killing and restarting it on {}", server.pid(), dataDir);
      server.kill();
    }
    return restartIfDead();
  }

  @Override
  protected boolean recoverConnection(RuntimeException failure) {
    Process p;
    // Taking the lock waits for a restart the exit watcher may be doing right now.
    synchronized (lock) {
      if (stopping || server == null) {
        return false;
      }
      if (server.isAlive() && server.answersPing()) {
        return true; // back already (restarted meanwhile): the retry will reach it
      }
      p = server.process();
    }
    if (p != null && p.isAlive()) {
      // A killed process may not be reaped yet: give it a moment to be seen as dead.
      try {
        p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (p.isAlive()) {
        // Alive but not answering even a ping: hung (FalkorDB 4.16.3 was seen to deadlock).
        // The server is ours and its data is fsynced on every write, so replace it.
        return recoverHungServer();
      }
    }
    return restartIfDead();
  }

  @Override
  protected HealthStatus doHealthCheck() {
    HealthStatus h = super.doHealthCheck();
    Map<String, String> d = new HashMap<>(h.details());
    d.put("path", dataDir.toString());
    d.put("mode", "private server");
    d.put("server_pid", String.valueOf(serverPid()));
    d.put("server_restarts", String.valueOf(restarts()));
    return new HealthStatus(h.healthy(), backendName(), h.serverVersion(), h.memoryCount(),
        h.relationshipCount(), h.latency(), h.checkedAt(), d, h.error());
  }

  @Override
  protected void doDisconnect() {
    synchronized (lock) {
      stopping = true;
    }
    try {
      super.doDisconnect();
    } finally {
      synchronized (lock) {
        if (server != null) {
          server.stop(Duration.ofSeconds(10));
          server = null;
        }
        if (shutdownHook != null) {
          try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
          } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to: it stops an already stopped server, harmlessly
          }
          shutdownHook = null;
        }
        unlockDirectory();
      }
    }
  }

  private void lockDirectory() {
    try {
      if (!Files.isDirectory(dataDir)) {
        Files.createDirectories(dataDir);
        try {
          // The append-only file holds every memory: only the owner may read it.
          Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system
        }
      }
      lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        fileLock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        fileLock = null;
      }
      if (fileLock == null) {
        lockChannel.close();
        lockChannel = null;
        throw new BackendUnavailableException("another falkordblite backend already uses "
            + ConfigKeys.MEMORY_FALKORDBLITE_PATH + "=" + dataDir + "; close it first");
      }
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot use " + ConfigKeys.MEMORY_FALKORDBLITE_PATH + "="
          + dataDir + ": " + e.getMessage(), e);
    }
  }

  private void unlockDirectory() {
    try {
      if (fileLock != null) {
        fileLock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      LOG.debug("releasing the falkordblite lock failed", e);
    } finally {
      fileLock = null;
      lockChannel = null;
    }
  }

  @Override
  public String toString() {
    return "FalkorDbLiteBackend[" + dataDir + ", graph=" + graphName() + "]";
  }

  /** The tools folder: system property {@code memorygraph.tools}, else env {@code MEMORYGRAPH_TOOLS}. */
  static Path toolsDir() {
    String t = System.getProperty("memorygraph.tools");
    if (t == null || t.isBlank()) {
      t = System.getenv("MEMORYGRAPH_TOOLS");
    }
    return t == null || t.isBlank() ? null : Path.of(t);
  }

  /** Builds a {@link FalkorDbLiteBackend}. */
  public static final class Builder {
    private final FalkorDbBackend.Builder base = FalkorDbBackend.builder();
    private Path path;
    private Path server;
    private Path module;

    private Builder() {}

    /** The data directory (required). */
    public Builder path(Path v) { this.path = v; return this; }
    /** The server binary (default: {@code <tools>/valkey/valkey-server}). */
    public Builder server(Path v) { this.server = v; return this; }
    /** The FalkorDB module (default: {@code <tools>/falkordb/falkordb.so}). */
    public Builder module(Path v) { this.module = v; return this; }
    /** The graph name (default {@code memorygraph}). */
    public Builder graph(String v) { base.graph(v); return this; }
    /** Whether same-type cycles are allowed (default true). */
    public Builder allowCycles(boolean v) { base.allowCycles(v); return this; }
    /** Sets how long a query may run before the server is considered hung (default 30 s). */
    public Builder timeout(java.time.Duration v) { base.timeout(v); return this; }

    /**
     * Checks the paths and builds the unconnected backend.
     *
     * @throws ValidationException naming the setting that is missing or points at nothing
     */
    public FalkorDbLiteBackend build() {
      if (path == null) {
        throw new ValidationException(ConfigKeys.MEMORY_FALKORDBLITE_PATH, "must be set to the directory for the data");
      }
      Path tools = toolsDir();
      Path s = server != null ? server : tools == null ? null : tools.resolve("valkey").resolve("valkey-server");
      if (s == null || !Files.isExecutable(s)) {
        throw new ValidationException(ConfigKeys.MEMORY_FALKORDBLITE_SERVER, (s == null ? "is not set" : "points at no executable: " + s)
            + "; set it to a valkey-server 8 or redis-server 7.2+ binary (scripts/install-falkordb.sh installs one)");
      }
      Path m = module != null ? module : tools == null ? null : tools.resolve("falkordb").resolve("falkordb.so");
      if (m == null || !Files.isRegularFile(m)) {
        throw new ValidationException(ConfigKeys.MEMORY_FALKORDBLITE_MODULE, (m == null ? "is not set" : "points at no file: " + m)
            + "; set it to the FalkorDB module falkordb.so (scripts/install-falkordb.sh installs one)");
      }
      this.server = s;
      this.module = m;
      byte[] raw = new byte[24];
      new SecureRandom().nextBytes(raw);
      return new FalkorDbLiteBackend(this, HexFormat.of().formatHex(raw));
    }
  }
}
