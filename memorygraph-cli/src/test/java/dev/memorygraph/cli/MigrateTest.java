package dev.memorygraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.factory.BackendFactory;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.Visibility;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code memorygraph migrate} end to end: a real SQLite file into a real Turso database in local
 * file mode (the turso module is a dependency of the command line), and into SQLite.
 */
class MigrateTest {
  private CliRunner cli;
  private Path source;
  private Path target;

  @BeforeEach
  void setUp() {
    cli = new CliRunner("migrate");
    source = cli.db;
    target = cli.dir.resolve("target-turso.db");
  }

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  /** Twelve memories (one with every field set, in Unicode), a chain of relationships, one invalidated. */
  private void seed() {
    List<Memory> ms = new ArrayList<>();
    ms.add(Memory.builder().id("m-full").type(MemoryType.CODE_PATTERN).title("Ünïcødé títle — 日本語 🚀")
        .content("Line 1\nLine 2 \"quoted\" \\ backslash").summary("Résumé").tags("Zeta", "日本")
        .context(MemoryContext.builder().projectPath("/home/zoë/项目").filesInvolved(List.of("a.java"))
            .languages(List.of("java")).frameworks(List.of("spring")).technologies(List.of("sqlite"))
            .gitCommit("abc").gitBranch("feature/ß").workingDirectory("/wd")
            .timestamp(t("2024-02-29T23:59:59.123456Z")).sessionId("s").userId("u")
            .additionalMetadata(Map.of("emoji", "🚀")).tenantId("t").teamId("team")
            .visibility(Visibility.PUBLIC).createdBy("agent").build())
        .importance(0.123456789).confidence(1.0).effectiveness(0.25).usageCount(42)
        .createdAt(t("2001-01-01T00:00:00Z")).updatedAt(t("2023-06-15T12:34:56.789012Z"))
        .lastAccessed(t("2024-01-01T00:00:00.000001Z")).version(7).updatedBy("bob").build());
    for (int i = 0; i < 11; i++) {
      ms.add(Memory.builder().id("m-" + i).type(MemoryType.values()[i % MemoryType.values().length])
          .title("Memory " + i).content("content " + i).createdAt(t("2020-05-05T05:05:05.000005Z").plusSeconds(i)).build());
    }
    List<Relationship> rs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rs.add(Relationship.builder("m-" + i, "m-" + (i + 1), RelationshipType.LEADS_TO).id("r-" + i)
          .context("étape " + i).createdAt(t("2021-01-01T00:00:00.5Z").plusSeconds(i)).build());
    }
    rs.add(Relationship.builder("m-full", "m-0", RelationshipType.SOLVES).id("r-full").build());
    try (MemoryGraph g = cli.graph()) {
      g.storeAll(ms);
      g.linkAll(rs);
      g.invalidate("r-3", t("2022-01-01T00:00:00.000123Z"), "r-full");
    }
  }

  private static MemoryGraph turso(Path file) {
    return BackendFactory.open(MemoryGraphConfig.builder().backend("turso")
        .set(ConfigKeys.MEMORY_TURSO_PATH, file.toString()).build());
  }

  private static <T> List<T> all(java.util.function.Consumer<java.util.function.Consumer<T>> export) {
    List<T> out = new ArrayList<>();
    export.accept(out::add);
    return out;
  }

  private CliRunner.Result migrate(String... extra) {
    List<String> args = new ArrayList<>(List.of("migrate", "--from", "sqlite", "--to", "turso",
        "--from-opt", "MEMORY_SQLITE_PATH=" + source, "--to-opt", "MEMORY_TURSO_PATH=" + target));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  @Test
  void migratesSqliteToTursoAndTheTargetAnswers() {
    seed();
    CliRunner.Result r = migrate("--batch-size", "4", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("from").asText()).isEqualTo("sqlite");
    assertThat(json.get("to").asText()).isEqualTo("turso");
    assertThat(json.get("memories").asInt()).isEqualTo(12);
    assertThat(json.get("relationships").asInt()).isEqualTo(11);
    assertThat(json.get("current_relationships").asInt()).isEqualTo(10);
    assertThat(json.get("verified_memories").asInt()).isEqualTo(12);
    assertThat(json.get("verified_relationships").asInt()).isEqualTo(11);

    // The target answers through the command line as the turso backend.
    cli.env.put(ConfigKeys.MEMORY_TURSO_PATH, target.toString());
    CliRunner.Result got = cli.run("--backend", "turso", "get", "m-full", "--json");
    assertThat(got.code()).as(got.toString()).isZero();
    assertThat(got.json().get("title").asText()).isEqualTo("Ünïcødé títle — 日本語 🚀");
    assertThat(got.json().get("context").get("project_path").asText()).isEqualTo("/home/zoë/项目");
    CliRunner.Result stats = cli.run("--backend", "turso", "stats", "--json");
    assertThat(stats.code()).as(stats.toString()).isZero();
    assertThat(stats.json().get("backend").asText()).isEqualTo("turso");
    assertThat(stats.json().get("memory_count").asInt()).isEqualTo(12);
    assertThat(stats.json().get("relationship_count").asInt()).isEqualTo(11);

    // And every record equals the source's, field by field.
    try (MemoryGraph src = cli.graph(); MemoryGraph dst = turso(target)) {
      assertThat(dst.backend().backendName()).isEqualTo("turso");
      assertThat(MigrateTest.<Memory>all(dst::exportMemories)).isEqualTo(all(src::exportMemories)).hasSize(12);
      assertThat(MigrateTest.<Relationship>all(dst::exportRelationships)).isEqualTo(all(src::exportRelationships));
      assertThat(dst.relationship("r-3").orElseThrow().validUntil()).isEqualTo(t("2022-01-01T00:00:00.000123Z"));
      assertThat(dst.statistics().currentRelationshipCount()).isEqualTo(10);
    }

    // A second run finds the target full and refuses, touching nothing.
    CliRunner.Result again = migrate("--json");
    assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.USAGE);
    JsonNode error = again.errJson().get("error");
    assertThat(error.get("kind").asText()).isEqualTo("conflict");
    assertThat(error.get("reason").asText()).isEqualTo("target_not_empty");
    assertThat(error.get("target_restored").asBoolean()).isTrue();
    assertThat(error.get("message").asText()).contains("not empty");

    // Merging reports the ids that are used on both sides.
    CliRunner.Result merge = migrate("--allow-non-empty");
    assertThat(merge.code()).as(merge.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(merge.err()).contains("23 id(s)").contains("memory m-0").contains("nothing was written");
    try (MemoryGraph dst = turso(target)) {
      assertThat(dst.statistics().memoryCount()).isEqualTo(12);
    }
  }

  @Test
  void textOutputAndProgressBars() {
    seed();
    CliRunner.Result r = migrate("--progress", "--batch-size", "5");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Migrated 12 memories and 11 relationships from sqlite to turso in ")
        .contains("verified counts and 23 records field by field");
    assertThat(r.err()).contains("Memories      [").contains("12/12").contains("Relationships [").contains("11/11");
  }

  @Test
  void aCycleTheTargetForbidsIsRefusedAndRolledBack() {
    seed();
    try (MemoryGraph g = cli.graph()) {
      // r-3 is invalidated, so the current chain runs m-4 -> ... -> m-10; this edge closes it.
      g.link(Relationship.builder("m-10", "m-4", RelationshipType.LEADS_TO).id("z-closes-cycle").build());
    }
    Path sqliteTarget = cli.dir.resolve("no-cycles.db");
    CliRunner.Result r = cli.run("migrate", "--from", "sqlite", "--to", "sqlite",
        "--from-opt", "MEMORY_SQLITE_PATH=" + source,
        "--to-opt", "MEMORY_SQLITE_PATH=" + sqliteTarget, "--to-opt", "MEMORY_ALLOW_CYCLES=false",
        "--batch-size", "3");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("cycle").contains("MEMORY_ALLOW_CYCLES=false").contains("The target was restored");
    try (MemoryGraph dst = CliRunner.graphAt(sqliteTarget)) {
      assertThat(dst.statistics().memoryCount()).isZero();
      assertThat(dst.statistics().relationshipCount()).isZero();
    }
    // With cycles allowed on the target the same source migrates.
    CliRunner.Result ok = cli.run("migrate", "--from", "sqlite", "--to", "sqlite",
        "--from-opt", "MEMORY_SQLITE_PATH=" + source, "--to-opt", "MEMORY_SQLITE_PATH=" + sqliteTarget, "--json");
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.json().get("relationships").asInt()).isEqualTo(12);
  }

  @Test
  void badUsageIsRefusedBeforeOpeningAnything() {
    CliRunner.Result noTo = cli.run("migrate", "--from", "sqlite");
    assertThat(noTo.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noTo.err()).contains("--to");

    CliRunner.Result withDb = cli.run("--db", source.toString(), "migrate", "--from", "sqlite", "--to", "turso",
        "--to-opt", "MEMORY_TURSO_PATH=" + target);
    assertThat(withDb.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(withDb.err()).contains("do not apply to migrate");

    CliRunner.Result typo = migrate("--to-opt", "TURSOPATH=y");
    assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(typo.err()).contains("'TURSOPATH' is not a memorygraph setting");

    CliRunner.Result backendKey = migrate("--from-opt", "MEMORY_BACKEND=neo4j");
    assertThat(backendKey.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(backendKey.err()).contains("use --from");

    CliRunner.Result same = cli.run("migrate", "--from", "sqlite", "--to", "sqlite");
    assertThat(same.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(same.err()).contains("same database");

    CliRunner.Result batch = migrate("--batch-size", "0", "--json");
    assertThat(batch.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(batch.errJson().get("error").get("field").asText()).isEqualTo("batch_size");

    CliRunner.Result unknown = cli.run("migrate", "--from", "sqlite", "--to", "nosuchdb");
    assertThat(unknown.code()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("nosuchdb");
    assertThat(target).doesNotExist();
  }
}
