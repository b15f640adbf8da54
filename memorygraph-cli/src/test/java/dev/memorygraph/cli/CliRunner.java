package dev.memorygraph.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.factory.BackendFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Runs the real command in-process against a real SQLite file, capturing what it prints. */
final class CliRunner {
  final Path dir;
  final Path db;
  final Map<String, String> env = new HashMap<>();

  CliRunner(String name) {
    try {
      dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "cli-tests",
          name + "-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    db = dir.resolve("memory.db");
    // HOME-independent: the default ~/.memorygraph is never touched by tests.
    env.put(ConfigKeys.MEMORY_SQLITE_PATH, db.toString());
  }

  /** The outcome of one command. */
  record Result(int code, String out, String err) {
    JsonNode json() {
      try {
        return JsonCodec.MAPPER.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    JsonNode errJson() {
      try {
        return JsonCodec.MAPPER.readTree(err);
      } catch (IOException e) {
        throw new AssertionError("stderr is not JSON: " + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MemoryGraphCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** Opens the same database through the library, for setting up and checking state. */
  MemoryGraph graph() {
    return BackendFactory.open(MemoryGraphConfig.of(env));
  }

  static MemoryGraph graphAt(Path db) {
    return BackendFactory.open(MemoryGraphConfig.builder()
        .set(ConfigKeys.MEMORY_SQLITE_PATH, db.toString()).build());
  }
}
