package dev.memorygraph.cli.commands;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.MemoryUpdate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memorygraph update}: changes some fields of a memory. */
@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Change some fields of a memory.",
        "",
        "The other fields are kept and the version goes up by one. Context options (--project, --file...) are merged into the memory's context."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph update fix-42 --importance 0.9 --tags ci,timeout",
        "  memorygraph update fix-42 --summary \"\"        # clears the summary"})
public final class UpdateCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "The memory's id.")
  String id;

  @Option(names = {"-t", "--type"}, paramLabel = "TYPE", description = "New type.")
  MemoryType type;

  @Option(names = "--title", paramLabel = "TEXT", description = "New title.")
  String title;

  @Option(names = {"-c", "--content"}, paramLabel = "TEXT", description = "New content.")
  String content;

  @Option(names = "--content-file", paramLabel = "FILE", description = "Read the new content from a file ('-' = standard input).")
  String contentFile;

  @Option(names = "--summary", paramLabel = "TEXT", description = "New summary (\"\" clears it).")
  String summary;

  @Option(names = "--tags", paramLabel = "TAG", split = ",", description = "Replace the tags (comma-separated; \"\" removes all).")
  List<String> tags;

  @Option(names = "--importance", paramLabel = "0..1", description = "New importance.")
  Double importance;

  @Option(names = "--confidence", paramLabel = "0..1", description = "New confidence.")
  Double confidence;

  @Option(names = "--effectiveness", paramLabel = "0..1", description = "New effectiveness.")
  Double effectiveness;

  @Option(names = "--updated-by", paramLabel = "WHO", description = "Who makes the change.")
  String updatedBy;

  @Mixin
  ContextOptions context = new ContextOptions();

  @Override
  public Integer call() {
    MemoryUpdate.Builder b = MemoryUpdate.builder().type(type).title(title)
        .content(Inputs.content(content, contentFile, System.in))
        .summary(summary).updatedBy(updatedBy);
    if (tags != null) {
      b.tags(Inputs.tags(tags));
    }
    if (importance != null) {
      b.importance(importance);
    }
    if (confidence != null) {
      b.confidence(confidence);
    }
    if (effectiveness != null) {
      b.effectiveness(effectiveness);
    }
    try (MemoryGraph graph = open()) {
      if (context.any()) {
        Memory existing = graph.get(id).orElseThrow(() -> new NotFoundException("memory", id));
        b.context(context.applyTo(existing.context()));
      }
      MemoryUpdate update = b.build();
      if (update.isEmpty()) {
        throw new ValidationException("update", "nothing to change: give at least one option such as --title or --importance");
      }
      Memory m = graph.update(id, update).orElseThrow(() -> new NotFoundException("memory", id));
      if (json()) {
        printJson(JsonCodec.memory(m));
      } else {
        println("Updated " + TextFormat.line(m) + " (version " + m.version() + ")");
      }
    }
    return 0;
  }
}
