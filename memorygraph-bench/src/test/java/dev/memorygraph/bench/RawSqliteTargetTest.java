package dev.memorygraph.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The raw baseline must do the same work as the library: same matches, same reach. */
class RawSqliteTargetTest {
  private static Corpus corpus;
  private static Path dir;

  @BeforeAll
  static void corpus() throws Exception {
    dir = Path.of(System.getProperty("memorygraph.bench.work", "target/test-work"), "raw-test");
    Workload.deleteTree(dir);
    corpus = Corpus.load(TinyCorpus.write(dir.resolve("tiny.jsonl.gz"), 200, 11));
  }

  @Test
  void corpusIsParsedCompletely() {
    assertThat(corpus.memories()).hasSize(200);
    assertThat(corpus.relationships()).hasSize(2 * 199);
    assertThat(corpus.queries()).hasSize(40);
    assertThat(corpus.traversals()).hasSize(30);
    assertThat(corpus.relationships()).extracting(Relationship::id).doesNotHaveDuplicates();
    // A second load gives the same relationship ids, so runs are comparable.
    assertThat(Corpus.load(corpus.path()).relationships().get(5).id())
        .isEqualTo(corpus.relationships().get(5).id());
  }

  @Test
  void searchesAndTraversalsMatchAPlainScan() {
    try (RawSqliteTarget raw = new RawSqliteTarget("NORMAL")) {
      raw.open(dir.resolve("raw-batch.db"));
      raw.storeBatch(corpus.memories().subList(0, 150));
      for (Memory m : corpus.memories().subList(150, 200)) {
        raw.storeOne(m);
      }
      raw.linkBatch(corpus.relationships().subList(0, 100));
      for (Relationship r : corpus.relationships().subList(100, corpus.relationships().size())) {
        raw.link(r);
      }
      int nonEmpty = 0;
      for (Corpus.Query q : corpus.queries()) {
        int expected = (int) Math.min(Corpus.SEARCH_LIMIT, scan(q));
        assertThat(raw.search(q)).as(q.query().text()).isEqualTo(expected);
        nonEmpty += expected > 0 ? 1 : 0;
      }
      assertThat(nonEmpty).isGreaterThan(10);
      for (Corpus.Traversal t : corpus.traversals()) {
        assertThat(raw.traverse(t)).as(t.toString()).isEqualTo(bfs(t));
      }
      assertThat(raw.describe()).containsEntry("journal_mode", "wal").containsEntry("synchronous", "1");
    }
  }

  private static long scan(Corpus.Query q) {
    return corpus.memories().stream().filter(m -> {
      Set<String> words = new HashSet<>();
      for (String f : new String[] {m.title(), m.content(), m.summary(), String.join(" ", m.tags())}) {
        if (f != null) {
          words.addAll(List.of(f.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
        }
      }
      return words.containsAll(q.terms())
          && (q.types().isEmpty() || q.types().contains(m.type().id()))
          && (q.tags().isEmpty() || m.tags().stream().anyMatch(q.tags()::contains));
    }).count();
  }

  private static int bfs(Corpus.Traversal t) {
    Map<String, List<String>> adj = new HashMap<>();
    for (Relationship r : corpus.relationships()) {
      adj.computeIfAbsent(r.fromId(), k -> new java.util.ArrayList<>()).add(r.toId());
      adj.computeIfAbsent(r.toId(), k -> new java.util.ArrayList<>()).add(r.fromId());
    }
    Map<String, Integer> depth = new HashMap<>();
    depth.put(t.start(), 0);
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(t.start()));
    while (!queue.isEmpty()) {
      String id = queue.poll();
      int d = depth.get(id);
      if (d == t.depth()) {
        continue;
      }
      for (String n : adj.getOrDefault(id, List.of())) {
        if (!depth.containsKey(n)) {
          depth.put(n, d + 1);
          queue.add(n);
        }
      }
    }
    return Math.min(RawSqliteTarget.TRAVERSAL_LIMIT, depth.size() - 1);
  }
}
