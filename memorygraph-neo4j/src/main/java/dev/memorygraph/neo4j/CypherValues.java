package dev.memorygraph.neo4j;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.Visibility;
import dev.memorygraph.spi.Instants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.MapAccessor;
import org.neo4j.driver.types.Path;

/**
 * The storage model: memories as {@code :Memory} node properties and relationships as typed edge
 * properties. Instants are epoch microseconds ({@link Instants}); lists stay lists; the free-form
 * metadata map becomes two parallel lists (keys sorted) so that it round-trips exactly.
 */
final class CypherValues {
  private CypherValues() {}

  /** The node properties of a memory (null values remove a property when set with {@code SET m = $p}). */
  static Map<String, Object> memoryProperties(Memory m) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", m.id());
    p.put("type", m.type().id());
    p.put("title", m.title());
    p.put("content", m.content());
    p.put("summary", m.summary());
    p.put("tags", m.tags());
    MemoryContext c = m.context();
    p.put("project_path", c.projectPath());
    p.put("files_involved", c.filesInvolved());
    p.put("languages", c.languages());
    p.put("frameworks", c.frameworks());
    p.put("technologies", c.technologies());
    p.put("git_commit", c.gitCommit());
    p.put("git_branch", c.gitBranch());
    p.put("working_directory", c.workingDirectory());
    p.put("context_timestamp", Instants.toMicrosOrNull(c.timestamp()));
    p.put("session_id", c.sessionId());
    p.put("user_id", c.userId());
    p.put("metadata_keys", new ArrayList<>(c.additionalMetadata().keySet()));
    p.put("metadata_values", new ArrayList<>(c.additionalMetadata().values()));
    p.put("tenant_id", c.tenantId());
    p.put("team_id", c.teamId());
    p.put("visibility", c.visibility().id());
    p.put("created_by", c.createdBy());
    p.put("importance", m.importance());
    p.put("confidence", m.confidence());
    p.put("effectiveness", m.effectiveness());
    p.put("usage_count", m.usageCount());
    p.put("created_at", Instants.toMicros(m.createdAt()));
    p.put("updated_at", Instants.toMicros(m.updatedAt()));
    p.put("last_accessed", Instants.toMicrosOrNull(m.lastAccessed()));
    p.put("version", m.version());
    p.put("updated_by", m.updatedBy());
    return p;
  }

  /** The memory stored in a node. */
  static Memory memory(MapAccessor n) {
    List<String> keys = strings(n.get("metadata_keys"));
    List<String> values = strings(n.get("metadata_values"));
    Map<String, String> meta = new LinkedHashMap<>();
    for (int i = 0; i < keys.size() && i < values.size(); i++) {
      meta.put(keys.get(i), values.get(i));
    }
    MemoryContext context = MemoryContext.builder()
        .projectPath(string(n.get("project_path")))
        .filesInvolved(strings(n.get("files_involved")))
        .languages(strings(n.get("languages")))
        .frameworks(strings(n.get("frameworks")))
        .technologies(strings(n.get("technologies")))
        .gitCommit(string(n.get("git_commit")))
        .gitBranch(string(n.get("git_branch")))
        .workingDirectory(string(n.get("working_directory")))
        .timestamp(Instants.fromMicrosOrNull(longOrNull(n.get("context_timestamp"))))
        .sessionId(string(n.get("session_id")))
        .userId(string(n.get("user_id")))
        .additionalMetadata(meta)
        .tenantId(string(n.get("tenant_id")))
        .teamId(string(n.get("team_id")))
        .visibility(n.get("visibility").isNull() ? null : Visibility.parse(n.get("visibility").asString()))
        .createdBy(string(n.get("created_by")))
        .build();
    return Memory.builder()
        .id(n.get("id").asString())
        .type(MemoryType.parse(n.get("type").asString()))
        .title(n.get("title").asString())
        .content(n.get("content").asString())
        .summary(string(n.get("summary")))
        .tags(strings(n.get("tags")))
        .context(context)
        .importance(n.get("importance").asDouble())
        .confidence(n.get("confidence").asDouble())
        .effectiveness(n.get("effectiveness").isNull() ? null : n.get("effectiveness").asDouble())
        .usageCount(n.get("usage_count").asLong(0))
        .createdAt(Instants.fromMicros(n.get("created_at").asLong()))
        .updatedAt(Instants.fromMicros(n.get("updated_at").asLong()))
        .lastAccessed(Instants.fromMicrosOrNull(longOrNull(n.get("last_accessed"))))
        .version(n.get("version").asLong(1))
        .updatedBy(string(n.get("updated_by")))
        .build();
  }

  /** The edge properties of a relationship (endpoints and type live in the graph structure). */
  static Map<String, Object> relationshipProperties(Relationship r) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", r.id());
    p.put("strength", r.strength());
    p.put("confidence", r.confidence());
    p.put("context", r.context());
    p.put("evidence_count", r.evidenceCount());
    p.put("success_rate", r.successRate());
    p.put("created_at", Instants.toMicros(r.createdAt()));
    p.put("last_validated", Instants.toMicros(r.lastValidated()));
    p.put("validation_count", r.validationCount());
    p.put("counter_evidence_count", r.counterEvidenceCount());
    p.put("valid_from", Instants.toMicros(r.validFrom()));
    p.put("valid_until", Instants.toMicrosOrNull(r.validUntil()));
    p.put("recorded_at", Instants.toMicros(r.recordedAt()));
    p.put("invalidated_by", r.invalidatedBy());
    return p;
  }

  /**
   * The relationship in a row map {@code {rel, from, to}} as built by the queries
   * ({@code rel} the edge, {@code from}/{@code to} its end memories' ids).
   */
  static Relationship relationship(MapAccessor row) {
    org.neo4j.driver.types.Relationship e = row.get("rel").asRelationship();
    return Relationship.builder()
        .id(e.get("id").asString())
        .fromId(row.get("from").asString())
        .toId(row.get("to").asString())
        .type(RelationshipType.valueOf(e.type()))
        .strength(e.get("strength").asDouble())
        .confidence(e.get("confidence").asDouble())
        .context(string(e.get("context")))
        .evidenceCount(e.get("evidence_count").asLong(0))
        .successRate(e.get("success_rate").isNull() ? null : e.get("success_rate").asDouble())
        .createdAt(Instants.fromMicros(e.get("created_at").asLong()))
        .lastValidated(Instants.fromMicros(e.get("last_validated").asLong()))
        .validationCount(e.get("validation_count").asLong(0))
        .counterEvidenceCount(e.get("counter_evidence_count").asLong(0))
        .validFrom(Instants.fromMicros(e.get("valid_from").asLong()))
        .validUntil(Instants.fromMicrosOrNull(longOrNull(e.get("valid_until"))))
        .recordedAt(Instants.fromMicros(e.get("recorded_at").asLong()))
        .invalidatedBy(string(e.get("invalidated_by")))
        .build();
  }

  /** A driver value as a plain Java value: nodes and edges become property maps. */
  static Object plain(Value v) {
    if (v == null || v.isNull()) {
      return null;
    }
    switch (v.type().name()) {
      case "NODE":
        return properties(v.asNode());
      case "RELATIONSHIP":
        return properties(v.asRelationship());
      case "PATH": {
        Path p = v.asPath();
        List<Object> out = new ArrayList<>();
        p.nodes().forEach(n -> out.add(properties(n)));
        return out;
      }
      case "LIST": {
        List<Object> out = new ArrayList<>();
        v.values().forEach(x -> out.add(plain(x)));
        return out;
      }
      case "MAP": {
        Map<String, Object> m = new LinkedHashMap<>();
        v.keys().forEach(k -> m.put(k, plain(v.get(k))));
        return m;
      }
      default:
        return v.asObject();
    }
  }

  private static Map<String, Object> properties(MapAccessor e) {
    Map<String, Object> m = new LinkedHashMap<>();
    e.keys().forEach(k -> m.put(k, plain(e.get(k))));
    return m;
  }

  private static String string(Value v) {
    return v == null || v.isNull() ? null : v.asString();
  }

  private static Long longOrNull(Value v) {
    return v == null || v.isNull() ? null : v.asLong();
  }

  private static List<String> strings(Value v) {
    return v == null || v.isNull() ? List.of() : v.asList(Value::asString);
  }
}
