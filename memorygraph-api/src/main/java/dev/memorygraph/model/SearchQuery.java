package dev.memorygraph.model;

import dev.memorygraph.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A memory search: optional text plus filters, AND-ed together, and a page window.
 *
 * <p><b>Text.</b> The text is split into words (runs of Unicode letters and digits, lower-cased);
 * a memory matches when every word occurs in its title, content, summary or tags, in any order
 * and any field, case-insensitively. Backends with stemming also match other forms of a word
 * (retry, retries, retrying). Only these words ever reach a backend's query syntax, so the user's
 * text cannot inject operators.
 *
 * <p><b>Order.</b> With text: relevance (best first, as the backend ranks it), then id ascending.
 * Without text: importance descending, then created_at descending, then id ascending. Both are
 * total orders, so paging with offset is stable.
 *
 * @param text words to find, or null for filters only
 * @param types memory must be of one of these types (empty = any)
 * @param tags memory must carry at least one of these tags, exact match after normalisation
 * @param projectPath memory's context project path must equal this, or null
 * @param minImportance importance at least this, or null
 * @param minConfidence confidence at least this, or null
 * @param createdAfter created strictly after this, or null
 * @param createdBefore created strictly before this, or null
 * @param relationshipTypes memory must have a current relationship (either direction) of one of
 *     these types (empty = no such filter)
 * @param limit page size, 1..1000 (default 50)
 * @param offset rows to skip, 0 or more
 */
public record SearchQuery(
    String text,
    Set<MemoryType> types,
    Set<String> tags,
    String projectPath,
    Double minImportance,
    Double minConfidence,
    Instant createdAfter,
    Instant createdBefore,
    Set<RelationshipType> relationshipTypes,
    int limit,
    int offset) {

  /** Default page size. */
  public static final int DEFAULT_LIMIT = 50;
  /** Largest page size. */
  public static final int MAX_LIMIT = 1000;
  /** Longest accepted search text. */
  public static final int MAX_TEXT = 1000;
  /** Most words used from one search text. */
  public static final int MAX_TERMS = 32;

  /** Validates and normalises every component. */
  public SearchQuery {
    text = Validation.optionalLine("text", text, MAX_TEXT);
    if (text != null && tokenize(text).isEmpty()) {
      throw new ValidationException("text", "contains no letters or digits to search for");
    }
    types = Validation.enums("types", types, MemoryType.class);
    tags = tags == null || tags.isEmpty()
        ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(Validation.tags("tags", tags)));
    projectPath = Validation.optionalLine("project_path", projectPath, Validation.MAX_CONTEXT_STRING);
    minImportance = Validation.optionalUnit("min_importance", minImportance);
    minConfidence = Validation.optionalUnit("min_confidence", minConfidence);
    createdAfter = Validation.optionalInstant("created_after", createdAfter);
    createdBefore = Validation.optionalInstant("created_before", createdBefore);
    relationshipTypes = Validation.enums("relationship_types", relationshipTypes, RelationshipType.class);
    Validation.range("limit", limit, 1, MAX_LIMIT);
    if (offset < 0) {
      throw new ValidationException("offset", "must be zero or more (was " + offset + ")");
    }
  }

  /** The lower-cased words of {@link #text()}, at most 32, in order, without repeats. */
  public List<String> terms() {
    return text == null ? List.of() : tokenize(text);
  }

  /** True when the query has text to match. */
  public boolean hasText() {
    return text != null;
  }

  /**
   * Splits text into the words search uses: maximal runs of Unicode letters and digits with any
   * combining marks that follow them (so a decomposed "nai\u0308ve" stays one word, as the
   * full-text engines see it), lower-cased in the root locale, de-duplicated, at most
   * {@value #MAX_TERMS}. Text is not normalised: a decomposed and a precomposed spelling are
   * different words.
   */
  public static List<String> tokenize(String text) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    scanWords(text, w -> {
      out.add(w);
      return out.size() < MAX_TERMS;
    });
    return new ArrayList<>(out);
  }

  /**
   * Every word of a text in order, as {@link #tokenize} finds them but neither de-duplicated nor
   * limited: for backends that build their own word index, so that indexed words and query words
   * always agree.
   */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    scanWords(text, out::add);
    return out;
  }

  /** Feeds the words of {@code text} to {@code sink} until it returns false. */
  private static void scanWords(String text, java.util.function.Predicate<String> sink) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      int cp = text.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        int start = i;
        while (i < n && isWordPart(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
        if (!sink.test(text.substring(start, i).toLowerCase(Locale.ROOT))) {
          return;
        }
      } else {
        i += Character.charCount(cp);
      }
    }
  }

  private static boolean isWordPart(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /** A query for text only, with default paging. */
  public static SearchQuery text(String text) {
    return builder().text(text).build();
  }

  /** A new builder (no text, no filters, limit 50, offset 0). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this query. */
  public Builder toBuilder() {
    return new Builder().text(text).types(types).tags(tags).projectPath(projectPath)
        .minImportance(minImportance).minConfidence(minConfidence).createdAfter(createdAfter)
        .createdBefore(createdBefore).relationshipTypes(relationshipTypes).limit(limit).offset(offset);
  }

  /** Builds a {@link SearchQuery}. */
  public static final class Builder {
    private String text;
    private Set<MemoryType> types = Set.of();
    private Set<String> tags = Set.of();
    private String projectPath;
    private Double minImportance;
    private Double minConfidence;
    private Instant createdAfter;
    private Instant createdBefore;
    private Set<RelationshipType> relationshipTypes = Set.of();
    private int limit = DEFAULT_LIMIT;
    private int offset;

    private Builder() {}

    /** Sets the text. */
    public Builder text(String v) { this.text = v; return this; }
    /** Restricts to these types. */
    public Builder types(Collection<MemoryType> v) { this.types = Validation.enums("types", v, MemoryType.class); return this; }
    /** Restricts to these types. */
    public Builder types(MemoryType... v) { this.types = Validation.enums("types", MemoryType.class, v); return this; }
    /** Restricts to memories carrying any of these tags. */
    public Builder tags(Collection<String> v) { this.tags = v == null ? null : new LinkedHashSet<>(v); return this; }
    /** Restricts to memories carrying any of these tags. */
    public Builder tags(String... v) { this.tags = v == null ? null : new LinkedHashSet<>(Arrays.asList(v)); return this; }
    /** Restricts to one project path. */
    public Builder projectPath(String v) { this.projectPath = v; return this; }
    /** Sets the minimum importance. */
    public Builder minImportance(Double v) { this.minImportance = v; return this; }
    /** Sets the minimum confidence. */
    public Builder minConfidence(Double v) { this.minConfidence = v; return this; }
    /** Keeps memories created strictly after this instant. */
    public Builder createdAfter(Instant v) { this.createdAfter = v; return this; }
    /** Keeps memories created strictly before this instant. */
    public Builder createdBefore(Instant v) { this.createdBefore = v; return this; }
    /** Keeps memories with a current relationship of one of these types. */
    public Builder relationshipTypes(Collection<RelationshipType> v) { this.relationshipTypes = Validation.enums("relationship_types", v, RelationshipType.class); return this; }
    /** Keeps memories with a current relationship of one of these types. */
    public Builder relationshipTypes(RelationshipType... v) { this.relationshipTypes = Validation.enums("relationship_types", RelationshipType.class, v); return this; }
    /** Sets the page size (1..1000). */
    public Builder limit(int v) { this.limit = v; return this; }
    /** Sets the number of results to skip. */
    public Builder offset(int v) { this.offset = v; return this; }

    /** Validates and builds the query. */
    public SearchQuery build() {
      return new SearchQuery(text, types, tags, projectPath, minImportance, minConfidence,
          createdAfter, createdBefore, relationshipTypes, limit, offset);
    }
  }
}
