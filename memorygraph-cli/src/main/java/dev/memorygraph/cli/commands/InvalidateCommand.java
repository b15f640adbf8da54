package dev.memorygraph.cli.commands;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Relationship;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memorygraph invalidate}: ends a relationship's validity, keeping its history. */
@Command(name = "invalidate", mixinStandardHelpOptions = true,
    description = {
        "End a relationship's validity, keeping it for history.",
        "",
        "Marks a relationship as no longer holding from now (or --at a time); 'history' and '--as-of' queries still see it. An already invalidated relationship is left as it is."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph invalidate rel-7", "  memorygraph invalidate rel-7 --at 2025-03-01T09:00:00Z --by rel-9"})
public final class InvalidateCommand extends BaseCommand {

  @Parameters(paramLabel = "REL_ID", description = "The relationship's id.")
  String id;

  @Option(names = "--at", paramLabel = "TIME", description = "When it stopped holding (default now).")
  Instant at;

  @Option(names = "--by", paramLabel = "REL_ID", description = "The relationship that supersedes it.")
  String by;

  @Override
  public Integer call() {
    try (MemoryGraph graph = open()) {
      Relationship r = graph.invalidate(id, at, by).orElseThrow(() -> new NotFoundException("relationship", id));
      if (json()) {
        printJson(JsonCodec.relationship(r));
      } else {
        println("Invalidated " + TextFormat.line(r));
      }
    }
    return 0;
  }
}
