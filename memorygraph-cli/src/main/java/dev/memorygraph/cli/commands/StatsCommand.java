package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.GraphStatistics;
import picocli.CommandLine.Command;

/** {@code memorygraph stats}: counts over the graph. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Count memories and relationships, by type.",
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph stats", "  memorygraph stats --json"})
public final class StatsCommand extends BaseCommand {

  @Override
  public Integer call() {
    try (MemoryGraph graph = open()) {
      GraphStatistics s = graph.statistics();
      if (json()) {
        ObjectNode n = JsonCodec.object();
        n.put("backend", graph.backend().backendName());
        n.put("memory_count", s.memoryCount());
        n.put("relationship_count", s.relationshipCount());
        n.put("current_relationship_count", s.currentRelationshipCount());
        n.put("average_importance", s.averageImportance());
        ObjectNode mt = n.putObject("memories_by_type");
        s.memoriesByType().forEach((k, v) -> mt.put(k.id(), v));
        ObjectNode rt = n.putObject("relationships_by_type");
        s.relationshipsByType().forEach((k, v) -> rt.put(k.name(), v));
        printJson(n);
      } else {
        println("Backend:        " + graph.backend().backendName());
        println("Memories:       " + s.memoryCount() + "   (average importance "
            + TextFormat.score(s.averageImportance()) + ")");
        s.memoriesByType().forEach((k, v) -> println(String.format("  %-16s %d", k.id(), v)));
        println("Relationships:  " + s.relationshipCount() + "   (" + s.currentRelationshipCount() + " current, "
            + (s.relationshipCount() - s.currentRelationshipCount()) + " invalidated)");
        s.relationshipsByType().forEach((k, v) -> println(String.format("  %-16s %d", k.name(), v)));
      }
    }
    return 0;
  }
}
