package dev.memorygraph.turso.replica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.SyncCapable;
import dev.memorygraph.sqlite.SqliteBackend;
import dev.memorygraph.turso.TursoBackend;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.testing.TestDirs;
import dev.memorygraph.turso.testing.TursoServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Measurement program (not a test, no assertions): local read latency of a replica vs the SQLite
 * backend on the same 10k corpus, and one sync after 100 remote changes vs a full bootstrap.
 * Run: java ... ReplicaBenchMain /work/shared/bench/corpus-10k.jsonl.gz
 */
public final class ReplicaBenchMain {
  private ReplicaBenchMain() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args.length > 0 ? args[0] : "/work/shared/bench/corpus-10k.jsonl.gz");
    ObjectMapper json = new ObjectMapper();
    List<Memory> memories = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode n = json.readTree(line);
        switch (n.get("kind").asText()) {
          case "memory" -> {
            List<String> tags = new ArrayList<>();
            n.get("tags").forEach(t -> tags.add(t.asText()));
            memories.add(Memory.builder().id(n.get("id").asText()).type(n.get("type").asText()).title(n.get("title").asText())
                .content(n.get("content").asText()).summary(n.get("summary").asText()).tags(tags)
                .importance(n.get("importance").asDouble())
                .context(MemoryContext.builder().projectPath(n.get("project_path").asText()).build()).build());
          }
          case "query" -> queries.add(n.get("text").asText());
          default -> { }
        }
      }
    }
    System.out.printf("corpus: %d memories, %d queries%n", memories.size(), queries.size());
    Path root = TestDirs.newTempDir("bench");
    try (TursoServer server = TursoServer.start(root); HranaClient sql = HranaClient.builder().url(server.url()).build()) {
      GraphBackend a = replica(root.resolve("a"), server.url());
      long t0 = System.nanoTime();
      for (int i = 0; i < memories.size(); i += 1000) {
        a.storeMemories(memories.subList(i, Math.min(memories.size(), i + 1000))).join();
      }
      System.out.printf("load 10k through replica A (10 writes of 1000, each pushed+pulled+published): %d ms%n", ms(t0));
      GraphBackend lite = SqliteBackend.fromConfig(MemoryGraphConfig.builder().set(ConfigKeys.MEMORY_SQLITE_PATH, root.resolve("lite.db").toString()).build());
      lite.connect().join();
      lite.initializeSchema().join();
      t0 = System.nanoTime();
      lite.storeMemories(memories).join();
      System.out.printf("load 10k into sqlite: %d ms%n", ms(t0));

      Random rnd = new Random(7);
      for (String name : List.of("sqlite", "replica", "sqlite", "replica")) {
        GraphBackend b = name.equals("sqlite") ? lite : a;
        long[] search = new long[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
          long s = System.nanoTime();
          b.searchMemories(SearchQuery.builder().text(queries.get(i)).limit(20).build()).join();
          search[i] = System.nanoTime() - s;
        }
        long[] get = new long[2000];
        for (int i = 0; i < get.length; i++) {
          String id = memories.get(rnd.nextInt(memories.size())).id();
          long s = System.nanoTime();
          b.getMemory(id).join().orElseThrow();
          get[i] = System.nanoTime() - s;
        }
        System.out.printf("%-8s search(limit 20) p50 %d us p95 %d us | getMemory p50 %d us p95 %d us%n", name,
            pct(search, 50), pct(search, 95), pct(get, 50), pct(get, 95));
      }

      // Full bootstrap of a fresh replica: raw engine (pages + publish) and through TursoBackend (+ FTS build).
      t0 = System.nanoTime();
      ReplicaEngine c = ReplicaEngine.open(ReplicaOptions.builder(root.resolve("c"), server.url()).syncInterval(Duration.ZERO).build());
      System.out.printf("full bootstrap, engine only: %d ms, revision %s, work.db %d KB%n", ms(t0), c.syncStatus().revision(), Files.size(c.workDb()) / 1024);
      t0 = System.nanoTime();
      GraphBackend b = replica(root.resolve("b"), server.url());
      System.out.printf("full bootstrap, TursoBackend replica (pull + publish + local FTS5 build): %d ms%n", ms(t0));

      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 100; i++) {
          String id = memories.get(rnd.nextInt(memories.size())).id();
          sql.execute(HranaStatement.of("UPDATE memories SET importance = ?, updated_at = updated_at + 1 WHERE id = ?", rnd.nextDouble(), id));
        }
        t0 = System.nanoTime();
        SyncCapable.SyncResult rc = c.syncNow(false);
        long engineMs = ms(t0);
        t0 = System.nanoTime();
        SyncCapable.SyncResult rb = ((SyncCapable) b).sync().join();
        System.out.printf("sync after 100 remote changes (100 requests): engine %d ms (%d pages), TursoBackend %d ms (%d pages, reported %d ms)%n",
            engineMs, rc.pulledPages(), ms(t0), rb.pulledPages(), rb.duration().toMillis());
      }
      c.close();
      b.disconnect().join();
      a.disconnect().join();
      lite.disconnect().join();
    }
  }

  private static GraphBackend replica(Path dir, String url) {
    GraphBackend b = TursoBackend.fromConfig(MemoryGraphConfig.builder()
        .set(ConfigKeys.MEMORY_TURSO_PATH, dir.toString())
        .set(ConfigKeys.TURSO_DATABASE_URL, url)
        .set(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "0").build());
    b.connect().join();
    b.initializeSchema().join();
    return b;
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static long pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, s.length * p / 100)] / 1000;
  }
}
