package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's command line: loads a corpus, runs the workload for each backend beside its
 * raw baseline, and prints ONE JSON object per backend on standard output (progress goes to
 * standard error).
 *
 * <pre>
 * java -jar memorygraph-bench/target/memorygraph-bench.jar --corpus /path/corpus-10k.jsonl.gz
 *     [--backends sqlite,turso-local,turso-replica] [--phases all|store,bulk,relationships,search,traverse,coldopen]
 *     [--batch 1000] [--rel-batch 1] [--warmup 1] [--rounds 1] [--cold-repeats 5]
 *     [--max-memories N] [--server-memories N] [--work-dir DIR] [--keep]
 * </pre>
 */
public final class BenchMain {
  /** The shared 10k corpus, used when {@code --corpus} is not given. */
  public static final String DEFAULT_CORPUS = "/work/shared/bench/corpus-10k.jsonl.gz";

  private BenchMain() {}

  /** Runs the benchmark and exits with 0 when every requested backend ran or was unavailable. */
  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage());
      code = 2;
    }
    System.exit(code);
  }

  /**
   * Runs the benchmark, printing JSON lines to {@code out} and progress to {@code log}.
   *
   * @return 0 when every backend ran or was reported unavailable, 1 when one failed
   * @throws IllegalArgumentException on a bad option
   */
  public static int run(String[] args, PrintStream out, PrintStream log) {
    Map<String, String> opt = parse(args);
    if (opt.containsKey("help")) {
      out.println(usage());
      return 0;
    }
    Path corpusPath = Path.of(opt.getOrDefault("corpus", DEFAULT_CORPUS));
    if (!Files.isRegularFile(corpusPath)) {
      throw new IllegalArgumentException("--corpus: no such file " + corpusPath);
    }
    List<String> names = new ArrayList<>(List.of(opt.getOrDefault("backends", "sqlite,turso-local").split(",")));
    names.replaceAll(s -> s.strip().toLowerCase(Locale.ROOT));
    // The sqlite backend runs first so that Turso's local reads can be compared with it.
    names.sort((a, b) -> Boolean.compare(!a.equals("sqlite"), !b.equals("sqlite")));
    Path work = opt.containsKey("work-dir") ? Path.of(opt.get("work-dir")) : defaultWorkDir();
    Workload.Settings settings = new Workload.Settings(
        Workload.Phase.parse(opt.getOrDefault("phases", "all")),
        intOpt(opt, "batch", 1000), intOpt(opt, "rel-batch", 1), intOpt(opt, "warmup", 1),
        intOpt(opt, "rounds", 1), intOpt(opt, "cold-repeats", 5), work, opt.containsKey("keep"));

    long t0 = System.nanoTime();
    log.printf("loading corpus %s%n", corpusPath);
    // Relationships are only parsed when a phase writes them (they dominate a 1M corpus's heap).
    Corpus corpus = Corpus.load(corpusPath, intOpt(opt, "max-memories", Integer.MAX_VALUE),
        settings.phases().contains(Workload.Phase.RELATIONSHIPS));
    log.printf("loaded %d memories, %d relationships, %d queries, %d traversals in %.1f s%n",
        corpus.memories().size(), corpus.relationships().size(), corpus.queries().size(),
        corpus.traversals().size(), (System.nanoTime() - t0) / 1e9);
    ObjectNode env = environment(corpus, settings);
    ObjectMapper json = new ObjectMapper();
    ObjectNode sqliteReport = null;
    Corpus serverSlice = null;
    int code = 0;
    for (String name : names) {
      ObjectNode report;
      Optional<BenchBackend> backend = BenchBackend.byName(name);
      if (backend.isEmpty()) {
        report = status(name, "unavailable", "unknown backend; the harness knows "
            + BenchBackend.known().stream().map(BenchBackend::name).toList());
      } else if (backend.get().unavailableReason() != null) {
        report = status(name, "unavailable", backend.get().unavailableReason());
      } else if (name.equals("turso-replica")) {
        report = replica(corpus, settings, log);
        if (report.path("status").asText().equals("error")) {
          code = 1;
        }
      } else if (name.equals("falkordb") && backend.get().provider().isPresent()) {
        if (serverSlice == null) {
          int n = Math.min(intOpt(opt, "max-memories", Integer.MAX_VALUE), intOpt(opt, "server-memories", 2000));
          log.printf("loading the server slice: first %d memories and their relationships%n", n);
          serverSlice = Corpus.load(corpusPath, n, true);
        }
        try {
          log.printf("== %s ==%n", name);
          long start = System.nanoTime();
          report = FalkorDbBench.run(backend.get().provider().get(), serverSlice, work,
              settings.warmupRounds(), settings.rounds(), log);
          report.put("elapsed_s", Stats.round((System.nanoTime() - start) / 1e9));
          report.set("slice", sliceJson(serverSlice));
        } catch (RuntimeException | Error e) {
          e.printStackTrace(log);
          report = status(name, "error", e.toString());
          code = 1;
        }
      } else if (backend.get().provider().isEmpty()) {
        report = status(name, "unavailable", "no GraphBackendProvider named '"
            + backend.get().providerName() + "' on the class path; found " + BenchBackend.providersFound());
      } else {
        BenchBackend b = backend.get();
        try {
          log.printf("== %s ==%n", name);
          long start = System.nanoTime();
          LibraryTarget library = new LibraryTarget(b.provider().get(), b.config(), b.describeQueries());
          report = new Workload(corpus, settings, log).run(b, library, sqliteReport);
          report.put("elapsed_s", Stats.round((System.nanoTime() - start) / 1e9));
          if (name.equals("sqlite")) {
            sqliteReport = report;
          }
        } catch (RuntimeException | Error e) {
          e.printStackTrace(log);
          report = status(name, "error", e.toString());
          code = 1;
        }
      }
      report.set("environment", env);
      try {
        String line = json.writeValueAsString(report);
        out.println(line);
        if (opt.containsKey("out")) {
          // A clean copy: under `mvn -Pbench` standard output also carries Maven's console codes.
          Path file = Path.of(opt.get("out")).toAbsolutePath();
          Files.createDirectories(file.getParent());
          Files.writeString(file, line + System.lineSeparator(), java.nio.charset.StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.flush();
    }
    return code;
  }

  private static ObjectNode replica(Corpus corpus, Workload.Settings settings, PrintStream log) {
    Optional<dev.memorygraph.spi.GraphBackendProvider> turso = BenchBackend.byName("turso-local").get().provider();
    Optional<dev.memorygraph.spi.GraphBackendProvider> sqlite = BenchBackend.byName("sqlite").get().provider();
    if (turso.isEmpty() || sqlite.isEmpty()) {
      return status("turso-replica", "unavailable", "needs the turso and sqlite providers; found "
          + BenchBackend.providersFound());
    }
    if (ReplicaWorkload.tursodb().isEmpty()) {
      return status("turso-replica", "unavailable", "tursodb not found under <tools>/tursodb/tursodb"
          + " (tools = -Dmemorygraph.tools, MEMORYGRAPH_TOOLS or ./.tools); run scripts/install-tursodb.sh");
    }
    try {
      long start = System.nanoTime();
      ObjectNode report = new ReplicaWorkload(corpus, settings, log).run(turso.get(), sqlite.get());
      report.put("elapsed_s", Stats.round((System.nanoTime() - start) / 1e9));
      return report;
    } catch (RuntimeException | Error e) {
      e.printStackTrace(log);
      return status("turso-replica", "error", e.toString());
    }
  }

  /** What a server backend ran on (the environment's corpus block is the full run's corpus). */
  private static ObjectNode sliceJson(Corpus slice) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("memories", slice.memories().size());
    c.put("relationships", slice.relationships().size());
    c.put("queries", slice.queries().size());
    c.put("traversal_starts", slice.traversals().stream().map(Corpus.Traversal::start).distinct().count());
    return c;
  }

  private static ObjectNode status(String name, String status, String reason) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("backend", name);
    o.put("status", status);
    o.put("reason", reason);
    return o;
  }

  private static ObjectNode environment(Corpus corpus, Workload.Settings settings) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("java_version", System.getProperty("java.version"));
    e.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    e.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    e.put("cores", Runtime.getRuntime().availableProcessors());
    e.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    e.put("git_commit", gitCommit().orElse(null));
    e.put("timestamp", Instant.now().toString());
    ObjectNode c = e.putObject("corpus");
    c.put("path", corpus.path().toString());
    c.put("memories", corpus.memories().size());
    c.put("relationships", corpus.relationships().size());
    c.put("queries", corpus.queries().size());
    c.put("traversals", corpus.traversals().size());
    ObjectNode s = e.putObject("settings");
    s.put("phases", settings.phases().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).sorted().toList().toString());
    s.put("batch", settings.batchSize());
    s.put("rel_batch", settings.relBatchSize());
    s.put("warmup_rounds", settings.warmupRounds());
    s.put("rounds", settings.rounds());
    s.put("cold_repeats", settings.coldRepeats());
    return e;
  }

  /** The checked-out commit (with "-dirty" when the tree has changes), if git is at hand. */
  static Optional<String> gitCommit() {
    Optional<String> head = git("rev-parse", "HEAD");
    if (head.isEmpty()) {
      return head;
    }
    Optional<String> dirty = git("status", "--porcelain", "--untracked-files=no");
    return Optional.of(head.get() + (dirty.isPresent() && !dirty.get().isBlank() ? "-dirty" : ""));
  }

  private static Optional<String> git(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      p.getOutputStream().close();
      byte[] bytes;
      try (InputStream in = p.getInputStream()) {
        bytes = in.readAllBytes();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(new String(bytes, StandardCharsets.UTF_8).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Path defaultWorkDir() {
    Path module = Path.of("memorygraph-bench", "target");
    Path base = Files.isDirectory(module) ? module : Path.of("target");
    return base.resolve("bench-work");
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String key = a.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (key.equals("keep") || key.equals("help")) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + key + " needs a value");
      }
      if (!List.of("corpus", "backends", "phases", "batch", "rel-batch", "warmup", "rounds",
          "cold-repeats", "max-memories", "server-memories", "work-dir", "out", "keep", "help").contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key);
      }
      opt.put(key, value);
    }
    return opt;
  }

  private static int intOpt(Map<String, String> opt, String key, int def) {
    String v = opt.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be an integer (was '" + v + "')");
    }
  }

  static String usage() {
    return String.join("\n",
        "usage: java -jar memorygraph-bench.jar [options]",
        "  --corpus PATH        corpus in the gen_corpus.py format (default " + DEFAULT_CORPUS + ")",
        "  --backends LIST      comma-separated: sqlite, turso-local, turso-replica, neo4j, falkordb"
            + " (default sqlite,turso-local); turso-replica starts <tools>/tursodb/tursodb"
            + " (-Dmemorygraph.tools, MEMORYGRAPH_TOOLS or ./.tools)",
        "  --phases LIST        all, or some of store,bulk,relationships,search,traverse,coldopen",
        "  --batch N            memories per storeAll call / raw transaction (default 1000)",
        "  --rel-batch N        relationships per call; 1 = one call each (default 1)",
        "  --warmup N           unmeasured passes over searches and traversals (default 1)",
        "  --rounds N           measured passes over searches and traversals (default 1)",
        "  --cold-repeats N     measured cold opens per side (default 5)",
        "  --max-memories N     use only the first N memories (and their relationships)",
        "  --server-memories N  memories (and their relationships) loaded for falkordb (default 2000);"
            + " falkordb starts <tools>/valkey/valkey-server with <tools>/falkordb/falkordb.so",
        "  --work-dir DIR       where stores are created (default memorygraph-bench/target/bench-work)",
        "  --keep               keep the stores afterwards",
        "  --out FILE           also append each JSON line to FILE (parent folders created)",
        "Prints one JSON object per backend on standard output; progress on standard error.");
  }
}
