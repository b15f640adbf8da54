package dev.memorygraph.falkordb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.falkordb.lite.FalkorDbServer;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.MemoryUpdate;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.RelationshipUpdate;
import dev.memorygraph.model.SearchQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jfalkordb writes parameters into the query text and escapes only the double quote: these values
 * must all round-trip exactly through every write path and never run as Cypher.
 */
class FalkorDbInjectionTest {
  /** Values that break or inject through jfalkordb 0.7.0 without our escaping. */
  static final List<String> NASTY = List.of(
      "C:\\temp\\new",
      "trailing backslash\\",
      "\\\"}) MATCH (n) DETACH DELETE n //",
      "\"}) MATCH (n) DETACH DELETE n //",
      "it's \"quoted\" 'twice'",
      "line one\nline two\r\nline three\ttabbed",
      "unicode ä Ä ß 日本語 😀 \u200b",
      "\\\\ double \\\\\\ triple",
      "\\u0041 \\n \\t not escapes",
      "$param {map: 1} [list] `tick` /* c */ // c",
      "' OR 1=1 --",
      "CYPHER x=1 RETURN 1");

  private static FalkorDbServer server;

  @BeforeAll
  static void startServer() {
    server = TestServers.start(TestServers.newDir("falkordb-inject"), false, "everysec");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private MemoryGraph open() {
    return MemoryGraph.open(FalkorDbBackend.builder().host(server.host()).port(server.port())
        .graph("inj-" + UUID.randomUUID()).build());
  }

  @Test
  void everyStringFieldRoundTripsExactly() {
    try (MemoryGraph g = open()) {
      List<Memory> stored = new ArrayList<>();
      int i = 0;
      for (String v : NASTY) {
        String line = v.replaceAll("[\\r\\n\\t]", " ");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(line, v);
        meta.put("k", v);
        Memory m = Memory.builder().id("id-" + i++).title(line).content(v).summary(v).tags(line, "x")
            .updatedBy(line)
            .context(MemoryContext.builder().projectPath(line).filesInvolved(List.of(line, "b"))
                .languages(List.of(line)).frameworks(List.of(line)).technologies(List.of(line))
                .gitCommit(line).gitBranch(line).workingDirectory(line).sessionId(line).userId(line)
                .additionalMetadata(meta).tenantId(line).teamId(line).createdBy(line).build())
            .build();
        assertThat(g.store(m)).isEqualTo(m);
        assertThat(g.get(m.id())).contains(m);
        stored.add(m);
      }
      // The bulk path (one UNWIND over list-of-lists rows) and the update path too.
      List<Memory> bulk = new ArrayList<>();
      for (Memory m : stored) {
        bulk.add(m.toBuilder().id("bulk-" + m.id()).build());
      }
      assertThat(g.storeAll(bulk)).isEqualTo(bulk.size());
      for (Memory m : bulk) {
        assertThat(g.get(m.id())).contains(m);
      }
      for (String v : NASTY) {
        Memory u = g.update("id-0", MemoryUpdate.builder().content(v).summary(v).updatedBy(v.replaceAll("[\\r\\n\\t]", " ")).build()).orElseThrow();
        assertThat(u.content()).isEqualTo(v);
        assertThat(g.get("id-0").orElseThrow().content()).isEqualTo(v);
      }
      // Relationship context, and search / filter parameters carrying the same values.
      for (String v : NASTY) {
        Relationship r = g.link(Relationship.builder("id-1", "id-2", RelationshipType.RELATED_TO).context(v).build());
        assertThat(g.relationship(r.id())).contains(r);
        assertThat(g.updateRelationship(r.id(), RelationshipUpdate.builder().context(v + "!").build()).orElseThrow().context())
            .isEqualTo(v + "!");
        g.search(SearchQuery.builder().text(v.replaceAll("[\\r\\n\\t]", " ")).projectPath(v.replaceAll("[\\r\\n\\t]", " ")).build());
        assertThat(g.executeQuery("RETURN $v AS v, $l AS l", Map.of("v", v, "l", List.of(v, List.of(v))), false))
            .containsExactly(Map.of("v", v, "l", List.of(v, List.of(v))));
      }
      // Nothing was deleted or added by any of the values.
      assertThat(g.statistics().memoryCount()).isEqualTo(2L * NASTY.size());
      assertThat(g.statistics().relationshipCount()).isEqualTo(NASTY.size());
    }
  }

  @Test
  void escapeDoublesBackslashesOnly() {
    assertThat(CypherParams.escape("a\\b\"c")).isEqualTo("a\\\\b\"c");
    assertThat(CypherParams.sanitize(List.of("x\\", List.of("\\y")))).isEqualTo(List.of("x\\\\", List.of("\\\\y")));
  }

  @Test
  void searchTermsCannotReachQuerySyntax() {
    try (MemoryGraph g = open()) {
      g.store(Memory.builder().title("alpha beta").content("gamma").build());
      g.store(Memory.builder().title("other").content("delta").build());
      // RediSearch operators in the text are dropped by tokenisation: only words are searched.
      assertThat(g.search("alpha -beta").items()).hasSize(1);
      assertThat(g.search("alpha|delta").items()).isEmpty();
      assertThat(g.search("(alpha*) @gamma~").items()).hasSize(1);
      assertThat(g.search("foo:(bar").items()).isEmpty();
      assertThat(FalkorDbBackend.fulltextQuery(List.of("a-b", "c"))).isEqualTo("a\\-b c");
    }
  }
}
