package dev.memorygraph.sqlite.store;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.Visibility;
import dev.memorygraph.spi.Instants;
import java.util.List;

/**
 * Column lists and row mappers between the store's tables and the model records. Queries select
 * {@link #MEMORY_COLUMNS} or {@link #RELATIONSHIP_COLUMNS} in this order and map by position.
 */
public final class Mappers {
  private Mappers() {}

  /** The memory columns, in mapping order. */
  public static final List<String> MEMORY_COLUMN_NAMES = List.of(
      "id", "type", "title", "content", "summary", "tags", "project_path", "files_involved",
      "languages", "frameworks", "technologies", "git_commit", "git_branch", "working_directory",
      "context_timestamp", "session_id", "user_id", "additional_metadata", "tenant_id", "team_id",
      "visibility", "created_by", "importance", "confidence", "effectiveness", "usage_count",
      "created_at", "updated_at", "last_accessed", "version", "updated_by");

  /** The relationship columns, in mapping order. */
  public static final List<String> RELATIONSHIP_COLUMN_NAMES = List.of(
      "id", "from_id", "to_id", "type", "strength", "confidence", "context", "evidence_count",
      "success_rate", "created_at", "last_validated", "validation_count",
      "counter_evidence_count", "valid_from", "valid_until", "recorded_at", "invalidated_by");

  /** Comma-separated memory columns, for SELECT lists. */
  public static final String MEMORY_COLUMNS = String.join(", ", MEMORY_COLUMN_NAMES);

  /** Comma-separated relationship columns, for SELECT lists. */
  public static final String RELATIONSHIP_COLUMNS = String.join(", ", RELATIONSHIP_COLUMN_NAMES);

  /** The memory columns prefixed with a table alias. */
  public static String memoryColumns(String alias) {
    return alias + "." + String.join(", " + alias + ".", MEMORY_COLUMN_NAMES);
  }

  /** The relationship columns prefixed with a table alias. */
  public static String relationshipColumns(String alias) {
    return alias + "." + String.join(", " + alias + ".", RELATIONSHIP_COLUMN_NAMES);
  }

  /** Maps a row of {@link #MEMORY_COLUMNS} (from column {@code base} on). */
  public static Memory memory(Row r, int base) {
    int i = base;
    String id = r.getString(i);
    MemoryType type = MemoryType.parse(r.getString(i + 1));
    MemoryContext ctx = new MemoryContext(
        r.getString(i + 6),
        Codec.parseList(r.getString(i + 7)),
        Codec.parseList(r.getString(i + 8)),
        Codec.parseList(r.getString(i + 9)),
        Codec.parseList(r.getString(i + 10)),
        r.getString(i + 11),
        r.getString(i + 12),
        r.getString(i + 13),
        Instants.fromMicrosOrNull(r.getLongOrNull(i + 14)),
        r.getString(i + 15),
        r.getString(i + 16),
        Codec.parseMap(r.getString(i + 17)),
        r.getString(i + 18),
        r.getString(i + 19),
        Visibility.parse(r.getString(i + 20)),
        r.getString(i + 21));
    return new Memory(id, type, r.getString(i + 2), r.getString(i + 3), r.getString(i + 4),
        Codec.splitTags(r.getString(i + 5)), ctx, r.getDouble(i + 22), r.getDouble(i + 23),
        r.getDoubleOrNull(i + 24), r.getLong(i + 25),
        Instants.fromMicros(r.getLong(i + 26)), Instants.fromMicros(r.getLong(i + 27)),
        Instants.fromMicrosOrNull(r.getLongOrNull(i + 28)), r.getLong(i + 29), r.getString(i + 30));
  }

  /** Maps a row that starts with {@link #MEMORY_COLUMNS}. */
  public static Memory memory(Row r) {
    return memory(r, 0);
  }

  /** Maps a row of {@link #RELATIONSHIP_COLUMNS} (from column {@code base} on). */
  public static Relationship relationship(Row r, int base) {
    int i = base;
    return new Relationship(r.getString(i), r.getString(i + 1), r.getString(i + 2),
        RelationshipType.valueOf(r.getString(i + 3)), r.getDouble(i + 4), r.getDouble(i + 5),
        r.getString(i + 6), r.getLong(i + 7), r.getDoubleOrNull(i + 8),
        Instants.fromMicros(r.getLong(i + 9)), Instants.fromMicros(r.getLong(i + 10)),
        r.getLong(i + 11), r.getLong(i + 12), Instants.fromMicros(r.getLong(i + 13)),
        Instants.fromMicrosOrNull(r.getLongOrNull(i + 14)), Instants.fromMicros(r.getLong(i + 15)),
        r.getString(i + 16));
  }

  /** Maps a row that starts with {@link #RELATIONSHIP_COLUMNS}. */
  public static Relationship relationship(Row r) {
    return relationship(r, 0);
  }

  /** The memory's column values, in {@link #MEMORY_COLUMN_NAMES} order. */
  public static Object[] memoryValues(Memory m) {
    MemoryContext c = m.context();
    return new Object[] {
        m.id(), m.type().id(), m.title(), m.content(), m.summary(), Codec.joinTags(m.tags()),
        c.projectPath(), Codec.jsonList(c.filesInvolved()), Codec.jsonList(c.languages()),
        Codec.jsonList(c.frameworks()), Codec.jsonList(c.technologies()), c.gitCommit(),
        c.gitBranch(), c.workingDirectory(), Instants.toMicrosOrNull(c.timestamp()),
        c.sessionId(), c.userId(), Codec.jsonMap(c.additionalMetadata()), c.tenantId(),
        c.teamId(), c.visibility().id(), c.createdBy(), m.importance(), m.confidence(),
        m.effectiveness(), m.usageCount(), Instants.toMicros(m.createdAt()),
        Instants.toMicros(m.updatedAt()), Instants.toMicrosOrNull(m.lastAccessed()), m.version(),
        m.updatedBy()};
  }

  /** The relationship's column values, in {@link #RELATIONSHIP_COLUMN_NAMES} order. */
  public static Object[] relationshipValues(Relationship r) {
    return new Object[] {
        r.id(), r.fromId(), r.toId(), r.type().name(), r.strength(), r.confidence(), r.context(),
        r.evidenceCount(), r.successRate(), Instants.toMicros(r.createdAt()),
        Instants.toMicros(r.lastValidated()), r.validationCount(), r.counterEvidenceCount(),
        Instants.toMicros(r.validFrom()), Instants.toMicrosOrNull(r.validUntil()),
        Instants.toMicros(r.recordedAt()), r.invalidatedBy()};
  }
}
