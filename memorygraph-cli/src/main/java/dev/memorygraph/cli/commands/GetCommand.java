package dev.memorygraph.cli.commands;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.NotFoundException;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Memory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code memorygraph get}: prints one memory. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = "Print a memory with all its fields. Exit code 1 when it does not exist.",
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph get demo-problem-flaky-ci", "  memorygraph get 3f0c1d2e-... --json"})
public final class GetCommand extends BaseCommand {

  @Parameters(paramLabel = "ID", description = "The memory's id.")
  String id;

  @Override
  public Integer call() {
    try (MemoryGraph graph = open()) {
      Memory m = graph.get(id).orElseThrow(() -> new NotFoundException("memory", id));
      if (json()) {
        printJson(JsonCodec.memory(m));
      } else {
        println(TextFormat.full(m));
      }
    }
    return 0;
  }
}
