package dev.memorygraph.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Neo4j per-operation workload on a real in-process Neo4j (neo4j-harness, test scope). The
 * tiny run checks fields and counts; the full run (a corpus slice, figures printed on standard
 * output and written to target/neo4j-bench.json) runs only when
 * {@code -Dmemorygraph.bench.neo4j.corpus=PATH} is given.
 */
class Neo4jServerBenchTest {
  private static final List<String> OPS = List.of("store_single", "get_by_id", "search", "traversal_depth_2");

  private static Path work(String name) {
    return Path.of(System.getProperty("memorygraph.bench.work", "target/test-work"), name);
  }

  @Test
  void neo4jLibraryBesideTheRawDriverOnATinyCorpus() throws Exception {
    Path dir = work("neo4j-test");
    Workload.deleteTree(dir);
    Path file = TinyCorpus.write(dir.resolve("tiny.jsonl.gz"), 100, 13);
    Corpus slice = Corpus.load(file, 100, true);
    ObjectNode r = Neo4jBench.run(slice, dir.resolve("work"), 0, 1,
        new PrintStream(System.err, true, StandardCharsets.UTF_8));
    assertThat(r.get("status").asText()).isEqualTo("ok");
    JsonNode phases = r.get("phases");
    assertThat(phases.fieldNames()).toIterable().containsExactlyElementsOf(OPS);
    for (String op : OPS) {
      JsonNode p = phases.get(op);
      assertThat(p.get("operations_with_different_result_counts").asInt()).as(op).isZero();
      assertThat(p.get("library").get("items").asLong()).as(op).isPositive()
          .isEqualTo(p.get("raw").get("items").asLong());
      assertThat(p.get("ratio_p50").isNumber()).as(op).isTrue();
    }
    assertThat(phases.get("store_single").get("raw").get("count").asInt()).isEqualTo(100);
    assertThat(phases.get("get_by_id").get("raw").get("items").asInt()).isEqualTo(100);
    assertThat(phases.get("search").get("library").get("count").asInt()).isEqualTo(40);
    long starts = slice.traversals().stream().map(Corpus.Traversal::start).distinct().count();
    assertThat(phases.get("traversal_depth_2").get("library").get("count").asLong()).isEqualTo(starts);
    assertThat(r.get("targets").size()).isEqualTo(OPS.size());
    assertThat(r.get("settings").get("raw").get("server").asText()).startsWith("Neo4j 5.26");
    assertThat(dir.resolve("work").resolve("neo4j")).doesNotExist();
  }

  @Test
  void neo4jOnACorpusSlice() throws Exception {
    String corpus = System.getProperty("memorygraph.bench.neo4j.corpus");
    Assumptions.assumeTrue(corpus != null && !corpus.isBlank(),
        "the full Neo4j run needs -Dmemorygraph.bench.neo4j.corpus=PATH (and optionally"
            + " -Dmemorygraph.bench.neo4j.memories=N, default 2000; -Dmemorygraph.bench.neo4j.rounds=N)");
    int n = Integer.parseInt(System.getProperty("memorygraph.bench.neo4j.memories", "2000"));
    int rounds = Integer.parseInt(System.getProperty("memorygraph.bench.neo4j.rounds", "1"));
    Corpus slice = Corpus.load(Path.of(corpus), n, true);
    long start = System.nanoTime();
    ObjectNode r = Neo4jBench.run(slice, work("neo4j-full"), 1, rounds,
        new PrintStream(System.err, true, StandardCharsets.UTF_8));
    r.put("elapsed_s", Stats.round((System.nanoTime() - start) / 1e9));
    ObjectNode s = r.putObject("slice");
    s.put("corpus", corpus);
    s.put("memories", slice.memories().size());
    s.put("relationships", slice.relationships().size());
    s.put("queries", slice.queries().size());
    s.put("traversal_starts", slice.traversals().stream().map(Corpus.Traversal::start).distinct().count());
    s.put("rounds", rounds);
    s.put("java_version", System.getProperty("java.version"));
    s.put("cores", Runtime.getRuntime().availableProcessors());
    String line = new ObjectMapper().writeValueAsString(r);
    System.out.println(line);
    Files.writeString(Path.of("target", "neo4j-bench.json"), line + "\n");
    assertThat(r.get("status").asText()).isEqualTo("ok");
  }
}
