package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.cli.ExitCodes;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.MemoryPath;
import dev.memorygraph.model.PathOptions;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memorygraph path}: a shortest path between two memories. */
@Command(name = "path", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Find a shortest chain of relationships between two memories.",
        "",
        "Exit code 1 when a memory does not exist or no path is found within --max-depth."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph path cmd-retry bug-7", "  memorygraph path cmd-retry bug-7 --max-depth 8 --direction outgoing --json"})
public final class PathCommand extends BaseCommand {

  @Parameters(index = "0", paramLabel = "FROM", description = "Start memory id.")
  String from;

  @Parameters(index = "1", paramLabel = "TO", description = "End memory id.")
  String to;

  @Option(names = "--max-depth", paramLabel = "N", defaultValue = "5", description = "Longest path in edges, 1-10 (default ${DEFAULT-VALUE}).")
  int maxDepth;

  @Option(names = "--direction", paramLabel = "DIR", defaultValue = "both", description = "outgoing, incoming or both (default ${DEFAULT-VALUE}).")
  Direction direction;

  @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Use only these relationship types.")
  List<RelationshipType> types = List.of();

  @Option(names = "--as-of", paramLabel = "TIME", description = "Use the relationships valid at this time.")
  Instant asOf;

  @Override
  public Integer call() {
    PathOptions options = PathOptions.builder().maxDepth(maxDepth).direction(direction).types(types).asOf(asOf).build();
    try (MemoryGraph graph = open()) {
      graph.get(from).orElseThrow(() -> new NotFoundException("memory", from));
      graph.get(to).orElseThrow(() -> new NotFoundException("memory", to));
      Optional<MemoryPath> path = graph.path(from, to, options);
      if (path.isEmpty()) {
        if (json()) {
          ObjectNode n = JsonCodec.object();
          n.putNull("path");
          printJson(n);
        } else {
          println("No path from " + from + " to " + to + " within " + options.maxDepth() + " hops.");
        }
        return ExitCodes.NOT_FOUND;
      }
      MemoryPath p = path.get();
      if (json()) {
        ObjectNode n = JsonCodec.object();
        ObjectNode pn = n.putObject("path");
        pn.put("length", p.length());
        ArrayNode ms = pn.putArray("memories");
        p.memories().forEach(m -> ms.add(JsonCodec.memory(m)));
        ArrayNode rs = pn.putArray("relationships");
        p.relationships().forEach(r -> rs.add(JsonCodec.relationship(r)));
        printJson(n);
      } else {
        println("Path of " + p.length() + (p.length() == 1 ? " hop:" : " hops:"));
        println("  " + TextFormat.line(p.memories().get(0)));
        for (int i = 0; i < p.length(); i++) {
          Relationship r = p.relationships().get(i);
          boolean forward = r.fromId().equals(p.memories().get(i).id());
          println("    " + (forward ? "-[" + r.type().name() + "]->" : "<-[" + r.type().name() + "]-"));
          println("  " + TextFormat.line(p.memories().get(i + 1)));
        }
      }
    }
    return 0;
  }
}
