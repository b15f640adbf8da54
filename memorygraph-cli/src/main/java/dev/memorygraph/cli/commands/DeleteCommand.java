package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.cli.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memorygraph delete}: deletes a memory (and its relationships) or one relationship. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = {
        "Delete a memory (and its relationships) or one relationship.",
        "",
        "Deleting a memory also deletes every relationship touching it. With --relationship, ID names one relationship, deleted outright (no history kept; use 'invalidate' to keep history). Exit code 1 when it does not exist."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph delete fix-42", "  memorygraph delete --relationship rel-7 --json"})
public final class DeleteCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "The memory's (or relationship's) id.")
  String id;

  @Option(names = "--relationship", description = "ID names a relationship, not a memory.")
  boolean relationship;

  @Override
  public Integer call() {
    String entity = relationship ? "relationship" : "memory";
    try (MemoryGraph graph = open()) {
      boolean deleted = relationship ? graph.unlink(id) : graph.delete(id);
      if (!deleted) {
        throw new NotFoundException(entity, id);
      }
    }
    if (json()) {
      ObjectNode n = JsonCodec.object();
      n.put("deleted", entity);
      n.put("id", id);
      printJson(n);
    } else {
      println("Deleted " + entity + " " + id);
    }
    return 0;
  }
}
