package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.RelatedMemory;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.TraversalOptions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memorygraph related}: memories reachable from one memory. */
@Command(name = "related", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "List the memories reachable from a memory.",
        "",
        "Nearest first, each with the relationship that reached it. Follows current relationships in both directions unless told otherwise (--direction, --type, --as-of)."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph related bug-7",
        "  memorygraph related bug-7 --depth 3 --direction incoming --type SOLVES,ADDRESSES",
        "  memorygraph related bug-7 --as-of 2025-01-01T00:00:00Z --json"})
public final class RelatedCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "The memory to start from.")
  String id;

  @Option(names = {"-d", "--depth"}, paramLabel = "N", defaultValue = "1", description = "Hops to follow, 1-10 (default ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--direction", paramLabel = "DIR", defaultValue = "both", description = "outgoing, incoming or both (default ${DEFAULT-VALUE}).")
  Direction direction;

  @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Follow only these relationship types.")
  List<RelationshipType> types = List.of();

  @Option(names = "--as-of", paramLabel = "TIME", description = "Follow the relationships valid at this time, not the current ones.")
  Instant asOf;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100", description = "Most memories listed (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    TraversalOptions options = TraversalOptions.builder().maxDepth(depth).direction(direction)
        .types(types).asOf(asOf).limit(limit).build();
    try (MemoryGraph graph = open()) {
      Memory start = graph.get(id).orElseThrow(() -> new NotFoundException("memory", id));
      List<RelatedMemory> related = graph.related(id, options);
      if (json()) {
        ObjectNode n = JsonCodec.object();
        n.put("start", id);
        ArrayNode items = n.putArray("related");
        for (RelatedMemory r : related) {
          ObjectNode item = items.addObject();
          item.put("depth", r.depth());
          item.put("direction", r.direction().name().toLowerCase(Locale.ROOT));
          item.set("relationship", JsonCodec.relationship(r.relationship()));
          item.set("memory", JsonCodec.memory(r.memory()));
        }
        printJson(n);
      } else {
        println(TextFormat.line(start));
        if (related.isEmpty()) {
          println("  (no related memories)");
        }
        for (RelatedMemory r : related) {
          String arrow = r.direction() == Direction.OUTGOING
              ? "-[" + r.relationship().type().name() + "]->"
              : "<-[" + r.relationship().type().name() + "]-";
          println("  ".repeat(r.depth()) + arrow + " " + TextFormat.line(r.memory()));
        }
      }
    }
    return 0;
  }
}
