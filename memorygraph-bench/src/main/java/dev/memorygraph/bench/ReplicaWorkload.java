package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.spi.GraphBackendProvider;
import dev.memorygraph.spi.SyncCapable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Turso embedded-replica figures: local reads of a replica against the sqlite backend on the
 * same data, and one {@code sync()} after 100 remote changes against a full bootstrap of a new
 * replica. The primary is a real {@code tursodb --sync-server} started for the run on a new empty
 * file and stopped afterwards.
 */
final class ReplicaWorkload {
  private static final JsonNodeFactory J = JsonNodeFactory.instance;
  private static final int CHANGES = 100;
  private static final int STORES = 50;

  private final Corpus corpus;
  private final Workload.Settings settings;
  private final PrintStream log;

  ReplicaWorkload(Corpus corpus, Workload.Settings settings, PrintStream log) {
    this.corpus = corpus;
    this.settings = settings;
    this.log = log;
  }

  /** The tursodb binary: {@code <tools>/tursodb/tursodb}, tools from the property, env or ./.tools. */
  static Optional<Path> tursodb() {
    String tools = System.getProperty("memorygraph.tools");
    if (tools == null || tools.isBlank()) {
      tools = System.getenv("MEMORYGRAPH_TOOLS");
    }
    Path base = tools == null || tools.isBlank() ? Path.of(".tools") : Path.of(tools);
    Path bin = base.resolve("tursodb").resolve("tursodb");
    return Files.isExecutable(bin) ? Optional.of(bin) : Optional.empty();
  }

  ObjectNode run(GraphBackendProvider turso, GraphBackendProvider sqlite) {
    Path bin = tursodb().orElseThrow();
    Path dir = settings.workDir().resolve("turso-replica");
    Workload.deleteTree(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode out = J.objectNode();
    out.put("backend", "turso-replica");
    out.put("status", "ok");
    Stats.put(out, "load_average_start", Workload.loadAverage());
    ObjectNode phases = out.putObject("phases");
    Process server = startServer(bin, dir.resolve("primary.db"), freePort());
    String url = "http://127.0.0.1:" + serverPort;
    try (MemoryGraph remote = MemoryGraph.open(turso.create(config(null, url)));
        MemoryGraph writer = MemoryGraph.open(turso.create(config(dir.resolve("writer"), url)))) {
      log.printf("[turso-replica] loading %d memories and %d relationships through a replica%n",
          corpus.memories().size(), corpus.relationships().size());
      long t0 = System.nanoTime();
      List<Memory> ms = corpus.memories();
      for (int i = 0; i < ms.size(); i += 1000) {
        writer.storeAll(ms.subList(i, Math.min(ms.size(), i + 1000)));
      }
      List<Relationship> rs = corpus.relationships();
      for (int i = 0; i < rs.size(); i += 1000) {
        writer.linkAll(rs.subList(i, Math.min(rs.size(), i + 1000)));
      }
      ObjectNode load = phases.putObject("load_through_replica");
      Stats.put(load, "elapsed_ms", (System.nanoTime() - t0) / 1e6);
      load.put("batch_size", 1000);

      log.println("[turso-replica] full bootstraps");
      Stats boot = new Stats(3);
      MemoryGraph reader = null;
      for (int i = 0; i < 3; i++) {
        long b0 = System.nanoTime();
        MemoryGraph g = MemoryGraph.open(turso.create(config(dir.resolve("reader-" + i), url)));
        boot.add(System.nanoTime() - b0);
        boot.addItems(1);
        if (reader == null) {
          reader = g;
        } else {
          g.close();
        }
      }
      ObjectNode bootJson = boot.toJson();
      phases.set("full_bootstrap", bootJson);

      try (MemoryGraph replica = reader;
          MemoryGraph lite = MemoryGraph.open(sqlite.create(MemoryGraphConfig.builder().backend("sqlite")
              .set(ConfigKeys.MEMORY_SQLITE_PATH, dir.resolve("sqlite.db").toAbsolutePath().toString()).build()))) {
        for (int i = 0; i < ms.size(); i += 1000) {
          lite.storeAll(ms.subList(i, Math.min(ms.size(), i + 1000)));
        }
        for (int i = 0; i < rs.size(); i += 1000) {
          lite.linkAll(rs.subList(i, Math.min(rs.size(), i + 1000)));
        }
        log.println("[turso-replica] local reads vs the sqlite backend");
        phases.set("search_local", reads(replica, lite, true));
        phases.set("traversal_local", reads(replica, lite, false));

        log.printf("[turso-replica] sync after %d remote changes, 3 rounds%n", CHANGES);
        Stats sync = new Stats(3);
        long pulled = 0;
        for (int round = 0; round < 3; round++) {
          for (int i = 0; i < CHANGES; i++) {
            Memory m = ms.get((round * CHANGES + i) * 7 % ms.size());
            remote.store(m.toBuilder().importance(((round + i) % 100) / 100.0).build());
          }
          long s0 = System.nanoTime();
          SyncCapable.SyncResult r = replica.sync();
          sync.add(System.nanoTime() - s0);
          sync.addItems(CHANGES);
          pulled += r.pulledPages();
        }
        ObjectNode syncJson = sync.toJson();
        syncJson.put("remote_changes_per_sync", CHANGES);
        syncJson.put("pulled_pages_total", pulled);
        Stats.put(syncJson, "ratio_p50_vs_full_bootstrap", sync.percentileMs(0.5) / boot.percentileMs(0.5));
        phases.set("sync_after_remote_changes", syncJson);

        // One write through the replica: applied locally, pushed, pulled and published (rows).
        log.printf("[turso-replica] %d single stores through the replica, beside the sqlite backend%n", STORES);
        Stats viaReplica = new Stats(STORES);
        Stats viaSqlite = new Stats(STORES);
        for (int i = 0; i < STORES; i++) {
          Memory m = ms.get((i * 13 + 5) % ms.size());
          Memory changed = m.toBuilder().importance((i % 10) / 10.0).build();
          long w0 = System.nanoTime();
          replica.store(changed);
          viaReplica.add(System.nanoTime() - w0);
          viaReplica.addItems(1);
          long w1 = System.nanoTime();
          lite.store(changed);
          viaSqlite.add(System.nanoTime() - w1);
          viaSqlite.addItems(1);
        }
        ObjectNode stores = phases.putObject("store_through_replica");
        stores.set("replica", viaReplica.toJson());
        stores.set("sqlite_backend", viaSqlite.toJson());
        stores.put("note", "each replica store is applied locally, pushed to the primary, pulled and published before it returns");
        Stats.put(stores, "ratio_p50_vs_full_bootstrap", viaReplica.percentileMs(0.5) / boot.percentileMs(0.5));

        ArrayNode targets = out.putArray("targets");
        target(targets, "replica local search median vs the sqlite backend",
            phases.get("search_local").path("ratio_p50").asDouble(Double.NaN), 1.2);
        target(targets, "replica local traversal median vs the sqlite backend",
            phases.get("traversal_local").path("ratio_p50").asDouble(Double.NaN), 1.2);
        target(targets, "one sync() after 100 remote changes vs a full bootstrap (medians)",
            syncJson.path("ratio_p50_vs_full_bootstrap").asDouble(Double.NaN), 0.25);
      }
    } finally {
      stopServer(server);
      if (!settings.keep()) {
        Workload.deleteTree(dir);
      }
    }
    Stats.put(out, "load_average_end", Workload.loadAverage());
    return out;
  }

  private ObjectNode reads(MemoryGraph replica, MemoryGraph lite, boolean search) {
    int n = search ? corpus.queries().size() : corpus.traversals().size();
    Stats a = new Stats(n * settings.rounds());
    Stats b = new Stats(n * settings.rounds());
    int mismatches = 0;
    for (int round = -settings.warmupRounds(); round < settings.rounds(); round++) {
      for (int i = 0; i < n; i++) {
        int[] c = new int[2];
        long[] t = new long[2];
        MemoryGraph first = (i & 1) == 0 ? replica : lite;
        for (MemoryGraph g : first == replica ? List.of(replica, lite) : List.of(lite, replica)) {
          int k = g == replica ? 0 : 1;
          long t0 = System.nanoTime();
          c[k] = search
              ? g.search(corpus.queries().get(i).query()).items().size()
              : g.related(corpus.traversals().get(i).start(), LibraryTarget.options(corpus.traversals().get(i))).size();
          t[k] = System.nanoTime() - t0;
        }
        if (round >= 0) {
          a.add(t[0]);
          b.add(t[1]);
          a.addItems(c[0]);
          b.addItems(c[1]);
          mismatches += c[0] != c[1] ? 1 : 0;
        }
      }
    }
    ObjectNode o = J.objectNode();
    o.set("replica", a.toJson());
    o.set("sqlite_backend", b.toJson());
    o.put("different_result_counts", mismatches);
    Stats.put(o, "ratio_p50", a.percentileMs(0.5) / b.percentileMs(0.5));
    Stats.put(o, "ratio_p95", a.percentileMs(0.95) / b.percentileMs(0.95));
    Stats.put(o, "ratio_p99", a.percentileMs(0.99) / b.percentileMs(0.99));
    return o;
  }

  private void target(ArrayNode t, String what, double value, double max) {
    ObjectNode o = t.addObject();
    o.put("figure", what);
    Stats.put(o, "value", value);
    o.put("target", "<= " + max);
    o.put("target_corpus", "10k");
    o.put("this_corpus_memories", corpus.memories().size());
    if (Double.isNaN(value)) {
      o.putNull("met");
    } else {
      o.put("met", value <= max);
    }
  }

  private static MemoryGraphConfig config(Path replicaDir, String url) {
    MemoryGraphConfig.Builder b = MemoryGraphConfig.builder().backend("turso")
        .set(ConfigKeys.TURSO_DATABASE_URL, url)
        .set(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "0");
    if (replicaDir != null) {
      b.set(ConfigKeys.MEMORY_TURSO_PATH, replicaDir.toAbsolutePath().toString());
    }
    return b.build();
  }

  private int serverPort;

  private Process startServer(Path bin, Path file, int port) {
    serverPort = port;
    try {
      Process p = new ProcessBuilder(List.of(bin.toString(), file.toAbsolutePath().toString(),
          "--sync-server", "127.0.0.1:" + port))
          .redirectErrorStream(true)
          .redirectOutput(file.resolveSibling("tursodb.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline && p.isAlive()) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return p;
        } catch (IOException e) {
          Thread.sleep(20);
        }
      }
      stopServer(p);
      throw new IllegalStateException("tursodb did not start on port " + port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start tursodb", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void stopServer(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
