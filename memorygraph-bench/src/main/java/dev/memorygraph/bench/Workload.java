package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * The fixed workload, run on the library and on the raw baseline side by side in the same JVM,
 * on the same data, interleaving the two sides operation by operation so that machine noise
 * falls on both alike.
 *
 * <p>Phases: one-at-a-time durable store; bulk import in batches; every relationship; the corpus
 * searches; the corpus traversals; cold open of the bulk-loaded store plus one search. Heap used
 * is reported after the library opened its store and after the workload.
 */
public final class Workload {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;

  /** The workload's phases, selectable with {@code --phases}. */
  public enum Phase {
    /** Every memory stored by its own durable call, into a separate fresh store. */
    STORE,
    /** Every memory stored with storeAll in batches, into the store later phases read. */
    BULK,
    /** Every relationship created. */
    RELATIONSHIPS,
    /** The corpus searches. */
    SEARCH,
    /** The corpus traversals. */
    TRAVERSE,
    /** Opening the store anew and answering one search. */
    COLDOPEN;

    /** Parses a comma-separated list, or "all". */
    public static Set<Phase> parse(String csv) {
      if (csv.equalsIgnoreCase("all")) {
        return EnumSet.allOf(Phase.class);
      }
      EnumSet<Phase> out = EnumSet.noneOf(Phase.class);
      for (String s : csv.split(",")) {
        String n = s.strip().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (n.equals("TRAVERSAL")) {
          n = "TRAVERSE";
        }
        out.add(Phase.valueOf(n));
      }
      return out;
    }
  }

  /**
   * Run settings.
   *
   * @param phases which phases to run (BULK, and RELATIONSHIPS for traversals, are added when a
   *     later phase needs their data)
   * @param batchSize memories per storeAll call and per raw transaction
   * @param relBatchSize relationships per call (1 = one call and one transaction each)
   * @param warmupRounds unmeasured passes over the searches and traversals
   * @param rounds measured passes over the searches and traversals
   * @param coldRepeats measured cold opens per side
   * @param workDir where the stores are created
   * @param keep whether to keep the stores afterwards
   */
  public record Settings(Set<Phase> phases, int batchSize, int relBatchSize, int warmupRounds,
      int rounds, int coldRepeats, Path workDir, boolean keep) {
    /** Adds the bulk load when a later phase reads its data. */
    public Settings {
      EnumSet<Phase> p = phases.isEmpty() ? EnumSet.noneOf(Phase.class) : EnumSet.copyOf(phases);
      if (p.contains(Phase.TRAVERSE)) {
        p.add(Phase.RELATIONSHIPS);
      }
      if (p.contains(Phase.RELATIONSHIPS) || p.contains(Phase.SEARCH) || p.contains(Phase.COLDOPEN)) {
        p.add(Phase.BULK);
      }
      phases = Set.copyOf(p);
      if (batchSize < 1 || relBatchSize < 1 || warmupRounds < 0 || rounds < 1 || coldRepeats < 1) {
        throw new IllegalArgumentException("batch sizes, rounds and repeats must be positive");
      }
    }
  }

  private final Corpus corpus;
  private final Settings settings;
  private final PrintStream log;

  /** A workload over a corpus. */
  public Workload(Corpus corpus, Settings settings, PrintStream log) {
    this.corpus = corpus;
    this.settings = settings;
    this.log = log;
  }

  /**
   * Runs every selected phase for one backend and returns its report (without environment).
   *
   * @param backend the backend
   * @param library the library side, unopened
   * @param reference another backend's report to compare with (turso-local vs sqlite), or null
   */
  public ObjectNode run(BenchBackend backend, LibraryTarget library, ObjectNode reference) {
    ObjectNode out = J.objectNode();
    out.put("backend", backend.name());
    out.put("status", "ok");
    Stats.put(out, "load_average_start", loadAverage());
    Path dir = settings.workDir().resolve(backend.name());
    recreate(dir);
    long heapBase = usedHeapAfterGc();
    ObjectNode heap = J.objectNode();
    heap.put("before_open_mb", mb(heapBase));

    Path libMain = dir.resolve("library-bulk.db");
    Path rawMain = dir.resolve("raw-bulk.db");
    library.open(libMain);
    long heapOpen = usedHeapAfterGc();
    heap.put("after_open_mb", mb(heapOpen));
    heap.put("open_growth_mb", mb(heapOpen - heapBase));
    String sync = synchronousOf(library);
    BenchTarget raw = backend.raw().apply(sync);
    raw.open(rawMain);
    ObjectNode phases = J.objectNode();
    try {
      if (settings.phases().contains(Phase.STORE)) {
        phases.set("store_single", timedPhase(() -> storeSingle(backend, dir, sync)));
      }
      if (settings.phases().contains(Phase.BULK)) {
        phases.set("bulk_import", timedPhase(() -> bulk(library, raw)));
      }
      if (settings.phases().contains(Phase.RELATIONSHIPS)) {
        phases.set("relationships", timedPhase(() -> relationships(library, raw)));
      }
      if (settings.phases().contains(Phase.SEARCH)) {
        phases.set("search", timedPhase(() -> search(library, raw)));
      }
      if (settings.phases().contains(Phase.TRAVERSE)) {
        phases.set("traversal", timedPhase(() -> traverse(library, raw)));
      }
      long heapEnd = usedHeapAfterGc();
      heap.put("after_workload_mb", mb(heapEnd));
      heap.put("workload_growth_mb", mb(heapEnd - heapBase));
      ObjectNode describe = J.objectNode();
      describe.set("library", toJson(library.describe()));
      describe.set("raw", toJson(raw.describe()));
      out.set("settings", describe);
    } finally {
      library.close();
      raw.close();
    }
    if (settings.phases().contains(Phase.COLDOPEN)) {
      phases.set("cold_open", timedPhase(() -> coldOpen(library, raw, libMain, rawMain)));
    }
    Stats.put(out, "load_average_end", loadAverage());
    out.set("heap", heap);
    out.set("phases", phases);
    out.set("targets", targets(backend, phases, heap, reference));
    if (!settings.keep()) {
      deleteTree(dir);
    }
    return out;
  }

  // ---- phases ----

  private ObjectNode storeSingle(BenchBackend backend, Path dir, String sync) {
    List<Memory> ms = corpus.memories();
    log.printf("[%s] store one at a time: %d memories%n", backend.name(), ms.size());
    Stats lib = new Stats(ms.size());
    Stats raw = new Stats(ms.size());
    LibraryTarget l = new LibraryTarget(backend.provider().orElseThrow(), backend.config(), List.of());
    BenchTarget r = backend.raw().apply(sync);
    try {
      l.open(dir.resolve("library-single.db"));
      r.open(dir.resolve("raw-single.db"));
      for (int i = 0; i < ms.size(); i++) {
        Memory m = ms.get(i);
        timeInTurn(i, lib, () -> l.storeOne(m), raw, () -> r.storeOne(m));
      }
    } finally {
      l.close();
      r.close();
    }
    lib.addItems(lib.count());
    raw.addItems(raw.count());
    deleteStore(dir.resolve("library-single.db"));
    deleteStore(dir.resolve("raw-single.db"));
    ObjectNode o = pair(lib, raw);
    o.put("durability", "one call = one committed transaction, synchronous=" + sync);
    Stats.put(o, "ratio_throughput", lib.opsPerSecond() / raw.opsPerSecond());
    Stats.put(o, "ratio_p50", lib.percentileMs(0.5) / raw.percentileMs(0.5));
    return o;
  }

  private ObjectNode bulk(BenchTarget library, BenchTarget raw) {
    List<Memory> ms = corpus.memories();
    int b = settings.batchSize();
    log.printf("bulk import: %d memories in batches of %d%n", ms.size(), b);
    return inSlices(ms, b, library, raw, BenchTarget::storeBatch);
  }

  private ObjectNode relationships(BenchTarget library, BenchTarget raw) {
    List<Relationship> rs = corpus.relationships();
    int b = settings.relBatchSize();
    log.printf("relationships: %d, %s%n", rs.size(), b == 1 ? "one call each" : "batches of " + b);
    return inSlices(rs, b, library, raw, b == 1 ? (t, one) -> t.link(one.get(0)) : BenchTarget::linkBatch);
  }

  /**
   * Times {@code op} on both sides over consecutive slices of {@code items}, {@code b} items a
   * slice, taking turns at going first; the throughput counts items, not calls.
   */
  private static <T> ObjectNode inSlices(List<T> items, int b, BenchTarget library, BenchTarget raw,
      BiConsumer<BenchTarget, List<T>> op) {
    Stats lib = new Stats(items.size() / b + 1);
    Stats rw = new Stats(items.size() / b + 1);
    int k = 0;
    for (int i = 0; i < items.size(); i += b, k++) {
      List<T> slice = items.subList(i, Math.min(items.size(), i + b));
      timeInTurn(k, lib, () -> op.accept(library, slice), rw, () -> op.accept(raw, slice));
      lib.addItems(slice.size());
      rw.addItems(slice.size());
    }
    ObjectNode o = pair(lib, rw);
    o.put("batch_size", b);
    Stats.put(o, "ratio_throughput", lib.itemsPerSecond() / rw.itemsPerSecond());
    return o;
  }

  private ObjectNode search(BenchTarget library, BenchTarget raw) {
    List<Corpus.Query> qs = corpus.queries();
    log.printf("search: %d queries, %d warm-up + %d measured rounds%n", qs.size(),
        settings.warmupRounds(), settings.rounds());
    Stats lib = new Stats(qs.size() * settings.rounds());
    Stats rw = new Stats(qs.size() * settings.rounds());
    int mismatches = readRounds(qs, library::search, lib, raw::search, rw, q -> null);
    ObjectNode o = pair(lib, rw);
    o.put("limit", Corpus.SEARCH_LIMIT);
    o.put("queries_with_different_result_counts", mismatches);
    ratios(o, lib, rw);
    return o;
  }

  private ObjectNode traverse(BenchTarget library, BenchTarget raw) {
    List<Corpus.Traversal> ts = corpus.traversals();
    log.printf("traversal: %d starts, %d warm-up + %d measured rounds%n", ts.size(),
        settings.warmupRounds(), settings.rounds());
    Map<Integer, Stats[]> byDepth = new TreeMap<>();
    Stats lib = new Stats(ts.size() * settings.rounds());
    Stats rw = new Stats(ts.size() * settings.rounds());
    int mismatches = readRounds(ts, library::traverse, lib, raw::traverse, rw,
        t -> byDepth.computeIfAbsent(t.depth(), x -> new Stats[] {new Stats(64), new Stats(64)}));
    ObjectNode o = pair(lib, rw);
    o.put("limit", RawSqliteTarget.TRAVERSAL_LIMIT);
    o.put("starts_with_different_reach", mismatches);
    ratios(o, lib, rw);
    ObjectNode depths = J.objectNode();
    byDepth.forEach((depth, s) -> {
      ObjectNode d = pair(s[0], s[1]);
      ratios(d, s[0], s[1]);
      depths.set("depth_" + depth, d);
    });
    o.set("by_depth", depths);
    return o;
  }

  private ObjectNode coldOpen(BenchTarget library, BenchTarget raw, Path libStore, Path rawStore) {
    Corpus.Query q = corpus.queries().get(0);
    log.printf("cold open + one search, %d repeats%n", settings.coldRepeats());
    Stats lib = new Stats(settings.coldRepeats());
    Stats rw = new Stats(settings.coldRepeats());
    Stats libHeap = new Stats(settings.coldRepeats());
    Stats rawHeap = new Stats(settings.coldRepeats());
    for (int i = 0; i < settings.coldRepeats(); i++) {
      inTurn(i, () -> coldOnce(library, libStore, q, lib, libHeap),
          () -> coldOnce(raw, rawStore, q, rw, rawHeap));
    }
    ObjectNode o = pair(lib, rw);
    o.put("query", q.query().text());
    o.put("note", "same JVM (driver and classes already loaded), OS page cache warm");
    ratios(o, lib, rw);
    // Heap growth is kept in the Stats as bytes-in-nanos; the median is what is reported.
    Stats.put(o, "library_heap_growth_mb", libHeap.percentileMs(0.5) * 1e6 / (1024 * 1024));
    Stats.put(o, "raw_heap_growth_mb", rawHeap.percentileMs(0.5) * 1e6 / (1024 * 1024));
    return o;
  }

  private void coldOnce(BenchTarget side, Path store, Corpus.Query q, Stats time, Stats heap) {
    long before = usedHeapAfterGc();
    long t0 = System.nanoTime();
    AutoCloseable handle = side.openAndSearch(store, q);
    time.add(System.nanoTime() - t0);
    time.addItems(1);
    try {
      heap.add(Math.max(0, usedHeapAfterGc() - before));
    } finally {
      try {
        handle.close();
      } catch (Exception e) {
        throw new IllegalStateException(side.label() + ": close after cold open failed", e);
      }
    }
  }

  // ---- targets ----

  private ArrayNode targets(BenchBackend backend, ObjectNode phases, ObjectNode heap, ObjectNode reference) {
    ArrayNode t = J.arrayNode();
    check(t, phases, "store_single", "ratio_throughput", ">=", 0.8, "any",
        "one-at-a-time durable store throughput, library/raw");
    check(t, phases, "bulk_import", "ratio_throughput", ">=", 0.8, "any",
        "bulk import throughput, library/raw (same FTS indexing)");
    check(t, phases, "search", "ratio_p50", "<=", 1.5, "100k", "search median, library/raw FTS5 bm25");
    check(t, phases, "search", "ratio_p99", "<=", 2.0, "100k", "search p99, library/raw FTS5 bm25");
    if (phases.has("traversal") && phases.get("traversal").path("by_depth").has("depth_3")) {
      add(t, "traversal depth 3 median, library/raw neighbour queries",
          phases.get("traversal").get("by_depth").get("depth_3").path("ratio_p50").asDouble(Double.NaN),
          "<=", 2.0, "100k");
    }
    check(t, phases, "cold_open", "ratio_p50", "<=", 2.0, "1M", "cold open to first search, library/raw");
    if (phases.has("cold_open")) {
      add(t, "library heap growth at cold open (MB)",
          phases.get("cold_open").path("library_heap_growth_mb").asDouble(Double.NaN), "<", 32, "1M");
    }
    if (reference != null && backend.name().startsWith("turso")) {
      ObjectNode refPhases = (ObjectNode) reference.path("phases");
      for (String p : List.of("search", "traversal")) {
        double mine = phases.path(p).path("library").path("p50_ms").asDouble(Double.NaN);
        double theirs = refPhases.path(p).path("library").path("p50_ms").asDouble(Double.NaN);
        add(t, p + " median vs the sqlite backend (local reads)", mine / theirs, "<=", 1.2, "any");
      }
    }
    return t;
  }

  private void check(ArrayNode t, ObjectNode phases, String phase, String field, String op,
      double target, String at, String what) {
    if (phases.has(phase)) {
      add(t, what, phases.get(phase).path(field).asDouble(Double.NaN), op, target, at);
    }
  }

  private void add(ArrayNode t, String what, double value, String op, double target, String at) {
    ObjectNode o = t.addObject();
    o.put("figure", what);
    Stats.put(o, "value", value);
    o.put("target", op + " " + target);
    o.put("target_corpus", at);
    o.put("this_corpus_memories", corpus.memories().size());
    if (Double.isNaN(value)) {
      o.putNull("met");
    } else {
      boolean met = op.equals(">=") ? value >= target : op.equals("<=") ? value <= target : value < target;
      o.put("met", met);
    }
  }

  // ---- helpers ----

  private static ObjectNode pair(Stats lib, Stats raw) {
    ObjectNode o = J.objectNode();
    o.set("library", lib.toJson());
    o.set("raw", raw.toJson());
    return o;
  }

  private static void ratios(ObjectNode o, Stats lib, Stats raw) {
    Stats.put(o, "ratio_p50", lib.percentileMs(0.50) / raw.percentileMs(0.50));
    Stats.put(o, "ratio_p95", lib.percentileMs(0.95) / raw.percentileMs(0.95));
    Stats.put(o, "ratio_p99", lib.percentileMs(0.99) / raw.percentileMs(0.99));
    Stats.put(o, "ratio_mean", (double) lib.totalNanos() / lib.count() / ((double) raw.totalNanos() / raw.count()));
  }

  private static String synchronousOf(LibraryTarget library) {
    String v = library.describe().getOrDefault("synchronous", "");
    switch (v.strip()) {
      case "0": return "OFF";
      case "1": return "NORMAL";
      case "2": return "FULL";
      case "3": return "EXTRA";
      default: return "NORMAL";
    }
  }

  /** Runs a phase and records its wall-clock seconds (both sides, warm-ups included). */
  private static ObjectNode timedPhase(java.util.function.Supplier<ObjectNode> phase) {
    long t0 = System.nanoTime();
    ObjectNode o = phase.get();
    Stats.put(o, "phase_elapsed_s", (System.nanoTime() - t0) / 1e9);
    return o;
  }

  /**
   * A read phase: the warm-up rounds (unmeasured), then the measured rounds, each running every
   * item on both sides, taking turns at going first. Each side's time and returned count go to its
   * Stats, and also to the pair {@code alsoInto} gives for the item (null for none); the number of
   * runs whose two counts differed is returned.
   */
  private <T> int readRounds(List<T> items, ToIntFunction<T> libraryOp, Stats lib, ToIntFunction<T> rawOp,
      Stats rw, Function<T, Stats[]> alsoInto) {
    for (int w = 0; w < settings.warmupRounds(); w++) {
      for (T item : items) {
        libraryOp.applyAsInt(item);
        rawOp.applyAsInt(item);
      }
    }
    int mismatches = 0;
    int k = 0;
    for (int round = 0; round < settings.rounds(); round++) {
      for (T item : items) {
        Stats[] also = alsoInto.apply(item);
        int[] n = new int[2];
        long[] ns = new long[2];
        inTurn(k++, () -> ns[0] = timed(() -> n[0] = libraryOp.applyAsInt(item)),
            () -> ns[1] = timed(() -> n[1] = rawOp.applyAsInt(item)));
        record(lib, ns[0], n[0]);
        record(rw, ns[1], n[1]);
        if (also != null) {
          record(also[0], ns[0], n[0]);
          record(also[1], ns[1], n[1]);
        }
        if (n[0] != n[1]) {
          mismatches++;
        }
      }
    }
    return mismatches;
  }

  private static void record(Stats s, long nanos, int items) {
    s.add(nanos);
    s.addItems(items);
  }

  /**
   * Runs one step of each side, the library's first on even turns and the raw side's first on odd
   * ones, so that neither side always runs on what the other just warmed (caches, JIT, pages).
   */
  private static void inTurn(int turn, Runnable library, Runnable raw) {
    if ((turn & 1) == 0) {
      library.run();
      raw.run();
    } else {
      raw.run();
      library.run();
    }
  }

  /** {@link #inTurn} with each side's operation timed into its own Stats. */
  private static void timeInTurn(int turn, Stats lib, Runnable libraryOp, Stats raw, Runnable rawOp) {
    inTurn(turn, () -> time(lib, libraryOp), () -> time(raw, rawOp));
  }

  private static void time(Stats s, Runnable r) {
    s.add(timed(r));
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return System.nanoTime() - t0;
  }

  /** Heap used after asking for full collections (a report, not an exact figure). */
  static long usedHeapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** The system load average over the last minute (other processes share these cores). */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double mb(long bytes) {
    return Stats.round(bytes / (1024.0 * 1024.0));
  }

  private static ObjectNode toJson(Map<String, String> m) {
    ObjectNode o = J.objectNode();
    m.forEach(o::put);
    return o;
  }

  private static void recreate(Path dir) {
    deleteTree(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteStore(Path db) {
    for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
      try {
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
