package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a small corpus in the shared {@code gen_corpus.py} format, so the bench tests run
 * anywhere without Python or the shared corpus files. Words are invented so that stemming leaves
 * them alone and a plain scan can tell which memories match.
 */
final class TinyCorpus {
  static final List<String> WORDS = List.of("kamo", "tidu", "vaxo", "zupo", "ranu", "pelo",
      "gimo", "fatu", "nodo", "lumo", "bexu", "coro", "duvo", "huko", "jiro", "mapu");
  static final List<String> TYPES = List.of("task", "problem", "solution", "fix", "error", "general");
  static final List<String> TAGS = List.of("alpha", "bravo", "delta", "kilo", "lima");
  static final List<String> RELS = List.of("CAUSES", "SOLVES", "RELATED_TO", "DEPENDS_ON");

  private TinyCorpus() {}

  /** Writes {@code n} memories, about 2n relationships, 40 queries and 30 traversals. */
  static Path write(Path file, int n, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    ObjectMapper json = new ObjectMapper();
    Random rnd = new Random(seed);
    List<String> ids = new ArrayList<>();
    try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
        StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        String id = String.format("m%08d-t", i);
        ids.add(id);
        ObjectNode m = json.createObjectNode();
        m.put("kind", "memory");
        m.put("id", id);
        m.put("type", TYPES.get(rnd.nextInt(TYPES.size())));
        m.put("title", "Title " + words(rnd, 3));
        m.put("content", words(rnd, 12) + ".");
        m.put("summary", words(rnd, 4));
        m.putArray("tags").add(TAGS.get(rnd.nextInt(TAGS.size())));
        m.put("importance", rnd.nextInt(100) / 100.0);
        m.put("project_path", "/home/dev/p" + rnd.nextInt(5));
        w.write(json.writeValueAsString(m) + "\n");
        for (int k = 0; k < 2 && i > 0; k++) {
          ObjectNode r = json.createObjectNode();
          r.put("kind", "relationship");
          r.put("from", id);
          r.put("to", ids.get(rnd.nextInt(i)));
          r.put("type", RELS.get(rnd.nextInt(RELS.size())));
          r.put("strength", 0.5);
          r.put("confidence", 0.7);
          w.write(json.writeValueAsString(r) + "\n");
        }
      }
      for (int q = 0; q < 40; q++) {
        ObjectNode o = json.createObjectNode();
        o.put("kind", "query");
        o.put("text", q % 3 == 0 ? words(rnd, 2) : words(rnd, 1));
        if (q % 4 == 1) {
          o.putArray("types").add(TYPES.get(rnd.nextInt(TYPES.size())));
        }
        if (q % 5 == 2) {
          o.putArray("tags").add(TAGS.get(rnd.nextInt(TAGS.size())));
        }
        w.write(json.writeValueAsString(o) + "\n");
      }
      for (int t = 0; t < 30; t++) {
        ObjectNode o = json.createObjectNode();
        o.put("kind", "traverse");
        o.put("start", ids.get(rnd.nextInt(ids.size())));
        o.put("depth", 1 + t % 3);
        w.write(json.writeValueAsString(o) + "\n");
      }
    }
    return file;
  }

  private static String words(Random rnd, int k) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < k; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(WORDS.get(rnd.nextInt(WORDS.size())));
    }
    return b.toString();
  }
}
