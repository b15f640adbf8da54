package dev.memorygraph.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole workload on a tiny corpus and checks the report's shape and counts (never its
 * timings: the machine is shared and noisy).
 */
class BenchMainTest {
  private static final List<String> STATS = List.of("count", "items", "total_ms", "ops_per_s",
      "items_per_s", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms");

  @Test
  void printsOneCompleteJsonObjectPerBackend() throws Exception {
    Path dir = Path.of(System.getProperty("memorygraph.bench.work", "target/test-work"), "main-test");
    Workload.deleteTree(dir);
    Path corpus = TinyCorpus.write(dir.resolve("tiny.jsonl.gz"), 200, 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code = BenchMain.run(new String[] {"--corpus", corpus.toString(), "--backends", "sqlite,neo4j",
        "--work-dir", dir.resolve("work").toString(), "--cold-repeats", "2", "--batch", "64"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();

    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(json.readTree(line));
    }
    assertThat(lines).extracting(l -> l.get("backend").asText()).containsExactly("sqlite", "neo4j");

    JsonNode sqlite = lines.get(0);
    assertThat(sqlite.get("status").asText()).isEqualTo("ok");
    JsonNode env = sqlite.get("environment");
    assertThat(env.get("java_version").asText()).isEqualTo(System.getProperty("java.version"));
    assertThat(env.get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(env.get("os").asText()).isNotBlank();
    assertThat(env.has("git_commit")).isTrue();
    assertThat(env.get("corpus").get("memories").asInt()).isEqualTo(200);
    assertThat(env.get("corpus").get("relationships").asInt()).isEqualTo(398);

    JsonNode phases = sqlite.get("phases");
    assertThat(phases.fieldNames()).toIterable().containsExactlyInAnyOrder(
        "store_single", "bulk_import", "relationships", "search", "traversal", "cold_open");
    for (JsonNode phase : phases) {
      for (String side : List.of("library", "raw")) {
        for (String stat : STATS) {
          assertThat(phase.get(side).has(stat)).as(side + "." + stat).isTrue();
        }
      }
    }
    assertCounts(phases.get("store_single"), 200, 200);
    assertThat(phases.get("store_single").get("ratio_throughput").isNumber()).isTrue();
    assertCounts(phases.get("bulk_import"), 4, 200);
    assertThat(phases.get("bulk_import").get("ratio_throughput").isNumber()).isTrue();
    assertCounts(phases.get("relationships"), 398, 398);
    JsonNode search = phases.get("search");
    assertThat(search.get("library").get("count").asInt()).isEqualTo(40);
    assertThat(search.get("library").get("items").asLong()).isPositive()
        .isEqualTo(search.get("raw").get("items").asLong());
    assertThat(search.get("queries_with_different_result_counts").asInt()).isZero();
    for (String r : List.of("ratio_p50", "ratio_p95", "ratio_p99")) {
      assertThat(search.get(r).isNumber()).as(r).isTrue();
    }
    JsonNode traversal = phases.get("traversal");
    assertThat(traversal.get("library").get("count").asInt()).isEqualTo(30);
    assertThat(traversal.get("starts_with_different_reach").asInt()).isZero();
    assertThat(traversal.get("library").get("items").asLong()).isPositive();
    assertThat(traversal.get("by_depth").fieldNames()).toIterable()
        .containsExactly("depth_1", "depth_2", "depth_3");
    JsonNode cold = phases.get("cold_open");
    assertThat(cold.get("library").get("count").asInt()).isEqualTo(2);
    assertThat(cold.get("library").get("items").asInt()).isEqualTo(2);
    assertThat(cold.get("library_heap_growth_mb").isNumber()).isTrue();
    JsonNode heap = sqlite.get("heap");
    for (String h : List.of("before_open_mb", "after_open_mb", "after_workload_mb")) {
      assertThat(heap.get(h).asDouble()).as(h).isPositive();
    }
    assertThat(sqlite.get("targets").size()).isGreaterThanOrEqualTo(6);
    assertThat(sqlite.get("settings").get("library").get("journal_mode").asText()).isEqualTo("wal");
    assertThat(sqlite.get("settings").get("raw").get("synchronous").asText())
        .isEqualTo(sqlite.get("settings").get("library").get("synchronous").asText());

    JsonNode neo4j = lines.get(1);
    assertThat(neo4j.get("status").asText()).isEqualTo("unavailable");
    assertThat(neo4j.get("reason").asText()).isNotBlank();
  }

  @Test
  void measuresTheTursoReplicaAgainstARealPrimary() throws Exception {
    if (ReplicaWorkload.tursodb().isEmpty()) {
      String why = "tursodb not found under memorygraph.tools/MEMORYGRAPH_TOOLS; run scripts/install-tursodb.sh";
      Assertions.assertFalse("true".equalsIgnoreCase(System.getProperty("MEMORYGRAPH_REQUIRE_SERVERS",
          System.getenv("MEMORYGRAPH_REQUIRE_SERVERS"))), why + " [MEMORYGRAPH_REQUIRE_SERVERS=true]");
      Assumptions.abort(why);
    }
    Path dir = Path.of(System.getProperty("memorygraph.bench.work", "target/test-work"), "replica-test");
    Workload.deleteTree(dir);
    Path corpus = TinyCorpus.write(dir.resolve("tiny.jsonl.gz"), 200, 9);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code = BenchMain.run(new String[] {"--corpus", corpus.toString(), "--backends", "turso-replica",
        "--work-dir", dir.resolve("work").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(r.get("backend").asText()).isEqualTo("turso-replica");
    assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("ok");
    JsonNode phases = r.get("phases");
    assertThat(phases.get("full_bootstrap").get("count").asInt()).isEqualTo(3);
    JsonNode sync = phases.get("sync_after_remote_changes");
    assertThat(sync.get("count").asInt()).isEqualTo(3);
    assertThat(sync.get("items").asInt()).isEqualTo(300);
    assertThat(sync.get("pulled_pages_total").asLong()).isPositive();
    assertThat(sync.get("ratio_p50_vs_full_bootstrap").isNumber()).isTrue();
    for (String p : List.of("search_local", "traversal_local")) {
      assertThat(phases.get(p).get("different_result_counts").asInt()).as(p).isZero();
      assertThat(phases.get(p).get("replica").get("items").asLong()).as(p)
          .isEqualTo(phases.get(p).get("sqlite_backend").get("items").asLong()).isPositive();
    }
    assertThat(r.get("targets").size()).isEqualTo(3);
    // The run cleans up after itself (the primary server is stopped before its directory goes).
    assertThat(dir.resolve("work").resolve("turso-replica")).doesNotExist();
  }

  @Test
  void rejectsUnknownOptions() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BenchMain.run(new String[] {"--nope", "1"}, sink, sink))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nope");
    assertThatThrownBy(() -> BenchMain.run(new String[] {"--corpus", "/no/such/file"}, sink, sink))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--corpus");
  }

  private static void assertCounts(JsonNode phase, int ops, int items) {
    for (String side : List.of("library", "raw")) {
      assertThat(phase.get(side).get("count").asInt()).as(side + " count").isEqualTo(ops);
      assertThat(phase.get(side).get("items").asInt()).as(side + " items").isEqualTo(items);
    }
  }
}
