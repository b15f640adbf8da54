package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.ValidationException;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.Progress;
import dev.memorygraph.cli.Transfer;
import dev.memorygraph.model.GraphStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memorygraph export}: the whole graph as JSON, or as Markdown files. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Export every memory and relationship as JSON or Markdown.",
        "",
        "json (default): one document with every field of every memory and relationship (current and invalidated), sorted by id. 'import' reads it back; export, import into an empty database and export again gives identical bytes.",
        "",
        "markdown: one .md file per memory (safe, unique file names) plus _index.md, written into --out DIR."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph export > backup.json",
        "  memorygraph export --out backup.json --progress",
        "  memorygraph export --format markdown --out notes/"})
public final class ExportCommand extends BaseCommand {

  /** Export formats. */
  public enum Format {
    /** One JSON document. */
    json,
    /** One Markdown file per memory. */
    markdown
  }

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "json",
      description = "json (default) or markdown.")
  Format format;

  @Option(names = {"-o", "--out"}, paramLabel = "PATH",
      description = "File (json; default standard output) or directory (markdown; required).")
  Path out;

  @Option(names = "--force", description = "Write markdown into a directory that is not empty.")
  boolean force;

  @Option(names = "--progress", description = "Show a progress bar on stderr (default: when stderr is a terminal).")
  boolean progress;

  @Override
  public Integer call() {
    if (format == Format.markdown && out == null) {
      throw new ValidationException("--out", "is required for --format markdown (a directory)");
    }
    try (MemoryGraph graph = open()) {
      GraphStatistics stats = graph.statistics();
      // Unasked, only on a terminal, and not when the JSON itself is going to that terminal.
      boolean show = progress || (Progress.stderrIsTerminal() && (out != null || !Progress.stdoutIsTerminal()));
      Transfer.Snapshot snapshot;
      try (Progress p = Progress.start(err(), show, "Reading ", stats.memoryCount() + stats.relationshipCount())) {
        snapshot = Transfer.read(graph, p);
      }
      if (format == Format.json) {
        String text = Transfer.toJson(snapshot);
        if (out == null) {
          out().print(text);
          out().flush();
          return 0;
        }
        Transfer.writeAtomically(out, text);
      } else {
        if (Files.isDirectory(out) && !force) {
          try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
              throw new ValidationException("--out", out + " is not empty (use --force to write into it anyway)");
            }
          }
        }
        try (Progress p = Progress.start(err(), show, "Writing ", snapshot.memories().size())) {
          Transfer.writeMarkdown(snapshot, out, p);
        }
      }
      if (json()) {
        ObjectNode n = JsonCodec.object();
        n.put("format", format.name());
        n.put("out", out.toString());
        n.put("memories", snapshot.memories().size());
        n.put("relationships", snapshot.relationships().size());
        printJson(n);
      } else {
        println("Exported " + snapshot.memories().size() + " memories and " + snapshot.relationships().size()
            + " relationships to " + out + (format == Format.markdown ? " (Markdown)" : ""));
      }
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot write " + out + ": " + e.getMessage(), e);
    }
    return 0;
  }
}
