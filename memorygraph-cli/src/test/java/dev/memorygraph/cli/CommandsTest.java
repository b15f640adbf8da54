package dev.memorygraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.cli.commands.DemoCommand;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every subcommand, run in-process on a real SQLite file: text output, --json and exit codes. */
class CommandsTest {
  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner("commands");
  }

  private CliRunner.Result ok(String... args) {
    CliRunner.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  private void seed() {
    ok("store", "--id", "bug-7", "--type", "problem", "--title", "Flaky login test",
        "--content", "The login test times out on CI", "--tag", "ci,testing", "--importance", "0.7");
    ok("store", "--id", "fix-42", "--type", "solution", "--title", "Raise the login timeout",
        "--content", "Give the login test 30 seconds", "--tag", "ci");
    ok("store", "--id", "cmd-1", "--type", "command", "--title", "Run the login test",
        "--content", "mvn -Dtest=LoginTest test");
    ok("link", "fix-42", "SOLVES", "bug-7", "--id", "rel-solves");
    ok("link", "cmd-1", "used_in", "fix-42", "--id", "rel-used");
  }

  @Test
  void storeThenGetInTextAndJson() {
    CliRunner.Result stored = ok("store", "--id", "m-1", "--type", "solution", "--title", "Pin the JDK",
        "--content", "Use toolchains", "--summary", "toolchains", "--tag", "CI", "--tag", "java,ci",
        "--project", "/src/app", "--file", "pom.xml", "--language", "java", "--meta", "team=core",
        "--visibility", "team", "--importance", "0.9");
    assertThat(stored.out()).contains("Stored").contains("Pin the JDK").contains("m-1");

    CliRunner.Result text = ok("get", "m-1");
    assertThat(text.out()).contains("Pin the JDK", "solution", "ci, java", "/src/app", "pom.xml", "team: ", "Use toolchains");

    JsonNode m = ok("get", "m-1", "--json").json();
    assertThat(m.get("id").asText()).isEqualTo("m-1");
    assertThat(m.get("type").asText()).isEqualTo("solution");
    assertThat(m.get("tags")).hasSize(2);
    assertThat(m.get("tags").get(0).asText()).isEqualTo("ci");
    assertThat(m.get("importance").asDouble()).isEqualTo(0.9);
    assertThat(m.get("context").get("project_path").asText()).isEqualTo("/src/app");
    assertThat(m.get("context").get("visibility").asText()).isEqualTo("team");
    assertThat(m.get("context").get("additional_metadata").get("team").asText()).isEqualTo("core");
    assertThat(m.get("version").asLong()).isEqualTo(1);

    // Global options work before the subcommand too.
    assertThat(ok("--json", "get", "m-1").json().get("title").asText()).isEqualTo("Pin the JDK");
  }

  @Test
  void storeWithJsonPrintsTheStoredMemory() {
    JsonNode m = ok("store", "--title", "Generated id", "--content", "x", "--json").json();
    assertThat(m.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(m.get("type").asText()).isEqualTo("general");
  }

  @Test
  void storeReadsContentFromAFile() throws Exception {
    java.nio.file.Path f = cli.dir.resolve("notes.md");
    java.nio.file.Files.writeString(f, "line one\nline two\n");
    ok("store", "--id", "from-file", "--title", "From a file", "--content-file", f.toString());
    assertThat(ok("get", "from-file", "--json").json().get("content").asText()).isEqualTo("line one\nline two\n");

    CliRunner.Result missing = cli.run("store", "--title", "x", "--content-file", cli.dir.resolve("nope.md").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--content-file").contains("not found");
  }

  @Test
  void getMissingIsExitCodeOne() {
    CliRunner.Result r = cli.run("get", "does-not-exist");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("memory not found: does-not-exist");
    assertThat(r.out()).isEmpty();

    CliRunner.Result j = cli.run("get", "does-not-exist", "--json");
    assertThat(j.code()).isEqualTo(ExitCodes.NOT_FOUND);
    JsonNode e = j.errJson();
    assertThat(e.get("error").get("kind").asText()).isEqualTo("not_found");
    assertThat(e.get("exit_code").asInt()).isEqualTo(1);
  }

  @Test
  void validationErrorsNameTheFieldAndWriteNothing() {
    CliRunner.Result blank = cli.run("store", "--title", "   ", "--content", "x");
    assertThat(blank.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(blank.err()).contains("title").contains("blank");

    CliRunner.Result importance = cli.run("store", "--title", "t", "--content", "x", "--importance", "1.5", "--json");
    assertThat(importance.code()).isEqualTo(ExitCodes.USAGE);
    JsonNode e = importance.errJson().get("error");
    assertThat(e.get("kind").asText()).isEqualTo("validation");
    assertThat(e.get("field").asText()).isEqualTo("importance");

    CliRunner.Result noContent = cli.run("store", "--title", "t");
    assertThat(noContent.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noContent.err()).contains("content");

    CliRunner.Result badType = cli.run("store", "--title", "t", "--content", "x", "--type", "banana");
    assertThat(badType.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badType.err()).contains("banana").contains("--type");

    CliRunner.Result badId = cli.run("store", "--id", "../etc", "--title", "t", "--content", "x");
    assertThat(badId.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badId.err()).contains("Invalid id");

    assertThat(ok("stats", "--json").json().get("memory_count").asLong()).isZero();
  }

  @Test
  void usageErrorsAreExitCodeTwo() {
    assertThat(cli.run("store", "--content", "no title").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("no-such-command").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("get").code()).isEqualTo(ExitCodes.USAGE);
    CliRunner.Result both = cli.run("--db", cli.dir.resolve("x.db").toString(), "--backend", "neo4j", "stats");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("--db");
  }

  @Test
  void unknownBackendListsTheInstalledOnes() {
    CliRunner.Result r = cli.run("--backend", "cassandra", "stats");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("MEMORY_BACKEND").contains("cassandra").contains("sqlite");
  }

  @Test
  void unopenableDatabaseIsExitCodeThree() throws Exception {
    java.nio.file.Path dirAsDb = java.nio.file.Files.createDirectories(cli.dir.resolve("a-directory"));
    CliRunner.Result r = cli.run("--db", dirAsDb.toString(), "stats");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.BACKEND);
    assertThat(r.err()).contains("memorygraph: ").contains(dirAsDb.toString());
    CliRunner.Result j = cli.run("--db", dirAsDb.toString(), "stats", "--json");
    assertThat(j.code()).isEqualTo(ExitCodes.BACKEND);
    assertThat(j.errJson().get("error").get("kind").asText()).isEqualTo("backend");
  }

  @Test
  void dbOptionSelectsAnotherFile() {
    java.nio.file.Path other = cli.dir.resolve("nested/dir/other.db");
    ok("--db", other.toString(), "store", "--id", "elsewhere", "--title", "Elsewhere", "--content", "x");
    assertThat(other).exists();
    assertThat(cli.run("get", "elsewhere").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ok("get", "elsewhere", "--db", other.toString()).out()).contains("Elsewhere");
  }

  @Test
  void updateChangesFieldsAndBumpsTheVersion() {
    seed();
    CliRunner.Result r = ok("update", "bug-7", "--title", "Flaky login test on CI", "--importance", "0.95",
        "--tags", "ci,login", "--project", "/src/app", "--updated-by", "alice");
    assertThat(r.out()).contains("Updated").contains("version 2");
    JsonNode m = ok("get", "bug-7", "--json").json();
    assertThat(m.get("title").asText()).isEqualTo("Flaky login test on CI");
    assertThat(m.get("importance").asDouble()).isEqualTo(0.95);
    assertThat(m.get("tags").toString()).isEqualTo("[\"ci\",\"login\"]");
    assertThat(m.get("context").get("project_path").asText()).isEqualTo("/src/app");
    assertThat(m.get("updated_by").asText()).isEqualTo("alice");
    assertThat(m.get("content").asText()).isEqualTo("The login test times out on CI");

    JsonNode j = ok("update", "bug-7", "--summary", "short", "--json").json();
    assertThat(j.get("version").asLong()).isEqualTo(3);
    assertThat(j.get("summary").asText()).isEqualTo("short");

    assertThat(cli.run("update", "nope", "--title", "x").code()).isEqualTo(ExitCodes.NOT_FOUND);
    CliRunner.Result empty = cli.run("update", "bug-7");
    assertThat(empty.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(empty.err()).contains("nothing to change");
  }

  @Test
  void deleteRemovesTheMemoryAndItsRelationships() {
    seed();
    CliRunner.Result r = ok("delete", "fix-42");
    assertThat(r.out()).contains("Deleted memory fix-42");
    assertThat(cli.run("get", "fix-42").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ok("history", "bug-7", "--json").json().get("relationships")).isEmpty();
    assertThat(cli.run("delete", "fix-42").code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void deleteRelationshipOutright() {
    seed();
    JsonNode r = ok("delete", "--relationship", "rel-used", "--json").json();
    assertThat(r.get("deleted").asText()).isEqualTo("relationship");
    assertThat(ok("history", "cmd-1", "--json").json().get("relationships")).isEmpty();
    assertThat(cli.run("delete", "--relationship", "rel-used").code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void searchFindsByWordsAndFilters() {
    seed();
    CliRunner.Result text = ok("search", "login", "timeout");
    assertThat(text.out()).contains("Raise the login timeout");

    JsonNode page = ok("search", "login", "--json").json();
    assertThat(page.get("total").asLong()).isEqualTo(3);
    assertThat(page.get("items")).hasSize(3);

    JsonNode typed = ok("search", "login", "--type", "problem", "--json").json();
    assertThat(typed.get("total").asLong()).isEqualTo(1);
    assertThat(typed.get("items").get(0).get("id").asText()).isEqualTo("bug-7");

    JsonNode byTag = ok("search", "--tag", "ci", "--min-importance", "0.6", "--json").json();
    assertThat(byTag.get("items")).extracting(n -> n.get("id").asText()).containsExactly("bug-7");

    JsonNode paged = ok("search", "login", "--limit", "2", "--json").json();
    assertThat(paged.get("items")).hasSize(2);
    assertThat(paged.get("next_offset").asInt()).isEqualTo(2);

    JsonNode related = ok("search", "--has-relationship", "SOLVES", "--json").json();
    assertThat(related.get("items")).extracting(n -> n.get("id").asText()).containsExactlyInAnyOrder("bug-7", "fix-42");

    assertThat(ok("search", "nothing-like-this").out()).contains("No memories match");
    CliRunner.Result badLimit = cli.run("search", "x", "--limit", "0");
    assertThat(badLimit.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badLimit.err()).contains("limit");
  }

  @Test
  void linkRelatedPathHistoryAndInvalidate() {
    seed();
    JsonNode link = ok("link", "bug-7", "RELATED_TO", "cmd-1", "--id", "rel-x", "--strength", "0.3",
        "--context", "same test", "--json").json();
    assertThat(link.get("type").asText()).isEqualTo("RELATED_TO");
    assertThat(link.get("strength").asDouble()).isEqualTo(0.3);
    assertThat(link.get("valid_until").isNull()).isTrue();

    CliRunner.Result missingEnd = cli.run("link", "bug-7", "SOLVES", "ghost");
    assertThat(missingEnd.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missingEnd.err()).contains("ghost");
    CliRunner.Result selfLoop = cli.run("link", "bug-7", "SOLVES", "bug-7");
    assertThat(selfLoop.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(selfLoop.err()).contains("to_id");
    CliRunner.Result reused = cli.run("link", "cmd-1", "RELATED_TO", "bug-7", "--id", "rel-x");
    assertThat(reused.code()).as(reused.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(reused.err()).contains("rel-x");
    CliRunner.Result badType = cli.run("link", "bug-7", "LOVES", "cmd-1");
    assertThat(badType.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badType.err()).contains("LOVES");

    CliRunner.Result related = ok("related", "bug-7", "--depth", "2");
    assertThat(related.out()).contains("<-[SOLVES]-").contains("Raise the login timeout").contains("Run the login test");
    JsonNode rj = ok("related", "bug-7", "--direction", "incoming", "--type", "SOLVES", "--json").json();
    assertThat(rj.get("related")).hasSize(1);
    assertThat(rj.get("related").get(0).get("memory").get("id").asText()).isEqualTo("fix-42");
    assertThat(rj.get("related").get(0).get("direction").asText()).isEqualTo("incoming");
    assertThat(cli.run("related", "ghost").code()).isEqualTo(ExitCodes.NOT_FOUND);

    JsonNode path = ok("path", "cmd-1", "bug-7", "--type", "SOLVES,USED_IN", "--json").json();
    assertThat(path.get("path").get("length").asInt()).isEqualTo(2);
    assertThat(path.get("path").get("memories")).extracting(n -> n.get("id").asText())
        .containsExactly("cmd-1", "fix-42", "bug-7");
    assertThat(ok("path", "cmd-1", "bug-7", "--type", "SOLVES,USED_IN").out()).contains("Path of 2 hops").contains("-[USED_IN]->");
    CliRunner.Result noPath = cli.run("path", "cmd-1", "bug-7", "--type", "SOLVES");
    assertThat(noPath.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noPath.out()).contains("No path");

    JsonNode inv = ok("invalidate", "rel-solves", "--by", "rel-x", "--json").json();
    assertThat(inv.get("valid_until").isNull()).isFalse();
    assertThat(inv.get("invalidated_by").asText()).isEqualTo("rel-x");
    assertThat(ok("invalidate", "rel-used").out()).contains("Invalidated").contains("invalidated");
    assertThat(cli.run("invalidate", "rel-ghost").code()).isEqualTo(ExitCodes.NOT_FOUND);

    // Invalidated edges are no longer followed, but history keeps them.
    JsonNode after = ok("related", "bug-7", "--json").json();
    assertThat(after.get("related")).extracting(n -> n.get("memory").get("id").asText()).containsExactly("cmd-1");
    JsonNode history = ok("history", "bug-7", "--json").json();
    assertThat(history.get("relationships")).extracting(n -> n.get("id").asText())
        .containsExactlyInAnyOrder("rel-solves", "rel-x");
    assertThat(ok("history", "bug-7").out()).contains("rel-solves").contains("invalidated by rel-x");
    assertThat(cli.run("history", "ghost").code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void statsRecentAndHealth() {
    seed();
    CliRunner.Result stats = ok("stats");
    assertThat(stats.out()).contains("Memories:       3").contains("SOLVES");
    JsonNode s = ok("stats", "--json").json();
    assertThat(s.get("memory_count").asLong()).isEqualTo(3);
    assertThat(s.get("relationship_count").asLong()).isEqualTo(2);
    assertThat(s.get("memories_by_type").get("problem").asLong()).isEqualTo(1);

    ok("store", "--id", "bug-8", "--type", "error", "--title", "NPE in checkout", "--content", "stack trace");
    JsonNode recent = ok("recent", "--json").json();
    assertThat(recent.get("total_count").asLong()).isEqualTo(4);
    assertThat(recent.get("unresolved_problems")).extracting(n -> n.get("id").asText()).containsExactly("bug-8");
    assertThat(ok("recent", "--days", "1").out()).contains("Unresolved problems").contains("NPE in checkout");
    assertThat(cli.run("recent", "--days", "0").code()).isEqualTo(ExitCodes.USAGE);

    JsonNode health = ok("health", "--json").json();
    assertThat(health.get("healthy").asBoolean()).isTrue();
    assertThat(health.get("backend").asText()).isEqualTo("sqlite");
    assertThat(health.get("memory_count").asLong()).isEqualTo(4);
    assertThat(ok("health").out()).startsWith("healthy");
  }

  @Test
  void configRedactsSecrets() {
    String token = "tok-SUPER-SECRET-4711";
    cli.env.put("TURSO_AUTH_TOKEN", token);
    cli.env.put("TURSO_DATABASE_URL", "libsql://example-db.turso.io");
    cli.env.put("MEMORY_NEO4J_PASSWORD", "pw-HIDDEN-0815");
    cli.env.put("MEMORY_NEO4J_URI", "bolt://neo:pw-IN-URL-99@localhost:7687");
    cli.env.put("UNRELATED_VARIABLE", "not-shown");

    for (String[] args : List.of(new String[] {"config"}, new String[] {"config", "--json"},
        new String[] {"config", "--verbose"})) {
      CliRunner.Result r = ok(args);
      String all = r.out() + r.err();
      assertThat(all).doesNotContain(token).doesNotContain("pw-HIDDEN-0815").doesNotContain("pw-IN-URL-99")
          .doesNotContain("not-shown");
      assertThat(all).contains("TURSO_AUTH_TOKEN").contains("***").contains("libsql://example-db.turso.io");
    }
    JsonNode j = ok("config", "--json").json();
    assertThat(j.get("selected_backend").asText()).isEqualTo("sqlite");
    assertThat(j.get("settings").get("TURSO_AUTH_TOKEN").asText()).isEqualTo("***");
    assertThat(j.get("settings").get("MEMORY_SQLITE_PATH").asText()).isEqualTo(cli.db.toString());
    assertThat(j.get("available_backends")).extracting(n -> n.get("name").asText()).contains("sqlite");

    // A bad selection still shows the settings, with the problem, and leaks nothing.
    CliRunner.Result err = cli.run("--backend", "nope", "config", "--verbose");
    assertThat(err.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.out()).contains("none usable").contains("nope").contains("sqlite").contains("TURSO_AUTH_TOKEN=***");
    assertThat(err.out() + err.err()).doesNotContain(token);
    JsonNode bad = cli.run("--backend", "nope", "config", "--json").json();
    assertThat(bad.get("selected_backend").isNull()).isTrue();
    assertThat(bad.get("problem").asText()).contains("MEMORY_BACKEND");
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "store", "get", "update", "delete", "search", "link", "related", "path",
      "history", "invalidate", "stats", "recent", "health", "config", "export", "import"})
  void everyCommandHasHelpWithExamples(String command) {
    CliRunner.Result r = ok(command, "--help");
    assertThat(r.out()).contains("Usage: memorygraph " + command).contains("Examples:");
    CliRunner.Result viaHelp = ok("help", command);
    assertThat(viaHelp.out()).contains("Usage: memorygraph " + command);
  }

  @Test
  void rootHelpListsCommandsAndExitCodes() {
    CliRunner.Result r = ok("--help");
    assertThat(r.out()).contains("demo", "store", "search", "export", "import", "Exit codes: 0 ok, 1 not found");
    assertThat(ok().out()).contains("Usage: memorygraph");
    assertThat(ok("--version").out()).startsWith("memorygraph ");
  }

  @Test
  void demoIsIdempotentAndCleanable() {
    CliRunner.Result first = ok("demo");
    assertThat(first.out()).contains("stored  ").contains("linked  ")
        .contains("Wait for the database before running tests")
        .contains("<-[SOLVES]-").contains("-[USED_IN]->");
    CliRunner.Result second = ok("demo");
    assertThat(second.out()).contains("present ").doesNotContain("stored  ").doesNotContain("linked  ");
    try (MemoryGraph g = cli.graph()) {
      assertThat(g.statistics().memoryCount()).isEqualTo(4);
      assertThat(g.statistics().relationshipCount()).isEqualTo(3);
      assertThat(g.get(DemoCommand.PROBLEM)).map(Memory::version).contains(1L);
    }
    JsonNode j = ok("demo", "--json").json();
    assertThat(j.get("search").get(0).asText()).isNotEmpty();
    assertThat(j.get("path")).extracting(JsonNode::asText)
        .containsExactly(DemoCommand.COMMAND, DemoCommand.SOLUTION, DemoCommand.PROBLEM);
    assertThat(ok("demo", "--clean").out()).contains("Removed 4 demo memories");
    try (MemoryGraph g = cli.graph()) {
      assertThat(g.statistics().memoryCount()).isZero();
      assertThat(g.statistics().relationshipCount()).isZero();
    }
  }

  @Test
  void keepsOtherMemoriesWhenDemoIsCleaned() {
    try (MemoryGraph g = cli.graph()) {
      g.store(Memory.builder().id("mine").type(MemoryType.GENERAL).title("Mine").content("keep").build());
    }
    ok("demo");
    ok("link", "mine", "RELATED_TO", DemoCommand.PROBLEM);
    ok("demo", "--clean");
    try (MemoryGraph g = cli.graph()) {
      assertThat(g.get("mine")).isPresent();
      assertThat(g.history("mine")).isEmpty();
      assertThat(g.statistics().memoryCount()).isEqualTo(1);
    }
  }

  @Test
  void relationshipDefaultsComeFromTheType() {
    seed();
    try (MemoryGraph g = cli.graph()) {
      Relationship r = g.relationship("rel-solves").orElseThrow();
      assertThat(r.strength()).isEqualTo(RelationshipType.SOLVES.defaultStrength());
    }
  }
}
