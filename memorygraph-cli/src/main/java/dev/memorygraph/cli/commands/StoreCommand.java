package dev.memorygraph.cli.commands;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.ValidationException;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code memorygraph store}: stores (inserts or replaces) one memory. */
@Command(name = "store", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Store a memory (insert, or replace the memory with the same --id).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  memorygraph store -t problem --title \"Flaky CI\" -c \"Tests time out\" --tag ci",
        "  memorygraph store --id fix-42 -t fix --title \"Raise the timeout\" \\",
        "      --content-file notes.md --project ~/src/app --tag ci,timeout",
        "  echo \"long text\" | memorygraph store --title \"From stdin\" --content-file -"})
public final class StoreCommand extends BaseCommand {

  @Option(names = "--id", paramLabel = "ID", description = "Id to use (default: a new UUID). An existing id is replaced.")
  String id;

  @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "general",
      description = "Memory type: task, code_pattern, problem, solution, project, technology, error, fix,"
          + " command, file_context, workflow, general (default), conversation.")
  MemoryType type;

  @Option(names = "--title", paramLabel = "TEXT", required = true, description = "Title, 1-200 characters.")
  String title;

  @Option(names = {"-c", "--content"}, paramLabel = "TEXT", description = "Content text.")
  String content;

  @Option(names = "--content-file", paramLabel = "FILE", description = "Read the content from a file ('-' = standard input).")
  String contentFile;

  @Option(names = "--summary", paramLabel = "TEXT", description = "Short summary, at most 500 characters.")
  String summary;

  @Option(names = "--tag", paramLabel = "TAG", split = ",", description = "A tag (repeatable, or comma-separated).")
  List<String> tags = List.of();

  @Option(names = "--importance", paramLabel = "0..1", description = "Importance (default 0.5).")
  Double importance;

  @Option(names = "--confidence", paramLabel = "0..1", description = "Confidence (default 0.8).")
  Double confidence;

  @Option(names = "--effectiveness", paramLabel = "0..1", description = "Effectiveness, if known.")
  Double effectiveness;

  @Mixin
  ContextOptions context = new ContextOptions();

  @Override
  public Integer call() {
    String text = Inputs.content(content, contentFile, System.in);
    if (text == null) {
      throw new ValidationException("content", "is required (use --content TEXT or --content-file FILE)");
    }
    Memory.Builder b = Memory.builder().id(id).type(type).title(title).content(text).summary(summary)
        .tags(Inputs.tags(tags)).effectiveness(effectiveness)
        .context(context.applyTo(MemoryContext.EMPTY));
    if (importance != null) {
      b.importance(importance);
    }
    if (confidence != null) {
      b.confidence(confidence);
    }
    Memory memory = b.build();
    try (MemoryGraph graph = open()) {
      Memory stored = graph.store(memory);
      if (json()) {
        printJson(JsonCodec.memory(stored));
      } else {
        println((stored.version() > 1 ? "Replaced " : "Stored ") + TextFormat.line(stored)
            + (stored.version() > 1 ? " (version " + stored.version() + ")" : ""));
      }
    }
    return 0;
  }
}
