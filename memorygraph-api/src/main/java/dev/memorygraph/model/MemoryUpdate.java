package dev.memorygraph.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A partial change to a memory: null components are left unchanged.
 *
 * <p>To clear the summary pass an empty string. {@link #applyTo} computes the new memory
 * (version + 1, updated now); backends call it inside their write transaction, so the
 * read-modify-write is atomic and the same rules hold on every backend.
 *
 * @param type new type
 * @param title new title
 * @param content new content
 * @param summary new summary ("" clears it)
 * @param tags new tags (replace the old ones)
 * @param context new context (replaces the old one)
 * @param importance new importance
 * @param confidence new confidence
 * @param effectiveness new effectiveness
 * @param usageCount new usage count
 * @param lastAccessed new last-access time
 * @param updatedBy who makes the change
 */
public record MemoryUpdate(
    MemoryType type,
    String title,
    String content,
    String summary,
    List<String> tags,
    MemoryContext context,
    Double importance,
    Double confidence,
    Double effectiveness,
    Long usageCount,
    Instant lastAccessed,
    String updatedBy) {

  /** Checks every set component with the same rules as {@link Memory}. */
  public MemoryUpdate {
    if (title != null) {
      title = Validation.requiredLine("title", title, Validation.MAX_TITLE);
    }
    if (content != null) {
      content = Validation.requiredText("content", content, Validation.MAX_CONTENT);
    }
    if (summary != null && !summary.isEmpty()) {
      summary = Validation.optionalText("summary", summary, Validation.MAX_SUMMARY);
      summary = summary == null ? "" : summary;
    }
    if (tags != null) {
      tags = Validation.tags("tags", tags);
    }
    if (importance != null) {
      importance = Validation.unit("importance", importance);
    }
    if (confidence != null) {
      confidence = Validation.unit("confidence", confidence);
    }
    effectiveness = Validation.optionalUnit("effectiveness", effectiveness);
    if (usageCount != null) {
      usageCount = Validation.nonNegative("usage_count", usageCount);
    }
    lastAccessed = Validation.optionalInstant("last_accessed", lastAccessed);
    updatedBy = Validation.optionalLine("updated_by", updatedBy, Validation.MAX_CONTEXT_STRING);
  }

  /** True when no component is set. */
  public boolean isEmpty() {
    return type == null && title == null && content == null && summary == null && tags == null
        && context == null && importance == null && confidence == null && effectiveness == null
        && usageCount == null && lastAccessed == null && updatedBy == null;
  }

  /**
   * The memory after this change: set components replace the old values, version + 1,
   * {@code updatedAt = now}, id and creation time kept.
   */
  public Memory applyTo(Memory existing, Instant now) {
    return existing.toBuilder()
        .type(type != null ? type : existing.type())
        .title(title != null ? title : existing.title())
        .content(content != null ? content : existing.content())
        .summary(summary != null ? summary : existing.summary())
        .tags(tags != null ? tags : existing.tags())
        .context(context != null ? context : existing.context())
        .importance(importance != null ? importance : existing.importance())
        .confidence(confidence != null ? confidence : existing.confidence())
        .effectiveness(effectiveness != null ? effectiveness : existing.effectiveness())
        .usageCount(usageCount != null ? usageCount : existing.usageCount())
        .lastAccessed(lastAccessed != null ? lastAccessed : existing.lastAccessed())
        .updatedBy(updatedBy != null ? updatedBy : existing.updatedBy())
        .updatedAt(now)
        .version(existing.version() + 1)
        .build();
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MemoryUpdate}. */
  public static final class Builder {
    private MemoryType type;
    private String title;
    private String content;
    private String summary;
    private List<String> tags;
    private MemoryContext context;
    private Double importance;
    private Double confidence;
    private Double effectiveness;
    private Long usageCount;
    private Instant lastAccessed;
    private String updatedBy;

    private Builder() {}

    /** Changes the type. */
    public Builder type(MemoryType v) { this.type = v; return this; }
    /** Changes the title. */
    public Builder title(String v) { this.title = v; return this; }
    /** Changes the content. */
    public Builder content(String v) { this.content = v; return this; }
    /** Changes the summary; "" clears it. */
    public Builder summary(String v) { this.summary = v; return this; }
    /** Replaces the tags. */
    public Builder tags(Collection<String> v) { this.tags = v == null ? null : new ArrayList<>(v); return this; }
    /** Replaces the context. */
    public Builder context(MemoryContext v) { this.context = v; return this; }
    /** Changes the importance. */
    public Builder importance(double v) { this.importance = v; return this; }
    /** Changes the confidence. */
    public Builder confidence(double v) { this.confidence = v; return this; }
    /** Changes the effectiveness. */
    public Builder effectiveness(double v) { this.effectiveness = v; return this; }
    /** Changes the usage count. */
    public Builder usageCount(long v) { this.usageCount = v; return this; }
    /** Changes the last-access time. */
    public Builder lastAccessed(Instant v) { this.lastAccessed = v; return this; }
    /** Records who makes the change. */
    public Builder updatedBy(String v) { this.updatedBy = v; return this; }

    /** Validates and builds the update. */
    public MemoryUpdate build() {
      return new MemoryUpdate(type, title, content, summary, tags, context, importance,
          confidence, effectiveness, usageCount, lastAccessed, updatedBy);
    }
  }
}
