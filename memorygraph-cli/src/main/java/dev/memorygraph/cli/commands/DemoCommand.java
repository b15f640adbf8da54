package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.TextFormat;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Direction;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryPath;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Page;
import dev.memorygraph.model.RelatedMemory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.model.TraversalOptions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memorygraph demo}: shows the library working in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Show the library working: store, link, search, traverse.",
        "",
        "Stores four linked demo memories (a problem, its solution, a command, a technology), then searches, traverses and finds a path, printing each step. Uses fixed ids, so running it again changes nothing. --clean removes the demo memories."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph demo", "  memorygraph --db /tmp/demo.db demo", "  memorygraph demo --clean"})
public final class DemoCommand extends BaseCommand {
  /** A demo memory id. */
  public static final String PROBLEM = "demo-problem-flaky-ci";
  /** A demo memory id. */
  public static final String SOLUTION = "demo-solution-wait-for-db";
  /** A demo memory id. */
  public static final String COMMAND = "demo-command-pg-isready";
  /** A demo memory id. */
  public static final String TECHNOLOGY = "demo-technology-postgresql";

  @Option(names = "--clean", description = "Delete the demo memories and their relationships instead.")
  boolean clean;

  private static List<Memory> memories() {
    return List.of(
        Memory.builder().id(PROBLEM).type(MemoryType.PROBLEM)
            .title("Integration tests are flaky in CI")
            .content("The payment service integration tests fail about one run in five on CI with "
                + "'Connection refused' from the test database. They never fail locally.")
            .tags("ci", "flaky-tests", "testing").importance(0.8).build(),
        Memory.builder().id(SOLUTION).type(MemoryType.SOLUTION)
            .title("Wait for the database before running tests")
            .content("The CI job started the tests while PostgreSQL was still starting. Waiting until the "
                + "database accepts connections before the test step removed the failures.")
            .summary("Add a readiness wait before the test step.")
            .tags("ci", "database", "flaky-tests").importance(0.9).build(),
        Memory.builder().id(COMMAND).type(MemoryType.COMMAND)
            .title("Wait until PostgreSQL accepts connections")
            .content("until pg_isready -h localhost -p 5432; do sleep 1; done")
            .tags("postgres", "shell").importance(0.6).build(),
        Memory.builder().id(TECHNOLOGY).type(MemoryType.TECHNOLOGY)
            .title("PostgreSQL")
            .content("Relational database used by the payment service and its integration tests.")
            .tags("database", "postgres").build());
  }

  private static List<Relationship> relationships() {
    return List.of(
        Relationship.builder(SOLUTION, PROBLEM, RelationshipType.SOLVES).id("demo-rel-solution-solves-problem")
            .context("Verified over 50 CI runs without a failure").build(),
        Relationship.builder(COMMAND, SOLUTION, RelationshipType.USED_IN).id("demo-rel-command-used-in-solution").build(),
        Relationship.builder(COMMAND, TECHNOLOGY, RelationshipType.APPLIES_TO).id("demo-rel-command-applies-to-postgresql").build());
  }

  @Override
  public Integer call() {
    MemoryGraphConfig config = root.config();
    try (MemoryGraph graph = open()) {
      String where = graph.backend().backendName().equals("sqlite")
          ? "sqlite at " + config.sqlitePath().toAbsolutePath() : graph.backend().backendName();
      return clean ? clean(graph, where) : run(graph, where);
    }
  }

  private int clean(MemoryGraph graph, String where) {
    int deleted = 0;
    for (Memory m : memories()) {
      if (graph.delete(m.id())) {
        deleted++;
      }
    }
    if (json()) {
      ObjectNode n = JsonCodec.object();
      n.put("deleted_memories", deleted);
      printJson(n);
    } else {
      println("Removed " + deleted + " demo memories (and their relationships) from " + where + ".");
    }
    return 0;
  }

  private int run(MemoryGraph graph, String where) {
    ObjectNode report = JsonCodec.object();
    boolean text = !json();
    if (text) {
      println("memorygraph demo, using " + where);
      println("");
      println("1. Store a problem, its solution, a command and a technology (fixed ids, safe to re-run):");
    }
    ArrayNode stored = report.putArray("memories");
    for (Memory m : memories()) {
      Optional<Memory> existing = graph.get(m.id());
      boolean same = existing.isPresent() && sameContent(existing.get(), m);
      Memory now = same ? existing.get() : graph.store(m);
      stored.addObject().put("id", now.id()).put("action", same ? "unchanged" : existing.isPresent() ? "replaced" : "stored");
      if (text) {
        println("   " + (same ? "present " : "stored  ") + TextFormat.line(now));
      }
    }
    ArrayNode linked = report.putArray("relationships");
    for (Relationship r : relationships()) {
      boolean present = graph.relationship(r.id()).isPresent();
      if (!present) {
        graph.link(r);
      }
      linked.addObject().put("id", r.id()).put("action", present ? "unchanged" : "linked");
      if (text) {
        println("   " + (present ? "present " : "linked  ") + r.fromId() + " -[" + r.type().name() + "]-> " + r.toId());
      }
    }

    String words = "flaky database tests";
    Page<Memory> hits = graph.search(SearchQuery.builder().text(words).limit(5).build());
    ArrayNode search = report.putArray("search");
    hits.items().forEach(m -> search.add(m.id()));
    if (text) {
      println("");
      println("2. Search \"" + words + "\" (every word, any field, ranked):");
      hits.items().forEach(m -> println("   " + TextFormat.line(m)));
      if (hits.items().isEmpty()) {
        println("   (no match)");
      }
    }

    List<RelatedMemory> related = graph.related(PROBLEM, TraversalOptions.builder().maxDepth(3).build());
    ArrayNode rel = report.putArray("related");
    for (RelatedMemory r : related) {
      rel.addObject().put("id", r.memory().id()).put("depth", r.depth())
          .put("via", r.relationship().type().name()).put("direction", r.direction().name().toLowerCase(Locale.ROOT));
    }
    if (text) {
      println("");
      println("3. What is connected to the problem, up to 3 hops?");
      println("   " + TextFormat.line(graph.get(PROBLEM).orElseThrow()));
      for (RelatedMemory r : related) {
        String arrow = r.direction() == Direction.OUTGOING
            ? "-[" + r.relationship().type().name() + "]->" : "<-[" + r.relationship().type().name() + "]-";
        println("   " + "  ".repeat(r.depth()) + arrow + " " + TextFormat.line(r.memory()));
      }
    }

    Optional<MemoryPath> path = graph.path(COMMAND, PROBLEM);
    ArrayNode pathIds = report.putArray("path");
    path.ifPresent(p -> p.memories().forEach(m -> pathIds.add(m.id())));
    if (text) {
      println("");
      println("4. How does the command lead to the problem?");
      if (path.isEmpty()) {
        println("   (no path)");
      } else {
        MemoryPath p = path.get();
        StringBuilder sb = new StringBuilder("   ").append(p.memories().get(0).title());
        for (int i = 0; i < p.length(); i++) {
          Relationship r = p.relationships().get(i);
          boolean forward = r.fromId().equals(p.memories().get(i).id());
          sb.append(forward ? "\n     -[" + r.type().name() + "]-> " : "\n     <-[" + r.type().name() + "]- ")
              .append(p.memories().get(i + 1).title());
        }
        println(sb.toString());
      }
      println("");
      println("Next: memorygraph get " + PROBLEM + "   |   memorygraph search postgres   |   memorygraph demo --clean");
    } else {
      printJson(report);
    }
    return 0;
  }

  private static boolean sameContent(Memory a, Memory b) {
    return a.type() == b.type() && a.title().equals(b.title()) && a.content().equals(b.content())
        && Objects.equals(a.summary(), b.summary()) && a.tags().equals(b.tags())
        && a.importance() == b.importance() && a.confidence() == b.confidence()
        && a.context().equals(b.context());
  }
}
