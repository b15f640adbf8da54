package dev.memorygraph.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the external server binaries live: -Dmemorygraph.tools, MEMORYGRAPH_TOOLS or ./.tools. */
final class ServerTools {
  private ServerTools() {}

  /** The tools folder (it may not exist). */
  static Path dir() {
    String t = System.getProperty("memorygraph.tools");
    if (t == null || t.isBlank()) {
      t = System.getenv("MEMORYGRAPH_TOOLS");
    }
    return Path.of(t == null || t.isBlank() ? ".tools" : t);
  }

  /** A file under the tools folder, when it exists. */
  static Optional<Path> file(String relative) {
    Path p = dir().resolve(relative);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }
}
