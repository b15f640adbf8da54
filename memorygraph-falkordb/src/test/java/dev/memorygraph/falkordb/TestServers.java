package dev.memorygraph.falkordb;

import dev.memorygraph.falkordb.lite.FalkorDbServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Finds the real server binaries installed by scripts/install-falkordb.sh and starts servers. */
public final class TestServers {
  private TestServers() {}

  /** Whether a missing server must fail the test (CI) instead of skipping it. */
  public static boolean required() {
    String v = System.getProperty("MEMORYGRAPH_REQUIRE_SERVERS", System.getenv("MEMORYGRAPH_REQUIRE_SERVERS"));
    return "true".equalsIgnoreCase(v);
  }

  /** The tools folder, from -Dmemorygraph.tools or MEMORYGRAPH_TOOLS. */
  public static Path tools() {
    String t = System.getProperty("memorygraph.tools");
    if (t == null || t.isBlank()) {
      t = System.getenv("MEMORYGRAPH_TOOLS");
    }
    return t == null || t.isBlank() ? null : Path.of(t);
  }

  /** {@code <tools>/valkey/valkey-server}; skips (or fails when required) when absent. */
  public static Path valkey() {
    return need("valkey/valkey-server", true);
  }

  /** {@code <tools>/falkordb/falkordb.so}; skips (or fails when required) when absent. */
  public static Path module() {
    return need("falkordb/falkordb.so", false);
  }

  private static Path need(String rel, boolean executable) {
    Path tools = tools();
    Path p = tools == null ? null : tools.resolve(rel);
    boolean ok = p != null && (executable ? Files.isExecutable(p) : Files.isRegularFile(p));
    if (!ok) {
      String why = "FalkorDB test server not installed: " + (p == null
          ? "neither -Dmemorygraph.tools nor MEMORYGRAPH_TOOLS is set" : p + " is missing")
          + " (run scripts/install-falkordb.sh)";
      if (required()) {
        Assertions.fail(why + " and MEMORYGRAPH_REQUIRE_SERVERS=true");
      }
      Assumptions.abort(why);
    }
    return p;
  }

  /** A fresh directory under target/ (surefire points java.io.tmpdir there). */
  public static Path newDir(String prefix) {
    try {
      // Explicitly under java.io.tmpdir as surefire sets it (the module's target/), read now:
      // Files.createTempDirectory(prefix) had used /tmp.
      Path base = Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a server with the module on a free loopback port. */
  public static FalkorDbServer start(Path dataDir, boolean appendOnly, String fsync) {
    FalkorDbServer s = FalkorDbServer.builder().server(valkey()).module(module()).dataDir(dataDir)
        .appendOnly(appendOnly).appendFsync(fsync).build();
    s.start();
    return s;
  }
}
