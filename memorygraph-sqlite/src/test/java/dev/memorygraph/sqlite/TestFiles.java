package dev.memorygraph.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary database files under the module's target directory. */
final class TestFiles {
  private TestFiles() {}

  /** A new, empty directory under java.io.tmpdir (surefire points it at target/). */
  static Path newDir(String prefix) {
    try {
      Path base = Path.of(System.getProperty("java.io.tmpdir"), "sqlite-tests");
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path for a new database file in a new directory. */
  static Path newDb(String prefix) {
    return newDir(prefix).resolve("memory.db");
  }

  /** Deletes a directory tree, best effort. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
