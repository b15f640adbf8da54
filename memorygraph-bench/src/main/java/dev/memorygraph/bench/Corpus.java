package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * The shared benchmark corpus ({@code gen_corpus.py} format), parsed once into the library's own
 * records so that the library and the raw baseline write exactly the same values.
 *
 * <p>Relationship ids are random-looking UUIDs drawn from a fixed seed (the corpus has none), so
 * both sides index the same keys and two runs on the same corpus insert the same ids.
 *
 * @param path where the corpus was read from
 * @param memories every memory, in file order
 * @param relationships every relationship whose two ends are in {@code memories}
 * @param queries the searches (limit {@value #SEARCH_LIMIT})
 * @param traversals the traversal starts, each with its depth
 */
public record Corpus(Path path, List<Memory> memories, List<Relationship> relationships,
    List<Query> queries, List<Traversal> traversals) {

  /** Page size of every corpus search. */
  public static final int SEARCH_LIMIT = 20;

  /** Copies the lists. */
  public Corpus {
    memories = List.copyOf(memories);
    relationships = List.copyOf(relationships);
    queries = List.copyOf(queries);
    traversals = List.copyOf(traversals);
  }

  /**
   * One corpus search, as the library's query and as the words and filters the raw SQL uses.
   *
   * @param query the library query (text, types, tags, limit 20)
   * @param terms the words that reach the full-text syntax ({@link SearchQuery#terms()})
   * @param types type filter as stored names, empty for none
   * @param tags tag filter, empty for none
   */
  public record Query(SearchQuery query, List<String> terms, List<String> types, List<String> tags) {
    /** Copies the lists. */
    public Query {
      terms = List.copyOf(terms);
      types = List.copyOf(types);
      tags = List.copyOf(tags);
    }
  }

  /**
   * One traversal start.
   *
   * @param start the memory id to start from
   * @param depth hops to follow, 1..3 in the generated corpora
   */
  public record Traversal(String start, int depth) {}

  /** Reads a {@code .jsonl} or {@code .jsonl.gz} corpus. */
  public static Corpus load(Path path) {
    return load(path, Integer.MAX_VALUE);
  }

  /**
   * Reads a corpus, keeping at most {@code maxMemories} memories and the relationships and
   * traversals that only touch those.
   */
  public static Corpus load(Path path, int maxMemories) {
    return load(path, maxMemories, true);
  }

  /**
   * Reads a corpus, keeping at most {@code maxMemories} memories and the traversals that start
   * from those; relationships touching only those are kept when {@code withRelationships}.
   */
  public static Corpus load(Path path, int maxMemories, boolean withRelationships) {
    ObjectMapper json = new ObjectMapper();
    List<Memory> memories = new ArrayList<>();
    List<RawRel> rels = new ArrayList<>();
    List<Query> queries = new ArrayList<>();
    List<Traversal> traversals = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    // One instant for the whole corpus keeps both sides' rows byte-identical.
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    try (BufferedReader in = reader(path)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        String kind = n.path("kind").asText();
        try {
          switch (kind) {
            case "memory":
              if (memories.size() < maxMemories) {
                Memory m = memory(n, created);
                memories.add(m);
                ids.add(m.id());
              }
              break;
            case "relationship":
              if (withRelationships) {
                rels.add(new RawRel(n.get("from").asText(), n.get("to").asText(), n.get("type").asText(),
                    n.get("strength").asDouble(), n.get("confidence").asDouble()));
              }
              break;
            case "query":
              queries.add(query(n));
              break;
            case "traverse":
              traversals.add(new Traversal(n.get("start").asText(), n.get("depth").asInt()));
              break;
            default:
              throw new IllegalArgumentException("unknown kind '" + kind + "'");
          }
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(path + " line " + lineNo + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read corpus " + path, e);
    }
    Random rnd = new Random(7);
    List<Relationship> relationships = new ArrayList<>(rels.size());
    for (RawRel n : rels) {
      if (!ids.contains(n.from()) || !ids.contains(n.to())) {
        continue;
      }
      relationships.add(Relationship.builder(n.from(), n.to(), RelationshipType.parse(n.type()))
          .id(new UUID(rnd.nextLong(), rnd.nextLong()).toString())
          .strength(n.strength())
          .confidence(n.confidence())
          .createdAt(created)
          .build());
    }
    traversals.removeIf(t -> !ids.contains(t.start()));
    return new Corpus(path, memories, relationships, queries, traversals);
  }

  private record RawRel(String from, String to, String type, double strength, double confidence) {}

  private static BufferedReader reader(Path path) throws IOException {
    InputStream raw = Files.newInputStream(path);
    InputStream in = path.getFileName().toString().endsWith(".gz")
        ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static Memory memory(JsonNode n, Instant created) {
    List<String> tags = new ArrayList<>();
    n.path("tags").forEach(t -> tags.add(t.asText()));
    String project = n.path("project_path").isMissingNode() || n.path("project_path").isNull()
        ? null : n.get("project_path").asText();
    return Memory.builder()
        .id(n.get("id").asText())
        .type(MemoryType.parse(n.get("type").asText()))
        .title(n.get("title").asText())
        .content(n.get("content").asText())
        .summary(n.path("summary").isTextual() ? n.get("summary").asText() : null)
        .tags(tags)
        .importance(n.path("importance").asDouble(Memory.DEFAULT_IMPORTANCE))
        .context(project == null ? MemoryContext.EMPTY : MemoryContext.builder().projectPath(project).build())
        .createdAt(created)
        .build();
  }

  private static Query query(JsonNode n) {
    SearchQuery.Builder b = SearchQuery.builder().text(n.get("text").asText()).limit(SEARCH_LIMIT);
    Set<MemoryType> types = new LinkedHashSet<>();
    n.path("types").forEach(t -> types.add(MemoryType.parse(t.asText())));
    List<String> tags = new ArrayList<>();
    n.path("tags").forEach(t -> tags.add(t.asText()));
    if (!types.isEmpty()) {
      b.types(types);
    }
    if (!tags.isEmpty()) {
      b.tags(tags);
    }
    SearchQuery q = b.build();
    List<String> typeIds = new ArrayList<>();
    q.types().forEach(t -> typeIds.add(t.id()));
    return new Query(q, q.terms(), typeIds, new ArrayList<>(q.tags()));
  }
}
