package dev.memorygraph.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the server backends' per-operation workload on a tiny corpus against a real server and
 * checks the report's fields and counts (never its timings).
 */
class ServerBackendsTest {
  private static final List<String> OPS = List.of("store_single", "get_by_id", "search", "traversal_depth_2");

  @Test
  void falkordbLibraryBesideTheRawDriver() throws Exception {
    FalkorDbBench.unavailableReason().ifPresent(why -> {
      Assertions.assertFalse("true".equalsIgnoreCase(System.getProperty("MEMORYGRAPH_REQUIRE_SERVERS",
          System.getenv("MEMORYGRAPH_REQUIRE_SERVERS"))), why + " [MEMORYGRAPH_REQUIRE_SERVERS=true]");
      Assumptions.abort(why);
    });
    Path dir = Path.of(System.getProperty("memorygraph.bench.work", "target/test-work"), "falkordb-test");
    Workload.deleteTree(dir);
    Path corpus = TinyCorpus.write(dir.resolve("tiny.jsonl.gz"), 200, 11);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code = BenchMain.run(new String[] {"--corpus", corpus.toString(), "--backends", "falkordb",
        "--server-memories", "120", "--work-dir", dir.resolve("work").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(r.get("backend").asText()).isEqualTo("falkordb");
    assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("ok");
    JsonNode slice = r.get("slice");
    assertThat(slice.get("memories").asInt()).isEqualTo(120);
    assertThat(slice.get("relationships").asInt()).isPositive();
    int starts = slice.get("traversal_starts").asInt();
    assertThat(starts).isPositive();

    JsonNode phases = r.get("phases");
    assertThat(phases.fieldNames()).toIterable().containsExactlyElementsOf(OPS);
    for (String op : OPS) {
      JsonNode p = phases.get(op);
      assertThat(p.get("operations_with_different_result_counts").asInt()).as(op).isZero();
      assertThat(p.get("library").get("items").asLong()).as(op)
          .isEqualTo(p.get("raw").get("items").asLong());
      assertThat(p.get("library").get("count").asInt()).as(op).isEqualTo(p.get("raw").get("count").asInt());
      for (String ratio : List.of("ratio_p50", "ratio_p95", "ratio_mean")) {
        assertThat(p.get(ratio).isNumber()).as(op + "." + ratio).isTrue();
      }
    }
    assertThat(phases.get("store_single").get("library").get("count").asInt()).isEqualTo(120);
    assertThat(phases.get("get_by_id").get("library").get("items").asInt()).isEqualTo(120);
    assertThat(phases.get("search").get("library").get("count").asInt()).isEqualTo(40);
    assertThat(phases.get("search").get("library").get("items").asLong()).isPositive();
    assertThat(phases.get("traversal_depth_2").get("library").get("count").asInt()).isEqualTo(starts);
    assertThat(phases.get("traversal_depth_2").get("library").get("items").asLong()).isPositive();

    JsonNode targets = r.get("targets");
    assertThat(targets.size()).isEqualTo(OPS.size());
    for (JsonNode t : targets) {
      assertThat(t.get("target").asText()).isEqualTo("<= 1.3");
      assertThat(t.get("value").isNumber()).isTrue();
      assertThat(t.get("met").isBoolean()).isTrue();
    }
    // The server was stopped and its data folder removed.
    assertThat(dir.resolve("work").resolve("falkordb")).doesNotExist();
  }
}
