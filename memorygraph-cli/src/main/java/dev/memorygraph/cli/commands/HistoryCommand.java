package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Relationship;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code memorygraph history}: every relationship a memory ever had. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {
        "Show every relationship a memory ever had.",
        "",
        "Lists the relationships touching a memory, current and invalidated, in the order they became valid."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph history bug-7", "  memorygraph history bug-7 --json"})
public final class HistoryCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "The memory's id.")
  String id;

  @Override
  public Integer call() {
    try (MemoryGraph graph = open()) {
      graph.get(id).orElseThrow(() -> new NotFoundException("memory", id));
      List<Relationship> history = graph.history(id);
      if (json()) {
        ObjectNode n = JsonCodec.object();
        n.put("memory_id", id);
        ArrayNode rs = n.putArray("relationships");
        history.forEach(r -> rs.add(JsonCodec.relationship(r)));
        printJson(n);
      } else if (history.isEmpty()) {
        println("No relationships for " + id + ".");
      } else {
        history.forEach(r -> println("  " + TextFormat.line(r)));
      }
    }
    return 0;
  }
}
