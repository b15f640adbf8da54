package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memorygraph search}: ranked full-text search with filters. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Search memories by words and filters.",
        "",
        "Every word must occur in the title, content, summary or tags (any order, case-insensitive). Results are ranked by relevance; without words, by importance. Filters are combined with AND."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph search flaky tests",
        "  memorygraph search --type solution --tag ci --min-importance 0.7",
        "  memorygraph search timeout --created-after 2025-01-01 --limit 10 --offset 10 --json"})
public final class SearchCommand extends BaseCommand {

  @Parameters(paramLabel = "WORDS", arity = "0..*", description = "Words to search for (optional).")
  List<String> words = List.of();

  @Option(names = {"-t", "--type"}, paramLabel = "TYPE", split = ",", description = "Only these memory types (repeatable).")
  List<MemoryType> types = List.of();

  @Option(names = "--tag", paramLabel = "TAG", split = ",", description = "Only memories carrying any of these tags.")
  List<String> tags = List.of();

  @Option(names = "--project", paramLabel = "PATH", description = "Only memories of this project path.")
  String project;

  @Option(names = "--min-importance", paramLabel = "0..1", description = "Importance at least this.")
  Double minImportance;

  @Option(names = "--min-confidence", paramLabel = "0..1", description = "Confidence at least this.")
  Double minConfidence;

  @Option(names = "--created-after", paramLabel = "TIME", description = "Created after (ISO instant or date).")
  Instant createdAfter;

  @Option(names = "--created-before", paramLabel = "TIME", description = "Created before (ISO instant or date).")
  Instant createdBefore;

  @Option(names = "--has-relationship", paramLabel = "TYPE", split = ",",
      description = "Only memories with a current relationship of one of these types.")
  List<RelationshipType> relationshipTypes = List.of();

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "Page size, 1-1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Results to skip.")
  int offset;

  @Override
  public Integer call() {
    SearchQuery query = SearchQuery.builder()
        .text(words.isEmpty() ? null : String.join(" ", words))
        .types(types).tags(tags).projectPath(project)
        .minImportance(minImportance).minConfidence(minConfidence)
        .createdAfter(createdAfter).createdBefore(createdBefore)
        .relationshipTypes(relationshipTypes).limit(limit).offset(offset).build();
    try (MemoryGraph graph = open()) {
      Page<Memory> page = graph.search(query);
      if (json()) {
        ObjectNode n = JsonCodec.object();
        n.put("total", page.total());
        n.put("offset", page.offset());
        n.put("limit", page.limit());
        if (page.nextOffset().isPresent()) {
          n.put("next_offset", page.nextOffset().getAsInt());
        } else {
          n.putNull("next_offset");
        }
        ArrayNode items = n.putArray("items");
        page.items().forEach(m -> items.add(JsonCodec.memory(m)));
        printJson(n);
      } else if (page.items().isEmpty()) {
        println(page.total() == 0 ? "No memories match." : "No more results (" + page.total() + " in all).");
      } else {
        int from = page.offset() + 1;
        println("Results " + from + "-" + (page.offset() + page.items().size()) + " of " + page.total() + ":");
        for (Memory m : page.items()) {
          println("  " + TextFormat.score(m.importance()) + "  " + TextFormat.line(m));
        }
        page.nextOffset().ifPresent(next -> println("More: add --offset " + next));
      }
    }
    return 0;
  }
}
