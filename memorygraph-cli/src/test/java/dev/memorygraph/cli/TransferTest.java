package dev.memorygraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.Visibility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Export, import and Markdown export through the real command on real SQLite files. */
class TransferTest {
  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner("transfer");
  }

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  /** Memories and relationships with every field set, Unicode text and an invalidated edge. */
  private void seedFullGraph() {
    MemoryContext ctx = MemoryContext.builder().projectPath("/home/zoë/项目")
        .filesInvolved(List.of("src/Main.java", "docs/ünïcode.md")).languages(List.of("java", "kotlin"))
        .frameworks(List.of("spring")).technologies(List.of("postgres")).gitCommit("abc123")
        .gitBranch("feature/ß").workingDirectory("/tmp/wd").timestamp(t("2024-02-29T23:59:59.123456Z"))
        .sessionId("sess-1").userId("user-1").additionalMetadata(Map.of("b", "2", "a", "multi\nline", "emoji", "🚀"))
        .tenantId("tenant-1").teamId("team-1").visibility(Visibility.PUBLIC).createdBy("agent-7").build();
    Memory full = Memory.builder().id("m-full").type(MemoryType.CODE_PATTERN)
        .title("Ünïcødé títle — 日本語 🚀").content("Line 1\nLine 2\twith tab\r\n\"quoted\" \\ backslash")
        .summary("Résumé").tags("Zeta", "alpha", "日本").context(ctx).importance(0.123456789)
        .confidence(1.0).effectiveness(0.0).usageCount(42).createdAt(t("2001-01-01T00:00:00Z"))
        .updatedAt(t("2023-06-15T12:34:56.789012Z")).lastAccessed(t("2024-01-01T00:00:00.000001Z"))
        .version(7).updatedBy("bob").build();
    Memory plain = Memory.builder().id("m-plain").type(MemoryType.PROBLEM).title("Plain")
        .content("just content").createdAt(t("2020-05-05T05:05:05Z")).build();
    Memory third = Memory.builder().id("a-first").type(MemoryType.FIX).title("Sorted first")
        .content("x").importance(0.0).confidence(0.0).createdAt(t("0001-01-01T00:00:00Z"))
        .updatedAt(t("9999-12-31T23:59:59.999999Z")).build();
    Relationship current = Relationship.builder("m-full", "m-plain", RelationshipType.SOLVES).id("r-current")
        .strength(0.95).confidence(0.5).context("Ça marche 👍").evidenceCount(3).successRate(0.75)
        .createdAt(t("2022-01-01T00:00:00.5Z")).lastValidated(t("2022-02-01T00:00:00Z")).validationCount(4)
        .counterEvidenceCount(1).validFrom(t("2021-12-31T00:00:00Z")).recordedAt(t("2022-01-01T00:00:01Z")).build();
    Relationship old = Relationship.builder("a-first", "m-plain", RelationshipType.ADDRESSES).id("r-old")
        .createdAt(t("2021-01-01T00:00:00Z")).build();
    Relationship replacement = Relationship.builder("a-first", "m-full", RelationshipType.DEPRECATED_BY).id("r-new")
        .createdAt(t("2021-06-01T00:00:00Z")).build();
    try (MemoryGraph g = cli.graph()) {
      g.storeAll(List.of(full, plain, third));
      g.linkAll(List.of(current, old, replacement));
      g.invalidate("r-old", t("2021-07-01T00:00:00.000123Z"), "r-new");
    }
  }

  @Test
  void exportImportExportIsByteIdentical() throws Exception {
    seedFullGraph();
    Path first = cli.dir.resolve("first.json");
    CliRunner.Result export = cli.run("export", "--out", first.toString());
    assertThat(export.code()).as(export.toString()).isZero();
    assertThat(export.out()).contains("Exported 3 memories and 3 relationships");

    Path fresh = cli.dir.resolve("fresh.db");
    CliRunner.Result imported = cli.run("--db", fresh.toString(), "import", first.toString(), "--json");
    assertThat(imported.code()).as(imported.toString()).isZero();
    assertThat(imported.json().get("memories").asInt()).isEqualTo(3);
    assertThat(imported.json().get("relationships").asInt()).isEqualTo(3);

    // Exporting to stdout gives the same document as to a file.
    CliRunner.Result second = cli.run("--db", fresh.toString(), "export");
    assertThat(second.code()).as(second.toString()).isZero();
    byte[] a = Files.readAllBytes(first);
    assertThat(second.out().getBytes(StandardCharsets.UTF_8)).isEqualTo(a);

    // The stored records are equal too, field by field.
    try (MemoryGraph src = cli.graph(); MemoryGraph dst = CliRunner.graphAt(fresh)) {
      for (String id : List.of("m-full", "m-plain", "a-first")) {
        assertThat(dst.get(id)).isEqualTo(src.get(id));
      }
      for (String id : List.of("r-current", "r-old", "r-new")) {
        assertThat(dst.relationship(id)).isEqualTo(src.relationship(id));
      }
    }

    // The document carries every field, sorted by id, with micro-second UTC instants.
    String text = Files.readString(first);
    JsonNode doc = JsonCodec.MAPPER.readTree(text);
    assertThat(doc.get("format").asText()).isEqualTo("memorygraph-export");
    assertThat(doc.get("version").asInt()).isEqualTo(1);
    assertThat(doc.get("memories")).extracting(n -> n.get("id").asText()).containsExactly("a-first", "m-full", "m-plain");
    assertThat(doc.get("relationships")).extracting(n -> n.get("id").asText()).containsExactly("r-current", "r-new", "r-old");
    JsonNode full = doc.get("memories").get(1);
    assertThat(fieldNames(full)).hasSize(16);
    assertThat(fieldNames(full.get("context"))).hasSize(16);
    assertThat(full.get("title").asText()).isEqualTo("Ünïcødé títle — 日本語 🚀");
    assertThat(full.get("created_at").asText()).isEqualTo("2001-01-01T00:00:00.000000Z");
    assertThat(full.get("context").get("additional_metadata").get("a").asText()).isEqualTo("multi\nline");
    JsonNode oldRel = doc.get("relationships").get(2);
    assertThat(fieldNames(oldRel)).hasSize(17);
    assertThat(oldRel.get("valid_until").asText()).isEqualTo("2021-07-01T00:00:00.000123Z");
    assertThat(oldRel.get("invalidated_by").asText()).isEqualTo("r-new");
    assertThat(doc.get("memories").get(0).get("created_at").asText()).isEqualTo("0001-01-01T00:00:00.000000Z");
    assertThat(doc.get("memories").get(2).get("summary").isNull()).isTrue();
    assertThat(text).doesNotContain("\r\n\"").endsWith("}\n");

    // Re-importing the same file changes nothing: identical records are skipped.
    CliRunner.Result again = cli.run("--db", fresh.toString(), "import", first.toString());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("Imported 0 memories and 0 relationships")
        .contains("already present and unchanged: 3 memories, 3 relationships");
    assertThat(cli.run("--db", fresh.toString(), "export").out().getBytes(StandardCharsets.UTF_8)).isEqualTo(a);

    // A changed memory in the file replaces the stored one (version + 1), the rest is skipped.
    ObjectNode changed = (ObjectNode) JsonCodec.MAPPER.readTree(text);
    ((ObjectNode) changed.get("memories").get(2)).put("content", "changed content");
    JsonNode result = cli.run("--db", fresh.toString(), "import", writeDoc(changed).toString(), "--json").json();
    assertThat(result.get("memories").asInt()).isEqualTo(1);
    assertThat(result.get("memories_already_present").asInt()).isEqualTo(2);
    try (MemoryGraph dst = CliRunner.graphAt(fresh)) {
      assertThat(dst.get("m-plain").orElseThrow().content()).isEqualTo("changed content");
      assertThat(dst.get("m-plain").orElseThrow().version()).isEqualTo(2);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private Path writeDoc(ObjectNode doc) throws Exception {
    Path f = cli.dir.resolve("import-" + System.nanoTime() + ".json");
    Files.writeString(f, JsonCodec.pretty(doc));
    return f;
  }

  private static ObjectNode memoryNode(String id, String title) {
    ObjectNode m = JsonCodec.object();
    m.put("id", id);
    m.put("type", "general");
    m.put("title", title);
    m.put("content", "content of " + id);
    return m;
  }

  private long memoryCount() {
    try (MemoryGraph g = cli.graph()) {
      return g.statistics().memoryCount();
    }
  }

  @Test
  void importRejectsABadRecordNamingIndexAndFieldAndWritesNothing() throws Exception {
    ObjectNode doc = JsonCodec.object();
    ArrayNode ms = doc.putArray("memories");
    ms.add(memoryNode("ok-1", "Fine"));
    ms.add(memoryNode("bad-1", "   "));
    CliRunner.Result r = cli.run("import", writeDoc(doc).toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("memories[1].title").contains("blank");
    assertThat(memoryCount()).isZero();

    ObjectNode ctxDoc = JsonCodec.object();
    ObjectNode withCtx = memoryNode("ok-2", "Fine");
    withCtx.putObject("context").put("visibility", "everyone");
    ctxDoc.putArray("memories").add(withCtx);
    CliRunner.Result rc = cli.run("import", writeDoc(ctxDoc).toString(), "--json");
    assertThat(rc.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(rc.errJson().get("error").get("field").asText()).isEqualTo("memories[0].context.visibility");

    ObjectNode typeDoc = JsonCodec.object();
    ObjectNode wrongType = memoryNode("ok-3", "Fine");
    wrongType.put("importance", "high");
    typeDoc.putArray("memories").add(wrongType);
    CliRunner.Result rt = cli.run("import", writeDoc(typeDoc).toString());
    assertThat(rt.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(rt.err()).contains("memories[0].importance").contains("number");

    ObjectNode unknownDoc = JsonCodec.object();
    ObjectNode unknown = memoryNode("ok-4", "Fine");
    unknown.put("titel", "typo");
    unknownDoc.putArray("memories").add(unknown);
    CliRunner.Result ru = cli.run("import", writeDoc(unknownDoc).toString());
    assertThat(ru.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(ru.err()).contains("memories[0].titel").contains("not a known field");

    ObjectNode dupDoc = JsonCodec.object();
    dupDoc.putArray("memories").add(memoryNode("same", "One")).add(memoryNode("same", "Two"));
    CliRunner.Result rd = cli.run("import", writeDoc(dupDoc).toString());
    assertThat(rd.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(rd.err()).contains("memories[1].id").contains("memories[0]");

    assertThat(memoryCount()).isZero();
  }

  @Test
  void importRejectsRelationshipsWithMissingEndsBeforeWritingMemories() throws Exception {
    ObjectNode doc = JsonCodec.object();
    doc.putArray("memories").add(memoryNode("m-1", "One")).add(memoryNode("m-2", "Two"));
    ArrayNode rs = doc.putArray("relationships");
    ObjectNode good = rs.addObject();
    good.put("id", "r-1").put("from_id", "m-1").put("to_id", "m-2").put("type", "solves");
    ObjectNode bad = rs.addObject();
    bad.put("id", "r-2").put("from_id", "m-1").put("to_id", "ghost").put("type", "SOLVES");
    CliRunner.Result r = cli.run("import", writeDoc(doc).toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("relationships[1].to_id").contains("ghost");
    assertThat(memoryCount()).isZero();

    bad.put("to_id", "m-2").put("type", "IS_FOND_OF");
    CliRunner.Result rt = cli.run("import", writeDoc(doc).toString());
    assertThat(rt.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(rt.err()).contains("relationships[1].type").contains("IS_FOND_OF");

    bad.put("type", "SOLVES").put("valid_from", "2024-01-02T00:00:00Z").put("valid_until", "2024-01-01T00:00:00Z");
    CliRunner.Result rv = cli.run("import", writeDoc(doc).toString());
    assertThat(rv.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(rv.err()).contains("relationships[1].valid_until");

    bad.put("valid_until", "not a time");
    CliRunner.Result rb = cli.run("import", writeDoc(doc).toString());
    assertThat(rb.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(rb.err()).contains("relationships[1].valid_until").contains("ISO-8601");
    assertThat(memoryCount()).isZero();

    // Fixed, the same file imports, with defaults filled in for the omitted fields.
    bad.remove("valid_until");
    bad.remove("valid_from");
    CliRunner.Result fixed = cli.run("import", writeDoc(doc).toString(), "--progress");
    assertThat(fixed.code()).as(fixed.toString()).isZero();
    assertThat(fixed.err()).contains("Importing ").contains("100% 4/4");
    try (MemoryGraph g = cli.graph()) {
      assertThat(g.relationship("r-1").orElseThrow().strength()).isEqualTo(RelationshipType.SOLVES.defaultStrength());
      assertThat(g.get("m-1").orElseThrow().importance()).isEqualTo(Memory.DEFAULT_IMPORTANCE);
    }
  }

  @Test
  void importReadsStandardInput() throws Exception {
    seedFullGraph();
    CliRunner.Result export = cli.run("export");
    assertThat(export.code()).isZero();
    Path fresh = cli.dir.resolve("stdin.db");
    java.io.InputStream saved = System.in;
    CliRunner.Result imported;
    try {
      System.setIn(new java.io.ByteArrayInputStream(export.out().getBytes(StandardCharsets.UTF_8)));
      imported = cli.run("--db", fresh.toString(), "import", "-");
    } finally {
      System.setIn(saved);
    }
    assertThat(imported.code()).as(imported.toString()).isZero();
    assertThat(imported.out()).contains("Imported 3 memories and 3 relationships");
    assertThat(cli.run("--db", fresh.toString(), "export").out()).isEqualTo(export.out());
  }

  @Test
  void importRejectsMalformedFiles() throws Exception {
    Path notJson = cli.dir.resolve("broken.json");
    Files.writeString(notJson, "{\"memories\": [ {\"id\": ");
    CliRunner.Result r = cli.run("import", notJson.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("not valid JSON").contains("line");

    Path wrongVersion = cli.dir.resolve("v2.json");
    Files.writeString(wrongVersion, "{\"format\": \"memorygraph-export\", \"version\": 2, \"memories\": []}");
    CliRunner.Result v = cli.run("import", wrongVersion.toString());
    assertThat(v.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(v.err()).contains("version");

    CliRunner.Result missing = cli.run("import", cli.dir.resolve("absent.json").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("not found");
  }

  @Test
  void importRefusesToOverwriteADifferentRelationship() throws Exception {
    seedFullGraph();
    Path export = cli.dir.resolve("export.json");
    assertThat(cli.run("export", "--out", export.toString()).code()).isZero();
    try (MemoryGraph g = cli.graph()) {
      g.unlink("r-current");
      g.link(Relationship.builder("m-plain", "a-first", RelationshipType.RELATED_TO).id("r-current").build());
    }
    CliRunner.Result r = cli.run("import", export.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("relationships[0].id").contains("r-current");
  }

  @Test
  void markdownExportUsesSafeUniqueFileNames() throws Exception {
    List<String> titles = List.of("../../etc/passwd", "CON", "con", "a/b:c*?", "x".repeat(200),
        "日本語のタイトル".repeat(20), "Same title", "Same title", "same TITLE", ".hidden", "...",
        "COM1.txt", "nul", "<>|\"?*", "  spaced   out  ", "-rf");
    try (MemoryGraph g = cli.graph()) {
      for (int i = 0; i < titles.size(); i++) {
        g.store(Memory.builder().id(String.format("md-%02d", i)).title(titles.get(i)).content("body " + i).build());
      }
      g.link("md-00", "md-01", RelationshipType.RELATED_TO);
    }
    Path out = cli.dir.resolve("md");
    CliRunner.Result r = cli.run("export", "--format", "markdown", "--out", out.toString(), "--progress");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("100%");

    List<Path> files;
    try (Stream<Path> s = Files.walk(cli.dir)) {
      files = s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".md")).toList();
    }
    // Every file sits directly in the output directory: nothing escaped it.
    assertThat(files).allSatisfy(p -> assertThat(p.getParent()).isEqualTo(out));
    assertThat(files).hasSize(titles.size() + 1);
    List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
    assertThat(names).contains("_index.md");
    assertThat(names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).distinct()).hasSize(names.size());
    for (String n : names) {
      String stem = n.substring(0, n.length() - 3);
      assertThat(n.getBytes(StandardCharsets.UTF_8).length).as(n).isLessThanOrEqualTo(255);
      assertThat(stem).as(n).doesNotContain("/", "\\", ":", "*", "?", "\"", "<", ">", "|", "..", " ");
      assertThat(stem).as(n).doesNotStartWith(".").doesNotStartWith("-");
      String base = stem.contains(".") ? stem.substring(0, stem.indexOf('.')) : stem;
      assertThat(base.toUpperCase(java.util.Locale.ROOT)).as(n).isNotIn("CON", "PRN", "AUX", "NUL", "COM1", "LPT1");
    }
    assertThat(names).contains("etc-passwd.md", "Same-title.md", "Same-title-2.md", "same-TITLE-3.md", "a-b-c.md");
    String passwd = Files.readString(out.resolve("etc-passwd.md"));
    assertThat(passwd).contains("title: \"../../etc/passwd\"").contains("# ../../etc/passwd").contains("body 0")
        .contains("RELATED_TO");
    assertThat(Files.readString(out.resolve("_index.md"))).contains("(<etc-passwd.md>)");

    // A second export into the non-empty directory needs --force.
    CliRunner.Result again = cli.run("export", "--format", "markdown", "--out", out.toString());
    assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).contains("--force");
    assertThat(cli.run("export", "--format", "markdown", "--out", out.toString(), "--force").code()).isZero();
    assertThat(cli.run("export", "--format", "markdown").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void safeFileNameRules() {
    assertThat(SafeFileNames.stem("../../etc/passwd")).isEqualTo("etc-passwd");
    assertThat(SafeFileNames.stem("CON")).isEqualTo("CON-memory");
    assertThat(SafeFileNames.stem("lpt9.log")).isEqualTo("lpt9-memory.log");
    assertThat(SafeFileNames.stem("a/b:c*?")).isEqualTo("a-b-c");
    assertThat(SafeFileNames.stem("...")).isEqualTo("memory");
    assertThat(SafeFileNames.stem("🚀🚀")).isEqualTo("memory");
    assertThat(SafeFileNames.stem("x".repeat(300))).hasSize(SafeFileNames.MAX_STEM_BYTES);
    String cjk = SafeFileNames.stem("語".repeat(300));
    assertThat(cjk.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeFileNames.MAX_STEM_BYTES);
    assertThat(cjk).matches("語+");
    SafeFileNames names = new SafeFileNames();
    assertThat(names.next("Dup", ".md")).isEqualTo("Dup.md");
    assertThat(names.next("dup", ".md")).isEqualTo("dup-2.md");
    assertThat(names.next("DUP", ".md")).isEqualTo("DUP-3.md");
  }
}
