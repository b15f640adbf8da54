package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.TraversalOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The per-operation workload of a server backend (FalkorDB, Neo4j): the library through its
 * {@link MemoryGraph} facade beside the raw driver running the same queries, interleaved
 * operation by operation and alternating which side goes first.
 *
 * <p>Operations: store one memory (every memory of the slice, which also loads both graphs), get
 * one memory by id, the corpus searches, and a depth-2 traversal from every corpus traversal start.
 * Relationships are created on both graphs through the library before the reads, unmeasured: they
 * are set-up, not one of the compared operations.
 */
public final class ServerWorkload {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;
  /** The target: per-operation time at most this multiple of the raw driver's. */
  public static final double TARGET_RATIO = 1.3;
  /** Traversal depth compared. */
  public static final int DEPTH = 2;

  private final Corpus corpus;
  private final int warmupRounds;
  private final int rounds;
  private final PrintStream log;

  /**
   * A workload over a corpus slice.
   *
   * @param corpus the slice (its memories, relationships among them, searches, traversals)
   * @param warmupRounds unmeasured passes over the reads
   * @param rounds measured passes over the reads
   * @param log progress output
   */
  public ServerWorkload(Corpus corpus, int warmupRounds, int rounds, PrintStream log) {
    this.corpus = corpus;
    this.warmupRounds = warmupRounds;
    this.rounds = rounds;
    this.log = log;
  }

  /**
   * Runs every operation and returns the report's body (without environment).
   *
   * @param name the backend name
   * @param library the library on its own, empty graph
   * @param rawGraphSetup the library on the raw side's graph, used only to create its schema
   *     (already done when opened) and its relationships, never timed; {@code library} itself
   *     when both sides share one database
   * @param raw the raw driver on that graph
   */
  public ObjectNode run(String name, MemoryGraph library, MemoryGraph rawGraphSetup, RawServerTarget raw) {
    ObjectNode out = J.objectNode();
    out.put("backend", name);
    out.put("status", "ok");
    Stats.put(out, "load_average_start", Workload.loadAverage());
    ObjectNode ops = J.objectNode();

    List<Memory> ms = corpus.memories();
    log.printf("[%s] store one at a time: %d memories on each side%n", name, ms.size());
    Stats[] store = {new Stats(ms.size()), new Stats(ms.size())};
    for (int i = 0; i < ms.size(); i++) {
      Memory m = ms.get(i);
      pairTimed(store, i, () -> {
        library.store(m);
        return 1;
      }, () -> {
        raw.storeOne(m);
        return 1;
      });
    }
    ops.set("store_single", summary(store, 0));
    raw.afterStores();

    log.printf("[%s] linking %d relationships (set-up, not measured)%n", name, corpus.relationships().size());
    library.linkAll(corpus.relationships());
    if (rawGraphSetup != library) {
      rawGraphSetup.linkAll(corpus.relationships());
    }

    int sample = Math.min(ms.size(), 1000);
    log.printf("[%s] get by id: %d ids, %d warm-up + %d measured rounds%n", name, sample, warmupRounds, rounds);
    List<String> ids = new ArrayList<>(sample);
    for (int i = 0; i < sample; i++) {
      ids.add(ms.get((int) ((long) i * ms.size() / sample)).id());
    }
    ops.set("get_by_id", reads(ids.size(),
        i -> library.get(ids.get(i)).isPresent() ? 1 : 0,
        i -> raw.get(ids.get(i)) ? 1 : 0));

    List<Corpus.Query> qs = corpus.queries();
    log.printf("[%s] search: %d queries%n", name, qs.size());
    ObjectNode search = reads(qs.size(),
        i -> library.search(qs.get(i).query()).items().size(),
        i -> raw.search(qs.get(i)));
    search.put("limit", Corpus.SEARCH_LIMIT);
    ops.set("search", search);

    List<String> starts = corpus.traversals().stream().map(Corpus.Traversal::start).distinct().toList();
    log.printf("[%s] traversal depth %d: %d starts%n", name, DEPTH, starts.size());
    TraversalOptions opts = TraversalOptions.builder().maxDepth(DEPTH).limit(RawSqliteTarget.TRAVERSAL_LIMIT).build();
    ObjectNode trav = reads(starts.size(),
        i -> library.related(starts.get(i), opts).size(),
        i -> raw.traverse(starts.get(i), DEPTH, RawSqliteTarget.TRAVERSAL_LIMIT));
    trav.put("depth", DEPTH);
    trav.put("limit", RawSqliteTarget.TRAVERSAL_LIMIT);
    ops.set("traversal_depth_2", trav);

    ObjectNode describe = J.objectNode();
    ObjectNode lib = describe.putObject("library");
    lib.put("backend_name", library.backend().backendName());
    ObjectNode rawDescribe = describe.putObject("raw");
    raw.describe().forEach(rawDescribe::put);
    out.set("settings", describe);
    Stats.put(out, "load_average_end", Workload.loadAverage());
    out.set("phases", ops);
    ArrayNode t = J.arrayNode();
    ops.properties().forEach(e -> target(t, e.getKey(), e.getValue().path("ratio_p50").asDouble(Double.NaN)));
    out.set("targets", t);
    return out;
  }

  /** A read operation over {@code n} inputs: warm-up rounds, then measured rounds. */
  private ObjectNode reads(int n, java.util.function.IntUnaryOperator lib, java.util.function.IntUnaryOperator raw) {
    for (int w = 0; w < warmupRounds; w++) {
      for (int i = 0; i < n; i++) {
        lib.applyAsInt(i);
        raw.applyAsInt(i);
      }
    }
    Stats[] s = {new Stats(n * rounds), new Stats(n * rounds)};
    int mismatches = 0;
    int k = 0;
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < n; i++) {
        int idx = i;
        if (!pairTimed(s, k++, () -> lib.applyAsInt(idx), () -> raw.applyAsInt(idx))) {
          mismatches++;
        }
      }
    }
    return summary(s, mismatches);
  }

  /** Times one operation on each side, alternating the order; whether both returned the same count. */
  private static boolean pairTimed(Stats[] s, int k, IntSupplier lib, IntSupplier raw) {
    int[] n = new int[2];
    if ((k & 1) == 0) {
      s[0].add(timed(() -> n[0] = lib.getAsInt()));
      s[1].add(timed(() -> n[1] = raw.getAsInt()));
    } else {
      s[1].add(timed(() -> n[1] = raw.getAsInt()));
      s[0].add(timed(() -> n[0] = lib.getAsInt()));
    }
    s[0].addItems(n[0]);
    s[1].addItems(n[1]);
    return n[0] == n[1];
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return System.nanoTime() - t0;
  }

  private static ObjectNode summary(Stats[] s, int mismatches) {
    ObjectNode o = J.objectNode();
    o.set("library", s[0].toJson());
    o.set("raw", s[1].toJson());
    o.put("operations_with_different_result_counts", mismatches);
    Stats.put(o, "ratio_p50", s[0].percentileMs(0.50) / s[1].percentileMs(0.50));
    Stats.put(o, "ratio_p95", s[0].percentileMs(0.95) / s[1].percentileMs(0.95));
    Stats.put(o, "ratio_mean", (double) s[0].totalNanos() / s[0].count() / ((double) s[1].totalNanos() / s[1].count()));
    return o;
  }

  private void target(ArrayNode t, String op, double value) {
    ObjectNode o = t.addObject();
    o.put("figure", op + " median, library/raw driver running the same query");
    Stats.put(o, "value", value);
    o.put("target", "<= " + TARGET_RATIO);
    o.put("target_corpus", "any");
    o.put("this_corpus_memories", corpus.memories().size());
    if (Double.isNaN(value)) {
      o.putNull("met");
    } else {
      o.put("met", value <= TARGET_RATIO);
    }
  }
}
