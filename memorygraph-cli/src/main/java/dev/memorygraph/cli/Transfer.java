package dev.memorygraph.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.ValidationException;
import dev.memorygraph.model.GraphStatistics;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Export and import of a whole graph as one JSON document, and export as Markdown files.
 *
 * <p>The JSON document is {@code {"format": "memorygraph-export", "version": 1, "memories": [...],
 * "relationships": [...]}} with memories and relationships sorted by id and every field written
 * (see {@link JsonCodec}). Exporting, importing into an empty database and exporting again gives
 * the same bytes.
 */
public final class Transfer {
  /** The value of the document's {@code format} field. */
  public static final String FORMAT = "memorygraph-export";
  /** The document version this code writes and reads. */
  public static final int VERSION = 1;
  /** Records written per atomic batch on import. */
  public static final int BATCH = 500;

  private Transfer() {}

  /**
   * A whole graph: as read from a file (file order) or from a database (id order).
   *
   * @param memories the memories
   * @param relationships the relationships, current and invalidated
   */
  public record Snapshot(List<Memory> memories, List<Relationship> relationships) {
    /** Copies the lists. */
    public Snapshot {
      memories = List.copyOf(memories);
      relationships = List.copyOf(relationships);
    }

    /** The same records sorted by id, the order of every export. */
    public Snapshot sorted() {
      List<Memory> ms = new ArrayList<>(memories);
      ms.sort(Comparator.comparing(Memory::id));
      List<Relationship> rs = new ArrayList<>(relationships);
      rs.sort(Comparator.comparing(Relationship::id));
      return new Snapshot(ms, rs);
    }
  }

  /**
   * The outcome of an import.
   *
   * @param memories memories stored (inserted or replaced)
   * @param memoriesAlreadyPresent memories skipped because they were stored identically
   * @param relationships relationships created
   * @param relationshipsAlreadyPresent relationships skipped because they were stored identically
   */
  public record ImportResult(int memories, int memoriesAlreadyPresent, int relationships,
      int relationshipsAlreadyPresent) {}

  /** Reads every memory and relationship of a graph. */
  public static Snapshot read(MemoryGraph graph, Progress progress) {
    List<Memory> memories = new ArrayList<>();
    graph.exportMemories(m -> {
      memories.add(m);
      progress.advance(1);
    });
    List<Relationship> relationships = new ArrayList<>();
    graph.exportRelationships(r -> {
      relationships.add(r);
      progress.advance(1);
    });
    return new Snapshot(memories, relationships).sorted();
  }

  /** The export document for a snapshot (records sorted by id). */
  public static String toJson(Snapshot snapshot) {
    Snapshot s = snapshot.sorted();
    ObjectNode doc = JsonCodec.object();
    doc.put("format", FORMAT);
    doc.put("version", VERSION);
    ArrayNode ms = doc.putArray("memories");
    s.memories().forEach(m -> ms.add(JsonCodec.memory(m)));
    ArrayNode rs = doc.putArray("relationships");
    s.relationships().forEach(r -> rs.add(JsonCodec.relationship(r)));
    return JsonCodec.pretty(doc);
  }

  /**
   * Parses and validates a whole export document; nothing is written.
   *
   * @throws ValidationException naming the record and field, e.g. {@code memories[3].title}
   */
  public static Snapshot parse(String text) {
    JsonNode doc;
    try {
      doc = JsonCodec.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ValidationException("file", "is not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (doc == null || !doc.isObject()) {
      throw new ValidationException("file", "must hold a JSON object with 'memories' and 'relationships'");
    }
    for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!Set.of("format", "version", "memories", "relationships").contains(f)) {
        throw new ValidationException(f, "is not a known top-level field");
      }
    }
    JsonNode format = doc.get("format");
    if (format != null && !FORMAT.equals(format.asText())) {
      throw new ValidationException("format", "must be '" + FORMAT + "' (was '" + format.asText() + "')");
    }
    JsonNode version = doc.get("version");
    if (version != null && !(version.isInt() && version.intValue() == VERSION)) {
      throw new ValidationException("version", "must be " + VERSION + " (was " + version + "); this version of memorygraph cannot read it");
    }
    List<Memory> memories = new ArrayList<>();
    Map<String, Integer> memoryIndex = new HashMap<>();
    JsonNode ms = array(doc, "memories");
    for (int i = 0; i < ms.size(); i++) {
      Memory m = JsonCodec.readMemory("memories[" + i + "]", ms.get(i));
      Integer previous = memoryIndex.putIfAbsent(m.id(), i);
      if (previous != null) {
        throw new ValidationException("memories[" + i + "].id", "'" + m.id() + "' is also the id of memories[" + previous + "]");
      }
      memories.add(m);
    }
    List<Relationship> relationships = new ArrayList<>();
    Map<String, Integer> relIndex = new HashMap<>();
    JsonNode rs = array(doc, "relationships");
    for (int i = 0; i < rs.size(); i++) {
      Relationship r = JsonCodec.readRelationship("relationships[" + i + "]", rs.get(i));
      Integer previous = relIndex.putIfAbsent(r.id(), i);
      if (previous != null) {
        throw new ValidationException("relationships[" + i + "].id", "'" + r.id() + "' is also the id of relationships[" + previous + "]");
      }
      relationships.add(r);
    }
    return new Snapshot(memories, relationships);
  }

  private static JsonNode array(JsonNode doc, String name) {
    JsonNode a = doc.get(name);
    if (a == null || a.isNull()) {
      return JsonCodec.array();
    }
    if (!a.isArray()) {
      throw new ValidationException(name, "must be an array");
    }
    return a;
  }

  /**
   * Imports a parsed snapshot. First checks against the database, writing nothing if anything is
   * wrong: every relationship's ends must be in the file or the database, and a relationship id
   * already stored must hold the identical relationship. Records already stored identically are
   * skipped, so re-importing a file changes nothing; other memories are inserted or replace the
   * stored one (version + 1). Writes memories, then relationships, in atomic batches of
   * {@value #BATCH}.
   *
   * @throws ValidationException naming the record and field when a check fails
   */
  public static ImportResult write(MemoryGraph graph, Snapshot s, Progress progress) {
    // Lookups are only needed when the database already holds something; an import into an empty
    // database (the usual restore) skips them.
    GraphStatistics before = graph.statistics();
    boolean checkMemories = before.memoryCount() > 0;
    boolean checkRelationships = before.relationshipCount() > 0;
    List<Memory> toStore = new ArrayList<>();
    int memoriesPresent = 0;
    for (Memory m : s.memories()) {
      if (checkMemories && graph.get(m.id()).filter(m::equals).isPresent()) {
        memoriesPresent++;
      } else {
        toStore.add(m);
      }
    }
    Set<String> inFile = new HashSet<>();
    s.memories().forEach(m -> inFile.add(m.id()));
    Map<String, Boolean> inDb = new HashMap<>();
    List<Relationship> toCreate = new ArrayList<>();
    int relationshipsPresent = 0;
    for (int i = 0; i < s.relationships().size(); i++) {
      Relationship r = s.relationships().get(i);
      for (String end : List.of(r.fromId(), r.toId())) {
        if (!inFile.contains(end)
            && !inDb.computeIfAbsent(end, id -> checkMemories && graph.get(id).isPresent())) {
          String field = end.equals(r.fromId()) ? "from_id" : "to_id";
          throw new ValidationException("relationships[" + i + "]." + field,
              "no memory '" + end + "' in the file or the database; nothing was imported");
        }
      }
      Optional<Relationship> existing = checkRelationships ? graph.relationship(r.id()) : Optional.empty();
      if (existing.isPresent()) {
        if (!existing.get().equals(r)) {
          throw new ValidationException("relationships[" + i + "].id",
              "a different relationship with id '" + r.id() + "' is already stored; nothing was imported");
        }
        relationshipsPresent++;
      } else {
        toCreate.add(r);
      }
    }
    progress.advance(memoriesPresent);
    for (int i = 0; i < toStore.size(); i += BATCH) {
      List<Memory> batch = toStore.subList(i, Math.min(toStore.size(), i + BATCH));
      graph.storeAll(batch);
      progress.advance(batch.size());
    }
    progress.advance(relationshipsPresent);
    for (int i = 0; i < toCreate.size(); i += BATCH) {
      List<Relationship> batch = toCreate.subList(i, Math.min(toCreate.size(), i + BATCH));
      graph.linkAll(batch);
      progress.advance(batch.size());
    }
    return new ImportResult(toStore.size(), memoriesPresent, toCreate.size(), relationshipsPresent);
  }

  /** Writes text to a file atomically (a temporary file in the same directory, then a rename). */
  public static void writeAtomically(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, ".memorygraph-export-", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes one Markdown file per memory into {@code dir}, plus {@code _index.md}, and returns the
   * file name chosen for each memory id.
   */
  public static Map<String, String> writeMarkdown(Snapshot snapshot, Path dir, Progress progress) throws IOException {
    Snapshot s = snapshot.sorted();
    Files.createDirectories(dir);
    Path root = dir.toAbsolutePath().normalize();
    SafeFileNames names = new SafeFileNames();
    Map<String, String> fileOf = new LinkedHashMap<>();
    Map<String, Memory> byId = new HashMap<>();
    for (Memory m : s.memories()) {
      fileOf.put(m.id(), names.next(m.title(), ".md"));
      byId.put(m.id(), m);
    }
    Map<String, List<Relationship>> edges = new HashMap<>();
    for (Relationship r : s.relationships()) {
      edges.computeIfAbsent(r.fromId(), k -> new ArrayList<>()).add(r);
      edges.computeIfAbsent(r.toId(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder index = new StringBuilder("# Memories\n\n");
    for (Memory m : s.memories()) {
      String name = fileOf.get(m.id());
      Path target = root.resolve(name).normalize();
      if (!target.getParent().equals(root)) {
        throw new IllegalStateException("unsafe file name " + name); // cannot happen: names hold no separators
      }
      Files.writeString(target, markdown(m, edges.getOrDefault(m.id(), List.of()), byId, fileOf), StandardCharsets.UTF_8);
      index.append("- [").append(escapeLinkText(m.title())).append("](<").append(name).append(">) — ")
          .append(m.type().id()).append('\n');
      progress.advance(1);
    }
    Files.writeString(root.resolve("_index.md"), index.toString(), StandardCharsets.UTF_8);
    return fileOf;
  }

  private static String markdown(Memory m, List<Relationship> rels, Map<String, Memory> byId, Map<String, String> fileOf) {
    StringBuilder sb = new StringBuilder("---\n");
    // JSON scalars are valid YAML, so quoting through JSON keeps any title safe in front matter.
    yaml(sb, "id", JsonCodec.MAPPER.getNodeFactory().textNode(m.id()));
    yaml(sb, "type", JsonCodec.MAPPER.getNodeFactory().textNode(m.type().id()));
    yaml(sb, "title", JsonCodec.MAPPER.getNodeFactory().textNode(m.title()));
    yaml(sb, "tags", JsonCodec.strings(m.tags()));
    yaml(sb, "importance", JsonCodec.MAPPER.getNodeFactory().numberNode(m.importance()));
    yaml(sb, "confidence", JsonCodec.MAPPER.getNodeFactory().numberNode(m.confidence()));
    yaml(sb, "created_at", JsonCodec.MAPPER.getNodeFactory().textNode(JsonCodec.instant(m.createdAt())));
    yaml(sb, "updated_at", JsonCodec.MAPPER.getNodeFactory().textNode(JsonCodec.instant(m.updatedAt())));
    yaml(sb, "version", JsonCodec.MAPPER.getNodeFactory().numberNode(m.version()));
    if (m.context().projectPath() != null) {
      yaml(sb, "project_path", JsonCodec.MAPPER.getNodeFactory().textNode(m.context().projectPath()));
    }
    sb.append("---\n\n# ").append(m.title()).append("\n\n");
    if (m.summary() != null) {
      for (String line : m.summary().split("\r?\n", -1)) {
        sb.append("> ").append(line).append('\n');
      }
      sb.append('\n');
    }
    sb.append(m.content());
    if (!m.content().endsWith("\n")) {
      sb.append('\n');
    }
    if (!rels.isEmpty()) {
      sb.append("\n## Relationships\n\n");
      for (Relationship r : rels) {
        boolean outgoing = r.fromId().equals(m.id());
        String other = r.otherEnd(m.id());
        Memory o = byId.get(other);
        String target = o == null ? "`" + other + "`"
            : "[" + escapeLinkText(o.title()) + "](<" + fileOf.get(other) + ">)";
        sb.append("- ").append(outgoing ? "" : "← ").append(r.type().name()).append(outgoing ? " → " : " ")
            .append(target).append(" (strength ").append(TextFormat.score(r.strength()))
            .append(r.isCurrent() ? "" : ", invalidated " + JsonCodec.instant(r.validUntil())).append(")\n");
      }
    }
    return sb.toString();
  }

  private static void yaml(StringBuilder sb, String key, JsonNode value) {
    sb.append(key).append(": ").append(value.toString()).append('\n');
  }

  private static String escapeLinkText(String s) {
    return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
  }

  /** A progress that draws nothing, for callers that need none. */
  public static Progress noProgress(PrintWriter err) {
    return Progress.start(err, false, "", 0);
  }
}
