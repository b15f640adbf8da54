package dev.memorygraph.model;

import static dev.memorygraph.model.Validation.MAX_CONTENT;
import static dev.memorygraph.model.Validation.MAX_SUMMARY;
import static dev.memorygraph.model.Validation.MAX_TITLE;

import dev.memorygraph.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * One memory: a typed piece of knowledge with title, content, tags, context and scores.
 *
 * <p>The constructor validates and normalises every field (see {@link Validation}): an invalid
 * memory cannot be built, so no write path can store one. Timestamps are UTC instants truncated
 * to microseconds. A builder fills the defaults: a random UUID id, importance 0.5, confidence
 * 0.8, version 1, created and updated now.
 *
 * @param id unique id (UUID by default; see {@link Validation#id})
 * @param type the kind of memory
 * @param title 1-200 characters, trimmed, single line
 * @param content 1-50,000 characters
 * @param summary at most 500 characters, or null
 * @param tags trimmed, lower-cased, de-duplicated, sorted; at most 50 of at most 100 characters
 * @param context where and by whom it was made, never null
 * @param importance in [0, 1]
 * @param confidence in [0, 1]
 * @param effectiveness in [0, 1], or null when unknown
 * @param usageCount how often it was used
 * @param createdAt when it was first stored
 * @param updatedAt when it was last changed
 * @param lastAccessed when it was last read through a usage-tracking call, or null
 * @param version 1 on creation, plus one on every update
 * @param updatedBy who changed it last, or null
 */
public record Memory(
    String id,
    MemoryType type,
    String title,
    String content,
    String summary,
    List<String> tags,
    MemoryContext context,
    double importance,
    double confidence,
    Double effectiveness,
    long usageCount,
    Instant createdAt,
    Instant updatedAt,
    Instant lastAccessed,
    long version,
    String updatedBy) {

  /** Default importance of a new memory. */
  public static final double DEFAULT_IMPORTANCE = 0.5;
  /** Default confidence of a new memory. */
  public static final double DEFAULT_CONFIDENCE = 0.8;

  /** Validates and normalises every field. */
  public Memory {
    id = Validation.id("id", id);
    type = Validation.notNull("type", type);
    title = Validation.requiredLine("title", title, MAX_TITLE);
    content = Validation.requiredText("content", content, MAX_CONTENT);
    summary = Validation.optionalText("summary", summary, MAX_SUMMARY);
    tags = Validation.tags("tags", tags);
    context = context == null ? MemoryContext.EMPTY : context;
    importance = Validation.unit("importance", importance);
    confidence = Validation.unit("confidence", confidence);
    effectiveness = Validation.optionalUnit("effectiveness", effectiveness);
    usageCount = Validation.nonNegative("usage_count", usageCount);
    createdAt = Validation.instant("created_at", createdAt);
    updatedAt = Validation.instant("updated_at", updatedAt);
    lastAccessed = Validation.optionalInstant("last_accessed", lastAccessed);
    if (version < 1) {
      throw new ValidationException("version", "must be 1 or more (was " + version + ")");
    }
    updatedBy = Validation.optionalLine("updated_by", updatedBy, Validation.MAX_CONTEXT_STRING);
  }

  /** A builder with the defaults of a new memory. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this memory's values. */
  public Builder toBuilder() {
    return new Builder().id(id).type(type).title(title).content(content).summary(summary)
        .tags(tags).context(context).importance(importance).confidence(confidence)
        .effectiveness(effectiveness).usageCount(usageCount).createdAt(createdAt)
        .updatedAt(updatedAt).lastAccessed(lastAccessed).version(version).updatedBy(updatedBy);
  }

  /** Builds a {@link Memory}; validation happens in {@link #build()}. */
  public static final class Builder {
    private String id;
    private MemoryType type = MemoryType.GENERAL;
    private String title;
    private String content;
    private String summary;
    private List<String> tags = List.of();
    private MemoryContext context = MemoryContext.EMPTY;
    private double importance = DEFAULT_IMPORTANCE;
    private double confidence = DEFAULT_CONFIDENCE;
    private Double effectiveness;
    private long usageCount;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant lastAccessed;
    private long version = 1;
    private String updatedBy;

    private Builder() {}

    /** Sets the id; a random UUID is used when none is set. */
    public Builder id(String v) { this.id = v; return this; }
    /** Sets the type (default {@link MemoryType#GENERAL}). */
    public Builder type(MemoryType v) { this.type = v; return this; }
    /** Sets the type by name, e.g. {@code "solution"}. */
    public Builder type(String v) { this.type = MemoryType.parse(v); return this; }
    /** Sets the title. */
    public Builder title(String v) { this.title = v; return this; }
    /** Sets the content. */
    public Builder content(String v) { this.content = v; return this; }
    /** Sets the summary. */
    public Builder summary(String v) { this.summary = v; return this; }
    /** Sets the tags. */
    public Builder tags(Collection<String> v) { this.tags = v == null ? null : new ArrayList<>(v); return this; }
    /** Sets the tags. */
    public Builder tags(String... v) { this.tags = v == null ? null : new ArrayList<>(Arrays.asList(v)); return this; }
    /** Sets the context. */
    public Builder context(MemoryContext v) { this.context = v; return this; }
    /** Sets the importance (default 0.5). */
    public Builder importance(double v) { this.importance = v; return this; }
    /** Sets the confidence (default 0.8). */
    public Builder confidence(double v) { this.confidence = v; return this; }
    /** Sets the effectiveness. */
    public Builder effectiveness(Double v) { this.effectiveness = v; return this; }
    /** Sets the usage count. */
    public Builder usageCount(long v) { this.usageCount = v; return this; }
    /** Sets the creation time (default now). */
    public Builder createdAt(Instant v) { this.createdAt = v; return this; }
    /** Sets the update time (default: the creation time). */
    public Builder updatedAt(Instant v) { this.updatedAt = v; return this; }
    /** Sets the last access time. */
    public Builder lastAccessed(Instant v) { this.lastAccessed = v; return this; }
    /** Sets the version (default 1). */
    public Builder version(long v) { this.version = v; return this; }
    /** Sets who updated it last. */
    public Builder updatedBy(String v) { this.updatedBy = v; return this; }

    /** Fills defaults, validates and builds the memory. */
    public Memory build() {
      Instant created = createdAt != null ? createdAt : Validation.now();
      Instant updated = updatedAt != null ? updatedAt : created;
      return new Memory(id != null ? id : UUID.randomUUID().toString(), type, title, content,
          summary, tags, context, importance, confidence, effectiveness, usageCount, created,
          updated, lastAccessed, version, updatedBy);
    }
  }
}
