package dev.memorygraph.turso.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** New test directories, always under {@code java.io.tmpdir} (test utility). */
public final class TestDirs {
  private TestDirs() {}

  /**
   * A new empty directory under {@code java.io.tmpdir}. The base is named explicitly because the
   * one-argument {@code Files.createTempDirectory(prefix)} uses the JDK's cached copy of that
   * property, which may predate surefire setting it to the module's {@code target/}.
   */
  public static Path newTempDir(String prefix) {
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory under " + base, e);
    }
  }
}
