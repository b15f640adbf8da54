package dev.memorygraph.bench.jmh;

import dev.memorygraph.bench.BenchBackend;
import dev.memorygraph.bench.BenchTarget;
import dev.memorygraph.bench.Corpus;
import dev.memorygraph.bench.LibraryTarget;
import dev.memorygraph.bench.RawSqliteTarget;
import dev.memorygraph.model.Memory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH micro benchmarks of the hot paths (one store, one search, one traversal), each beside the
 * same operation on the raw sqlite-jdbc baseline. The stores are loaded once per trial from the
 * corpus (bulk import plus every relationship in batches).
 *
 * <pre>
 * java -cp memorygraph-bench/target/memorygraph-bench.jar org.openjdk.jmh.Main HotPath \
 *     -p corpus=/work/shared/bench/corpus-10k.jsonl.gz -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmark {
  /** The corpus file. */
  @Param("/work/shared/bench/corpus-10k.jsonl.gz")
  public String corpus;

  /** The backend, as named by {@code --backends}. */
  @Param("sqlite")
  public String backend;

  private Corpus data;
  private Path dir;
  private LibraryTarget library;
  private BenchTarget raw;
  private List<Memory> templates;
  private long counter;
  private int nextQuery;
  private int nextTraversal;

  /** Loads the corpus into a library store and a raw store. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    data = Corpus.load(Path.of(corpus));
    BenchBackend b = BenchBackend.byName(backend)
        .orElseThrow(() -> new IllegalArgumentException("unknown backend " + backend));
    dir = Files.createTempDirectory("memorygraph-jmh");
    library = new LibraryTarget(b.provider().orElseThrow(
        () -> new IllegalStateException("no provider for " + backend)), b.config(), List.of());
    library.open(dir.resolve("library.db"));
    raw = new RawSqliteTarget("NORMAL");
    raw.open(dir.resolve("raw.db"));
    List<Memory> ms = data.memories();
    for (int i = 0; i < ms.size(); i += 1000) {
      library.storeBatch(ms.subList(i, Math.min(ms.size(), i + 1000)));
      raw.storeBatch(ms.subList(i, Math.min(ms.size(), i + 1000)));
    }
    var rs = data.relationships();
    for (int i = 0; i < rs.size(); i += 1000) {
      library.linkBatch(rs.subList(i, Math.min(rs.size(), i + 1000)));
      raw.linkBatch(rs.subList(i, Math.min(rs.size(), i + 1000)));
    }
    templates = ms.subList(0, Math.min(ms.size(), 1000));
  }

  /** Closes and deletes the stores. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    library.close();
    raw.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Memory nextMemory() {
    long n = counter++;
    return templates.get((int) (n % templates.size())).toBuilder().id("jmh-" + n).build();
  }

  /** One durable store through the library. */
  @Benchmark
  public void storeOneLibrary() {
    library.storeOne(nextMemory());
  }

  /** One durable insert on the raw baseline. */
  @Benchmark
  public void storeOneRaw() {
    raw.storeOne(nextMemory());
  }

  /** One corpus search through the library. */
  @Benchmark
  public int searchLibrary() {
    return library.search(data.queries().get(nextQuery++ % data.queries().size()));
  }

  /** The same search on the raw baseline. */
  @Benchmark
  public int searchRaw() {
    return raw.search(data.queries().get(nextQuery++ % data.queries().size()));
  }

  /** One corpus traversal through the library. */
  @Benchmark
  public int traverseLibrary() {
    return library.traverse(data.traversals().get(nextTraversal++ % data.traversals().size()));
  }

  /** The same traversal on the raw baseline. */
  @Benchmark
  public int traverseRaw() {
    return raw.traverse(data.traversals().get(nextTraversal++ % data.traversals().size()));
  }
}
