package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.cli.ExitCodes;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.HealthStatus;
import picocli.CommandLine.Command;

/** {@code memorygraph health}: checks the backend end to end. */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Check that the backend answers. Exit code 3 when it is unhealthy.",
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph health", "  MEMORY_BACKEND=neo4j memorygraph health --json"})
public final class HealthCommand extends BaseCommand {

  @Override
  public Integer call() {
    HealthStatus h;
    try (MemoryGraph graph = open()) {
      h = graph.health();
    }
    String error = MemoryGraphException.redact(h.error());
    if (json()) {
      ObjectNode n = JsonCodec.object();
      n.put("healthy", h.healthy());
      n.put("backend", h.backend());
      n.put("server_version", h.serverVersion());
      n.put("memory_count", h.memoryCount());
      n.put("relationship_count", h.relationshipCount());
      n.put("latency_ms", h.latency() == null ? null : h.latency().toNanos() / 1e6);
      n.put("checked_at", JsonCodec.instant(h.checkedAt()));
      ObjectNode d = n.putObject("details");
      h.details().forEach((k, v) -> d.put(k, MemoryGraphException.redact(v)));
      n.put("error", error);
      printJson(n);
    } else {
      println((h.healthy() ? "healthy" : "UNHEALTHY") + "  backend " + h.backend()
          + (h.serverVersion() != null ? " " + h.serverVersion() : ""));
      println("  memories:      " + h.memoryCount());
      println("  relationships: " + h.relationshipCount());
      if (h.latency() != null) {
        println("  latency:       " + h.latency().toMillis() + " ms");
      }
      println("  checked at:    " + TextFormat.time(h.checkedAt()));
      h.details().forEach((k, v) -> println("  " + k + ": " + MemoryGraphException.redact(v)));
      if (error != null) {
        println("  error:         " + error);
      }
    }
    return h.healthy() ? ExitCodes.OK : ExitCodes.BACKEND;
  }
}
