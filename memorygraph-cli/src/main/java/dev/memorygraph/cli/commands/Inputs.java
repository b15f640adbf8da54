package dev.memorygraph.cli.commands;

import dev.memorygraph.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for reading user input given on the command line. */
final class Inputs {
  private Inputs() {}

  /**
   * The text of {@code --content} or, read from its file, {@code --content-file}; null when
   * neither is given.
   *
   * @throws ValidationException naming {@code content} when both are given
   */
  static String content(String content, String contentFile, InputStream stdin) {
    if (content != null && contentFile != null) {
      throw new ValidationException("content", "give either --content or --content-file, not both");
    }
    return contentFile != null ? readText("--content-file", contentFile, stdin) : content;
  }

  /** Reads text from a file, or standard input for {@code -}; errors name the option. */
  static String readText(String option, String file, InputStream stdin) {
    try {
      if (file.equals("-")) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ValidationException(option, "file not found: " + file);
    } catch (IOException e) {
      throw new ValidationException(option, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Tags given as repeated options and/or comma-separated lists. */
  static List<String> tags(List<String> given) {
    List<String> out = new ArrayList<>();
    for (String g : given) {
      for (String t : g.split(",")) {
        if (!t.isBlank()) {
          out.add(t);
        }
      }
    }
    return out;
  }
}
