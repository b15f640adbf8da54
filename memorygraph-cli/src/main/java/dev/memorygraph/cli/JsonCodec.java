package dev.memorygraph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.ValidationException;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of memories and relationships, shared by {@code --json} output and
 * export/import.
 *
 * <p>The form is stable so that export, import and export again gives identical bytes: every
 * field is always written (absent values as explicit {@code null}, empty lists as {@code []}),
 * in a fixed order, instants as ISO-8601 UTC with exactly six fraction digits, numbers in their
 * shortest round-trip form, two-space indentation and {@code \n} line ends.
 *
 * <p>Reading is strict: unknown fields, wrong JSON types and invalid values fail with a
 * {@link ValidationException} whose field is the full path, e.g. {@code memories[3].title}.
 * Fields other than the identifying ones may be omitted and take the builder defaults.
 */
public final class JsonCodec {
  /** The shared mapper (no auto-detection is relied on: trees are built by hand). */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectWriter PRETTY;

  static {
    PRETTY = new ObjectMapper().writer(new Printer());
  }

  /** Two-space indentation, {@code \n} line ends, {@code "key": value}, and {@code []}/{@code {}} when empty. */
  private static final class Printer extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Printer() {
      super();
      DefaultIndenter lf = new DefaultIndenter("  ", "\n");
      _objectIndenter = lf;
      _arrayIndenter = lf;
      _separators = Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER);
      _objectFieldValueSeparatorWithSpaces = ": ";
    }

    Printer(Printer base) {
      super(base);
    }

    @Override
    public Printer createInstance() {
      return new Printer(this);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      if (nrOfValues == 0) {
        --_nesting;
        g.writeRaw(']');
      } else {
        super.writeEndArray(g, nrOfValues);
      }
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      if (nrOfEntries == 0) {
        --_nesting;
        g.writeRaw('}');
      } else {
        super.writeEndObject(g, nrOfEntries);
      }
    }
  }

  private JsonCodec() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A new empty array node. */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** Pretty JSON text with {@code \n} line ends and a final newline. */
  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ISO-8601 UTC with six fraction digits, or null. */
  public static String instant(Instant t) {
    return t == null ? null : INSTANT.format(t);
  }

  /**
   * Parses an instant: ISO-8601 with {@code Z} or an offset, or a plain date (midnight UTC).
   *
   * @throws ValidationException naming {@code field}
   */
  public static Instant parseInstant(String field, String text) {
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return java.time.LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (t.endsWith("Z") || t.endsWith("z")) {
        return Instant.parse(t.substring(0, t.length() - 1) + "Z");
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new ValidationException(field,
          "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z or a date such as 2025-01-31 (was '" + text + "')");
    }
  }

  // ---------------------------------------------------------------- writing

  /** Every field of a memory, in the stable order. */
  public static ObjectNode memory(Memory m) {
    ObjectNode n = object();
    n.put("id", m.id());
    n.put("type", m.type().id());
    n.put("title", m.title());
    n.put("content", m.content());
    n.put("summary", m.summary());
    n.set("tags", strings(m.tags()));
    n.set("context", context(m.context()));
    n.put("importance", m.importance());
    n.put("confidence", m.confidence());
    n.put("effectiveness", m.effectiveness());
    n.put("usage_count", m.usageCount());
    n.put("created_at", instant(m.createdAt()));
    n.put("updated_at", instant(m.updatedAt()));
    n.put("last_accessed", instant(m.lastAccessed()));
    n.put("version", m.version());
    n.put("updated_by", m.updatedBy());
    return n;
  }

  /** Every field of a memory context, in the stable order. */
  public static ObjectNode context(MemoryContext c) {
    ObjectNode n = object();
    n.put("project_path", c.projectPath());
    n.set("files_involved", strings(c.filesInvolved()));
    n.set("languages", strings(c.languages()));
    n.set("frameworks", strings(c.frameworks()));
    n.set("technologies", strings(c.technologies()));
    n.put("git_commit", c.gitCommit());
    n.put("git_branch", c.gitBranch());
    n.put("working_directory", c.workingDirectory());
    n.put("timestamp", instant(c.timestamp()));
    n.put("session_id", c.sessionId());
    n.put("user_id", c.userId());
    ObjectNode meta = n.putObject("additional_metadata");
    c.additionalMetadata().forEach(meta::put); // already sorted by key
    n.put("tenant_id", c.tenantId());
    n.put("team_id", c.teamId());
    n.put("visibility", c.visibility().id());
    n.put("created_by", c.createdBy());
    return n;
  }

  /** Every field of a relationship, in the stable order. */
  public static ObjectNode relationship(Relationship r) {
    ObjectNode n = object();
    n.put("id", r.id());
    n.put("from_id", r.fromId());
    n.put("to_id", r.toId());
    n.put("type", r.type().name());
    n.put("strength", r.strength());
    n.put("confidence", r.confidence());
    n.put("context", r.context());
    n.put("evidence_count", r.evidenceCount());
    n.put("success_rate", r.successRate());
    n.put("created_at", instant(r.createdAt()));
    n.put("last_validated", instant(r.lastValidated()));
    n.put("validation_count", r.validationCount());
    n.put("counter_evidence_count", r.counterEvidenceCount());
    n.put("valid_from", instant(r.validFrom()));
    n.put("valid_until", instant(r.validUntil()));
    n.put("recorded_at", instant(r.recordedAt()));
    n.put("invalidated_by", r.invalidatedBy());
    return n;
  }

  /** A JSON array of strings. */
  public static ArrayNode strings(Iterable<String> values) {
    ArrayNode a = array();
    values.forEach(a::add);
    return a;
  }

  // ---------------------------------------------------------------- reading

  private static final Set<String> MEMORY_FIELDS = Set.of("id", "type", "title", "content", "summary",
      "tags", "context", "importance", "confidence", "effectiveness", "usage_count", "created_at",
      "updated_at", "last_accessed", "version", "updated_by");
  private static final Set<String> CONTEXT_FIELDS = Set.of("project_path", "files_involved",
      "languages", "frameworks", "technologies", "git_commit", "git_branch", "working_directory",
      "timestamp", "session_id", "user_id", "additional_metadata", "tenant_id", "team_id",
      "visibility", "created_by");
  private static final Set<String> RELATIONSHIP_FIELDS = Set.of("id", "from_id", "to_id", "type",
      "strength", "confidence", "context", "evidence_count", "success_rate", "created_at",
      "last_validated", "validation_count", "counter_evidence_count", "valid_from", "valid_until",
      "recorded_at", "invalidated_by");

  /**
   * Reads a memory; every problem is a {@link ValidationException} whose field starts with
   * {@code path}.
   */
  public static Memory readMemory(String path, JsonNode node) {
    Reader r = new Reader(path, node, MEMORY_FIELDS);
    Memory.Builder b = Memory.builder()
        .id(r.requiredString("id"))
        .type(r.enumValue("type", MemoryType::parse, MemoryType.GENERAL))
        .title(r.requiredString("title"))
        .content(r.requiredString("content"))
        .summary(r.string("summary"))
        .tags(r.stringList("tags"))
        .importance(r.number("importance", Memory.DEFAULT_IMPORTANCE))
        .confidence(r.number("confidence", Memory.DEFAULT_CONFIDENCE))
        .effectiveness(r.optionalNumber("effectiveness"))
        .usageCount(r.integer("usage_count", 0))
        .createdAt(r.instant("created_at"))
        .updatedAt(r.instant("updated_at"))
        .lastAccessed(r.instant("last_accessed"))
        .version(r.integer("version", 1))
        .updatedBy(r.string("updated_by"));
    JsonNode ctx = node.get("context");
    if (ctx != null && !ctx.isNull()) {
      b.context(readContext(path + ".context", ctx));
    }
    return r.build(b::build);
  }

  /** Reads a memory context. */
  public static MemoryContext readContext(String path, JsonNode node) {
    Reader r = new Reader(path, node, CONTEXT_FIELDS);
    MemoryContext.Builder b = MemoryContext.builder()
        .projectPath(r.string("project_path"))
        .filesInvolved(r.stringList("files_involved"))
        .languages(r.stringList("languages"))
        .frameworks(r.stringList("frameworks"))
        .technologies(r.stringList("technologies"))
        .gitCommit(r.string("git_commit"))
        .gitBranch(r.string("git_branch"))
        .workingDirectory(r.string("working_directory"))
        .timestamp(r.instant("timestamp"))
        .sessionId(r.string("session_id"))
        .userId(r.string("user_id"))
        .additionalMetadata(r.stringMap("additional_metadata"))
        .tenantId(r.string("tenant_id"))
        .teamId(r.string("team_id"))
        .visibility(r.enumValue("visibility", Visibility::parse, Visibility.PROJECT))
        .createdBy(r.string("created_by"));
    try {
      return b.build();
    } catch (ValidationException e) {
      // The record names its fields "context.x" and the path already ends in ".context".
      String parent = path.endsWith(".context") ? path.substring(0, path.length() - ".context".length()) : path;
      throw prefixed(parent, e);
    }
  }

  /** Reads a relationship; problems name the full path of the field. */
  public static Relationship readRelationship(String path, JsonNode node) {
    Reader r = new Reader(path, node, RELATIONSHIP_FIELDS);
    Relationship.Builder b = Relationship.builder()
        .id(r.requiredString("id"))
        .fromId(r.requiredString("from_id"))
        .toId(r.requiredString("to_id"))
        .type(r.requiredEnum("type", t -> RelationshipType.parse("type", t)))
        .context(r.string("context"))
        .evidenceCount(r.integer("evidence_count", 1))
        .successRate(r.optionalNumber("success_rate"))
        .createdAt(r.instant("created_at"))
        .lastValidated(r.instant("last_validated"))
        .validationCount(r.integer("validation_count", 0))
        .counterEvidenceCount(r.integer("counter_evidence_count", 0))
        .validFrom(r.instant("valid_from"))
        .validUntil(r.instant("valid_until"))
        .recordedAt(r.instant("recorded_at"))
        .invalidatedBy(r.string("invalidated_by"));
    Double strength = r.optionalNumber("strength");
    if (strength != null) {
      b.strength(strength);
    }
    Double confidence = r.optionalNumber("confidence");
    if (confidence != null) {
      b.confidence(confidence);
    }
    return r.build(b::build);
  }

  /** Re-throws a record's validation failure with the field prefixed by a path. */
  public static ValidationException prefixed(String path, ValidationException e) {
    String prefix = "Invalid " + e.field() + ": ";
    String msg = e.getMessage();
    String problem = msg != null && msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
    return new ValidationException(path + "." + e.field(), problem);
  }

  /** Typed, path-aware access to one JSON object's fields. */
  private static final class Reader {
    private final String path;
    private final JsonNode node;

    Reader(String path, JsonNode node, Set<String> known) {
      this.path = path;
      this.node = node;
      if (node == null || !node.isObject()) {
        throw new ValidationException(path, "must be a JSON object");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          throw new ValidationException(path + "." + f, "is not a known field");
        }
      }
    }

    private JsonNode field(String name) {
      JsonNode v = node.get(name);
      return v == null || v.isNull() ? null : v;
    }

    private ValidationException wrong(String name, String expected) {
      return new ValidationException(path + "." + name, "must be " + expected + " (was "
          + node.get(name).getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    String string(String name) {
      JsonNode v = field(name);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        throw wrong(name, "a string");
      }
      return v.textValue();
    }

    String requiredString(String name) {
      String s = string(name);
      if (s == null) {
        throw new ValidationException(path + "." + name, "is required");
      }
      return s;
    }

    <T> T enumValue(String name, java.util.function.Function<String, T> parse, T dflt) {
      String s = string(name);
      if (s == null) {
        return dflt;
      }
      return parseEnum(name, parse, s);
    }

    <T> T requiredEnum(String name, java.util.function.Function<String, T> parse) {
      return parseEnum(name, parse, requiredString(name));
    }

    private <T> T parseEnum(String name, java.util.function.Function<String, T> parse, String s) {
      try {
        return parse.apply(s);
      } catch (ValidationException e) {
        throw prefixedAs(name, e);
      }
    }

    private ValidationException prefixedAs(String name, ValidationException e) {
      String prefix = "Invalid " + e.field() + ": ";
      String msg = e.getMessage();
      return new ValidationException(path + "." + name, msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
    }

    Double optionalNumber(String name) {
      JsonNode v = field(name);
      if (v == null) {
        return null;
      }
      if (!v.isNumber()) {
        throw wrong(name, "a number");
      }
      return v.doubleValue();
    }

    double number(String name, double dflt) {
      Double d = optionalNumber(name);
      return d == null ? dflt : d;
    }

    long integer(String name, long dflt) {
      JsonNode v = field(name);
      if (v == null) {
        return dflt;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw wrong(name, "a whole number");
      }
      return v.longValue();
    }

    Instant instant(String name) {
      String s = string(name);
      return s == null ? null : parseInstant(path + "." + name, s);
    }

    List<String> stringList(String name) {
      JsonNode v = field(name);
      if (v == null) {
        return List.of();
      }
      if (!v.isArray()) {
        throw wrong(name, "an array of strings");
      }
      List<String> out = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        if (!e.isTextual()) {
          throw new ValidationException(path + "." + name + "[" + i + "]", "must be a string");
        }
        out.add(e.textValue());
      }
      return out;
    }

    Map<String, String> stringMap(String name) {
      JsonNode v = field(name);
      if (v == null) {
        return Map.of();
      }
      if (!v.isObject()) {
        throw wrong(name, "an object of strings");
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        if (!e.getValue().isTextual()) {
          throw new ValidationException(path + "." + name + "." + e.getKey(), "must be a string");
        }
        out.put(e.getKey(), e.getValue().textValue());
      }
      return out;
    }

    <T> T build(java.util.function.Supplier<T> builder) {
      try {
        return builder.get();
      } catch (ValidationException e) {
        throw prefixed(path, e);
      }
    }
  }
}
