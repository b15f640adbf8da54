package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.RecentActivity;
import dev.memorygraph.model.RecentActivityQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memorygraph recent}: recent activity and unresolved problems. */
@Command(name = "recent", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Summarise recent activity and unresolved problems.",
        "",
        "Counts the memories created or updated in the last --days and lists the newest ones, plus the problems and errors that no current SOLVES or ADDRESSES relationship points at."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph recent", "  memorygraph recent --days 30 --limit 5 --project ~/src/app --json"})
public final class RecentCommand extends BaseCommand {

  @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "Window in days, 1-3650 (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "Most memories per list (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--project", paramLabel = "PATH", description = "Only this project path.")
  String project;

  @Override
  public Integer call() {
    RecentActivityQuery q = new RecentActivityQuery(days, limit, project);
    try (MemoryGraph graph = open()) {
      RecentActivity a = graph.recentActivity(q);
      if (json()) {
        ObjectNode n = JsonCodec.object();
        n.put("since", JsonCodec.instant(a.since()));
        n.put("total_count", a.totalCount());
        ObjectNode byType = n.putObject("counts_by_type");
        a.countsByType().forEach((k, v) -> byType.put(k.id(), v));
        ArrayNode recent = n.putArray("recent_memories");
        a.recentMemories().forEach(m -> recent.add(JsonCodec.memory(m)));
        ArrayNode unresolved = n.putArray("unresolved_problems");
        a.unresolvedProblems().forEach(m -> unresolved.add(JsonCodec.memory(m)));
        printJson(n);
      } else {
        println(a.totalCount() + " memories created or updated since " + TextFormat.time(a.since()));
        a.countsByType().forEach((k, v) -> println(String.format("  %-16s %d", k.id(), v)));
        if (!a.recentMemories().isEmpty()) {
          println("Most recent:");
          for (Memory m : a.recentMemories()) {
            println("  " + TextFormat.time(m.updatedAt()) + "  " + TextFormat.line(m));
          }
        }
        if (!a.unresolvedProblems().isEmpty()) {
          println("Unresolved problems:");
          a.unresolvedProblems().forEach(m -> println("  " + TextFormat.line(m)));
        }
      }
    }
    return 0;
  }
}
