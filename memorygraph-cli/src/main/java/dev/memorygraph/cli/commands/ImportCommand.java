package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.Progress;
import dev.memorygraph.cli.Transfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memorygraph import}: reads a JSON export back. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {
        "Import a JSON export.",
        "",
        "The whole file is validated first: a bad record stops the import before anything is written, naming the record and field (e.g. memories[3].title). Relationship ends must be in the file or already in the database.",
        "",
        "Records already stored identically are skipped, so importing a file twice changes nothing; other memories are inserted or replace the memory with the same id, and a different relationship under an existing id is an error. Writes in atomic batches of " + Transfer.BATCH + " records."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph import backup.json", "  memorygraph --db fresh.db import backup.json --progress",
        "  cat backup.json | memorygraph import - --json"})
public final class ImportCommand extends BaseCommand {

  @Parameters(paramLabel = "FILE", description = "The export file ('-' = standard input).")
  String file;

  @Option(names = "--progress", description = "Show a progress bar on stderr (default: when stderr is a terminal).")
  boolean progress;

  @Override
  public Integer call() {
    Transfer.Snapshot snapshot = Transfer.parse(Inputs.readText("FILE", file, System.in));
    try (MemoryGraph graph = open()) {
      boolean show = progress || Progress.stderrIsTerminal();
      Transfer.ImportResult result;
      try (Progress p = Progress.start(err(), show, "Importing ",
          snapshot.memories().size() + snapshot.relationships().size())) {
        result = Transfer.write(graph, snapshot, p);
      }
      if (json()) {
        ObjectNode n = JsonCodec.object();
        n.put("memories", result.memories());
        n.put("memories_already_present", result.memoriesAlreadyPresent());
        n.put("relationships", result.relationships());
        n.put("relationships_already_present", result.relationshipsAlreadyPresent());
        printJson(n);
      } else {
        int present = result.memoriesAlreadyPresent() + result.relationshipsAlreadyPresent();
        println("Imported " + result.memories() + " memories and " + result.relationships() + " relationships"
            + (present > 0 ? " (already present and unchanged: " + result.memoriesAlreadyPresent()
                + " memories, " + result.relationshipsAlreadyPresent() + " relationships)" : ""));
      }
    }
    return 0;
  }
}
