package dev.memorygraph.falkordb;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.Visibility;
import dev.memorygraph.spi.Instants;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage model: which property holds which field, how a memory or relationship becomes a
 * parameter row (a list, because jfalkordb cannot send maps) and how a projected list comes back.
 *
 * <p>Memories are {@code :Memory} nodes; relationships are edges whose type is the
 * {@link RelationshipType} name. Instants are epoch microseconds (longs). Context lists are list
 * properties; the metadata map is two parallel lists (keys sorted, values). The full-text index
 * covers four shadow properties ({@code ft_*}) holding the searchable words only, lower-cased in
 * Java, because FalkorDB's tokenizer neither folds non-ASCII case nor splits on backslashes.
 *
 * <p>{@link FalkorDbRows} offers the memory encoding to tools and benchmarks: keep it delegating
 * here, so that what it documents stays what the backend sends.
 */
final class Codec {
  private Codec() {}

  /** Memory properties in row order; index 0 is the id. */
  static final List<String> MEMORY_PROPS = List.of(
      "id", "type", "title", "content", "summary", "tags", "importance", "confidence",
      "effectiveness", "usage_count", "created_at", "updated_at", "last_accessed", "version",
      "updated_by", "ctx_project_path", "ctx_files_involved", "ctx_languages", "ctx_frameworks",
      "ctx_technologies", "ctx_git_commit", "ctx_git_branch", "ctx_working_directory",
      "ctx_timestamp", "ctx_session_id", "ctx_user_id", "ctx_meta_keys", "ctx_meta_values",
      "ctx_tenant_id", "ctx_team_id", "ctx_visibility", "ctx_created_by",
      "ft_title", "ft_content", "ft_summary", "ft_tags",
      "importance_x", "confidence_x", "effectiveness_x");

  /**
   * Numeric properties that also get an exact text copy ({@code <name>_x}): FalkorDB stores
   * doubles exactly but replies with 15 significant digits, so 0.9999999999999999 would read back
   * as 1.0. Filters and sorting use the number; reads use the text.
   */
  static final List<String> EXACT_DOUBLES = List.of("importance", "confidence", "effectiveness",
      "strength", "success_rate");

  /** Properties covered by the full-text index. */
  static final List<String> FULLTEXT_PROPS = List.of("ft_title", "ft_content", "ft_summary", "ft_tags");

  static final int M_CREATED = MEMORY_PROPS.indexOf("created_at");
  static final int M_UPDATED = MEMORY_PROPS.indexOf("updated_at");
  static final int M_VERSION = MEMORY_PROPS.indexOf("version");
  /** Properties returned when reading (the shadow search text is not read back). */
  static final int M_READ = MEMORY_PROPS.indexOf("ft_title");

  /** Relationship properties in row order (after id, from, to, type come these). */
  static final List<String> REL_PROPS = List.of(
      "id", "strength", "confidence", "context", "evidence_count", "success_rate", "created_at",
      "last_validated", "validation_count", "counter_evidence_count", "valid_from", "valid_until",
      "recorded_at", "invalidated_by", "cur", "strength_x", "confidence_x", "success_rate_x");

  /**
   * Projections already built, by variable name: almost every query has one, and building it
   * (30-odd properties, measured 0.6 µs) again on every call was avoidable work on a 0.1 ms query.
   */
  private static final Map<String, String> MEMORY_PROJECTIONS = new ConcurrentHashMap<>();
  private static final Map<String, String> RELATIONSHIP_PROJECTIONS = new ConcurrentHashMap<>();

  /** A Cypher list expression reading a memory node bound to {@code v}. */
  static String memoryProjection(String v) {
    return MEMORY_PROJECTIONS.computeIfAbsent(v, Codec::buildMemoryProjection);
  }

  private static String buildMemoryProjection(String v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < M_READ; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      String p = MEMORY_PROPS.get(i);
      sb.append(v).append('.').append(p).append(EXACT_DOUBLES.contains(p) ? "_x" : "");
    }
    return sb.append(']').toString();
  }

  /** Relationship properties returned when reading (the exact copies replace the numbers). */
  static final int REL_READ = REL_PROPS.indexOf("cur");

  /** A Cypher list expression reading an edge {@code r}: endpoint ids, type, then REL_PROPS. */
  static String relationshipProjection(String r) {
    return RELATIONSHIP_PROJECTIONS.computeIfAbsent(r, Codec::buildRelationshipProjection);
  }

  private static String buildRelationshipProjection(String r) {
    StringBuilder sb = new StringBuilder("[startNode(").append(r).append(").id, endNode(").append(r)
        .append(").id, type(").append(r).append(')');
    for (String p : REL_PROPS.subList(0, REL_READ)) {
      sb.append(", ").append(r).append('.').append(p).append(EXACT_DOUBLES.contains(p) ? "_x" : "");
    }
    return sb.append(']').toString();
  }

  /** {@code SET} assignments for every memory property from row {@code r}, skipping some. */
  static String memoryAssignments(String n, String r, boolean includeStamps) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < MEMORY_PROPS.size(); i++) {
      if (!includeStamps && (i == M_CREATED || i == M_UPDATED || i == M_VERSION)) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(n).append('.').append(MEMORY_PROPS.get(i)).append(" = ").append(r).append('[').append(i).append(']');
    }
    return sb.toString();
  }

  /** {@code SET} assignments for the context properties from a context row at {@code r}. */
  static String contextAssignments(String n, String r) {
    int first = MEMORY_PROPS.indexOf("ctx_project_path");
    int last = MEMORY_PROPS.indexOf("ctx_created_by");
    StringBuilder sb = new StringBuilder();
    for (int i = first; i <= last; i++) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(n).append('.').append(MEMORY_PROPS.get(i)).append(" = ").append(r).append('[').append(i - first).append(']');
    }
    return sb.toString();
  }

  /** The parameter row of a memory, in {@link #MEMORY_PROPS} order. */
  static List<Object> memoryRow(Memory m) {
    List<Object> row = new ArrayList<>(MEMORY_PROPS.size());
    row.add(m.id());
    row.add(m.type().id());
    row.add(m.title());
    row.add(m.content());
    row.add(m.summary());
    row.add(m.tags());
    row.add(m.importance());
    row.add(m.confidence());
    row.add(m.effectiveness());
    row.add(m.usageCount());
    row.add(Instants.toMicros(m.createdAt()));
    row.add(Instants.toMicros(m.updatedAt()));
    row.add(Instants.toMicrosOrNull(m.lastAccessed()));
    row.add(m.version());
    row.add(m.updatedBy());
    row.addAll(contextRow(m.context()));
    row.add(searchText(m.title()));
    row.add(searchText(m.content()));
    row.add(m.summary() == null ? null : searchText(m.summary()));
    row.add(searchText(String.join(" ", m.tags())));
    row.add(exact(m.importance()));
    row.add(exact(m.confidence()));
    row.add(exact(m.effectiveness()));
    return row;
  }

  /** The context part of a memory row. */
  static List<Object> contextRow(MemoryContext c) {
    List<Object> row = new ArrayList<>(17);
    row.add(c.projectPath());
    row.add(c.filesInvolved());
    row.add(c.languages());
    row.add(c.frameworks());
    row.add(c.technologies());
    row.add(c.gitCommit());
    row.add(c.gitBranch());
    row.add(c.workingDirectory());
    row.add(Instants.toMicrosOrNull(c.timestamp()));
    row.add(c.sessionId());
    row.add(c.userId());
    row.add(new ArrayList<>(c.additionalMetadata().keySet()));
    row.add(new ArrayList<>(c.additionalMetadata().values()));
    row.add(c.tenantId());
    row.add(c.teamId());
    row.add(c.visibility().id());
    row.add(c.createdBy());
    return row;
  }

  /**
   * The words of a text as the full-text index should see them, separated by single spaces:
   * {@link dev.memorygraph.model.SearchQuery#words}, the same tokenisation as the query's words,
   * so that a query word and an indexed word agree on case and boundaries.
   */
  static String searchText(String text) {
    return String.join(" ", dev.memorygraph.model.SearchQuery.words(normalForm(text)));
  }

  /**
   * Text in Unicode normal form C. FalkorDB's full-text index does not find a word holding a
   * combining mark (a decomposed "nai\u0308ve" stored and queried alike found nothing), so this
   * backend indexes and queries the composed form; both sides go through here.
   */
  static String normalForm(String text) {
    return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
  }

  /** A memory from a projected list. */
  static Memory memory(Object projected) {
    List<?> v = (List<?>) projected;
    Iterator<?> it = v.iterator();
    String id = (String) it.next();
    MemoryType type = MemoryType.parse((String) it.next());
    String title = (String) it.next();
    String content = (String) it.next();
    String summary = (String) it.next();
    List<String> tags = strings(it.next());
    double importance = dbl(it.next());
    double confidence = dbl(it.next());
    Object eff = it.next();
    long usage = lng(it.next());
    long created = lng(it.next());
    long updated = lng(it.next());
    Object lastAccessed = it.next();
    long version = lng(it.next());
    String updatedBy = (String) it.next();
    MemoryContext.Builder c = MemoryContext.builder()
        .projectPath((String) it.next())
        .filesInvolved(strings(it.next()))
        .languages(strings(it.next()))
        .frameworks(strings(it.next()))
        .technologies(strings(it.next()))
        .gitCommit((String) it.next())
        .gitBranch((String) it.next())
        .workingDirectory((String) it.next());
    Object ts = it.next();
    c.timestamp(ts == null ? null : Instants.fromMicros(lng(ts)))
        .sessionId((String) it.next())
        .userId((String) it.next());
    List<String> keys = strings(it.next());
    List<String> values = strings(it.next());
    Map<String, String> meta = new LinkedHashMap<>();
    for (int i = 0; i < keys.size() && i < values.size(); i++) {
      meta.put(keys.get(i), values.get(i));
    }
    c.additionalMetadata(meta)
        .tenantId((String) it.next())
        .teamId((String) it.next());
    Object vis = it.next();
    c.visibility(vis == null ? Visibility.PROJECT : Visibility.parse((String) vis))
        .createdBy((String) it.next());
    return Memory.builder().id(id).type(type).title(title).content(content).summary(summary)
        .tags(tags).context(c.build()).importance(importance).confidence(confidence)
        .effectiveness(eff == null ? null : dbl(eff)).usageCount(usage)
        .createdAt(Instants.fromMicros(created)).updatedAt(Instants.fromMicros(updated))
        .lastAccessed(lastAccessed == null ? null : Instants.fromMicros(lng(lastAccessed)))
        .version(version).updatedBy(updatedBy).build();
  }

  /** The parameter row of a relationship: from, to, then {@link #REL_PROPS}. */
  static List<Object> relationshipRow(Relationship r) {
    List<Object> row = new ArrayList<>(REL_PROPS.size() + 2);
    row.add(r.fromId());
    row.add(r.toId());
    row.add(r.id());
    row.add(r.strength());
    row.add(r.confidence());
    row.add(r.context());
    row.add(r.evidenceCount());
    row.add(r.successRate());
    row.add(Instants.toMicros(r.createdAt()));
    row.add(Instants.toMicros(r.lastValidated()));
    row.add(r.validationCount());
    row.add(r.counterEvidenceCount());
    row.add(Instants.toMicros(r.validFrom()));
    row.add(Instants.toMicrosOrNull(r.validUntil()));
    row.add(Instants.toMicros(r.recordedAt()));
    row.add(r.invalidatedBy());
    row.add(r.isCurrent());
    row.add(exact(r.strength()));
    row.add(exact(r.confidence()));
    row.add(exact(r.successRate()));
    return row;
  }

  /** {@code SET} assignments for an edge {@code e} from a relationship row {@code r}. */
  static String relationshipAssignments(String e, String r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < REL_PROPS.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(e).append('.').append(REL_PROPS.get(i)).append(" = ").append(r).append('[').append(i + 2).append(']');
    }
    return sb.toString();
  }

  /** A relationship from a projected list. */
  static Relationship relationship(Object projected) {
    List<?> v = (List<?>) projected;
    Iterator<?> it = v.iterator();
    String from = (String) it.next();
    String to = (String) it.next();
    RelationshipType type = RelationshipType.valueOf((String) it.next());
    String id = (String) it.next();
    double strength = dbl(it.next());
    double confidence = dbl(it.next());
    String context = (String) it.next();
    long evidence = lng(it.next());
    Object success = it.next();
    long created = lng(it.next());
    long lastValidated = lng(it.next());
    long validations = lng(it.next());
    long counter = lng(it.next());
    long validFrom = lng(it.next());
    Object validUntil = it.next();
    long recorded = lng(it.next());
    String invalidatedBy = (String) it.next();
    return Relationship.builder(from, to, type).id(id).strength(strength).confidence(confidence)
        .context(context).evidenceCount(evidence).successRate(success == null ? null : dbl(success))
        .createdAt(Instants.fromMicros(created)).lastValidated(Instants.fromMicros(lastValidated))
        .validationCount(validations).counterEvidenceCount(counter)
        .validFrom(Instants.fromMicros(validFrom))
        .validUntil(validUntil == null ? null : Instants.fromMicros(lng(validUntil)))
        .recordedAt(Instants.fromMicros(recorded)).invalidatedBy(invalidatedBy).build();
  }

  static List<String> strings(Object o) {
    if (o == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object x : (List<?>) o) {
      out.add((String) x);
    }
    return out;
  }

  static double dbl(Object o) {
    return o instanceof String ? Double.parseDouble((String) o) : ((Number) o).doubleValue();
  }

  /** The exact text copy of a double ({@link Double#toString} round-trips every value). */
  static String exact(Double d) {
    return d == null ? null : Double.toString(d);
  }

  static long lng(Object o) {
    return ((Number) o).longValue();
  }
}
