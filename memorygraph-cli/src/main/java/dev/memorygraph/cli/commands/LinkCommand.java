package dev.memorygraph.cli.commands;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memorygraph link}: creates a typed relationship between two memories. */
@Command(name = "link", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Link two memories with a typed relationship.",
        "",
        "FROM TYPE TO reads as a sentence: fix-42 SOLVES bug-7. Exit code 1 when an end does not exist.",
        "",
        "Types (case-insensitive): CAUSES TRIGGERS LEADS_TO PREVENTS BREAKS SOLVES ADDRESSES ALTERNATIVE_TO IMPROVES REPLACES OCCURS_IN APPLIES_TO WORKS_WITH REQUIRES USED_IN BUILDS_ON CONTRADICTS CONFIRMS GENERALIZES SPECIALIZES SIMILAR_TO VARIANT_OF RELATED_TO ANALOGY_TO OPPOSITE_OF FOLLOWS DEPENDS_ON ENABLES BLOCKS PARALLEL_TO EFFECTIVE_FOR INEFFECTIVE_FOR PREFERRED_OVER DEPRECATED_BY VALIDATED_BY."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph link fix-42 SOLVES bug-7",
        "  memorygraph link fix-42 solves bug-7 --strength 0.95 --context \"seen in CI\"",
        "  memorygraph link fix-42 SOLVES bug-7 --id rel-1 --json"})
public final class LinkCommand extends BaseCommand {

  @Parameters(index = "0", paramLabel = "FROM", description = "Source memory id.")
  String from;

  @Parameters(index = "1", paramLabel = "TYPE", description = "Relationship type.")
  RelationshipType type;

  @Parameters(index = "2", paramLabel = "TO", description = "Target memory id.")
  String to;

  @Option(names = "--id", paramLabel = "ID", description = "Relationship id (default: a new UUID).")
  String id;

  @Option(names = "--strength", paramLabel = "0..1", description = "Strength (default: the type's).")
  Double strength;

  @Option(names = "--confidence", paramLabel = "0..1", description = "Confidence (default: the type's).")
  Double confidence;

  @Option(names = "--context", paramLabel = "TEXT", description = "Why the memories are linked.")
  String context;

  @Option(names = "--valid-from", paramLabel = "TIME", description = "When the relationship started to hold (default now).")
  Instant validFrom;

  @Override
  public Integer call() {
    Relationship.Builder b = Relationship.builder(from, to, type).id(id).context(context).validFrom(validFrom);
    if (strength != null) {
      b.strength(strength);
    }
    if (confidence != null) {
      b.confidence(confidence);
    }
    Relationship r = b.build();
    try (MemoryGraph graph = open()) {
      Relationship created = graph.link(r);
      if (json()) {
        printJson(JsonCodec.relationship(created));
      } else {
        println("Linked " + TextFormat.line(created));
      }
    }
    return 0;
  }
}
