package dev.memorygraph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.MemoryGraph;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;

/** Hostile strings through every field reach the database as data, never as Cypher or Lucene syntax. */
class Neo4jInjectionTest {
  static final List<String> HOSTILE = List.of(
      "'", "\"", "\\", "C:\\temp\\new", "trailing\\", "}) MATCH (n) DETACH DELETE n //", "// comment",
      "$x", "$id", "`backtick`", "a`) DETACH DELETE n //", "'}) RETURN 1 UNION MATCH (n) DETACH DELETE n //",
      "+title:x -y AND (z OR w)~2 ^3 \"phrase\" [a TO b] {c TO d} * ? ! / | &&",
      "\\u0027 ; CALL db.clearQueryCaches()", "{x} {{y}}", "ÄÖÜ ß ελληνικά 中文");

  private Neo4j server;
  private MemoryGraph graph;

  @BeforeEach
  void open() {
    server = Neo4jTestServer.shared();
    Neo4jTestServer.wipe(server);
    graph = MemoryGraph.open(Neo4jBackend.builder().uri(server.boltURI().toString()).build());
  }

  @AfterEach
  void close() {
    graph.close();
  }

  @Test
  void everyFieldStoresHostileTextVerbatim() {
    List<Memory> stored = new ArrayList<>();
    int i = 0;
    for (String h : HOSTILE) {
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put(h, h);
      meta.put("k" + h, "v");
      Memory m = Memory.builder().id("inj-" + i++).title("title " + h).content(h).summary(h)
          .tags(h, "tag " + h).updatedBy(h)
          .context(MemoryContext.builder().projectPath(h).filesInvolved(List.of(h, h + "2")).languages(List.of(h))
              .frameworks(List.of(h)).technologies(List.of(h)).gitCommit(h).gitBranch(h).workingDirectory(h)
              .sessionId(h).userId(h).additionalMetadata(meta).tenantId(h).teamId(h).createdBy(h).build())
          .build();
      stored.add(graph.store(m));
    }
    for (Memory m : stored) {
      assertThat(graph.get(m.id())).contains(m);
      Memory up = graph.update(m.id(), MemoryUpdate.builder().title(m.title() + "'\"").summary("$x `y`").build()).orElseThrow();
      assertThat(graph.get(m.id())).contains(up);
    }
    Relationship r = graph.link(Relationship.builder("inj-0", "inj-1", RelationshipType.RELATED_TO)
        .context(String.join(" ", HOSTILE)).build());
    assertThat(graph.relationship(r.id())).contains(r);
    Relationship ru = graph.updateRelationship(r.id(), RelationshipUpdate.builder().context("'}) //\\").build()).orElseThrow();
    assertThat(graph.relationship(r.id())).contains(ru);

    for (int k = 0; k < HOSTILE.size(); k++) {
      String h = HOSTILE.get(k);
      assertThat(graph.search(SearchQuery.builder().tags(h).build()).items()).extracting(Memory::id)
          .as("tag filter %s", h).containsExactly("inj-" + k);
      assertThat(graph.search(SearchQuery.builder().projectPath(h).build()).items()).extracting(Memory::id)
          .as("path filter %s", h).containsExactly("inj-" + k);
      if (!SearchQuery.tokenize(h).isEmpty()) {
        assertThat(graph.search(SearchQuery.builder().text(h).limit(1000).build()).items()).extracting(Memory::id)
            .as("text search %s", h).contains("inj-" + k);
      }
    }
    // Nothing was deleted or added behind our back.
    assertThat(graph.statistics().memoryCount()).isEqualTo(HOSTILE.size());
    assertThat(graph.statistics().relationshipCount()).isEqualTo(1);
  }

  @Test
  void nativeQueriesTakeHostileParametersAsData() {
    graph.store(Memory.builder().id("n-1").title("t").content("c").build());
    for (String h : HOSTILE) {
      List<Map<String, Object>> rows = graph.executeQuery("RETURN $v AS v", Map.of("v", h), false);
      assertThat(rows).containsExactly(Map.of("v", h));
      assertThat(graph.executeQuery("MATCH (m:Memory) WHERE m.title = $v RETURN m.id AS id", Map.of("v", h), false)).isEmpty();
    }
    assertThat(graph.statistics().memoryCount()).isEqualTo(1);
  }

  @Test
  void luceneSyntaxInSearchTextIsOnlyWords() {
    graph.store(Memory.builder().id("l-1").title("title words").content("alpha beta gamma").build());
    graph.store(Memory.builder().id("l-2").title("other").content("delta").build());
    assertThat(graph.search("title:alpha").items()).extracting(Memory::id).containsExactly("l-1");
    assertThat(graph.search("alpha OR delta").items()).as("OR is a word, not an operator").isEmpty();
    assertThat(graph.search("alpha -beta").items()).extracting(Memory::id).containsExactly("l-1");
    assertThat(graph.search("alph* ?eta").items()).as("no wildcards").isEmpty();
    assertThat(graph.search("gamma~ \"beta alpha\" (alpha) [beta TO omega]").items()).as("every word required").isEmpty();
    assertThat(graph.search("gamma~ \"beta alpha\" (alpha)").items()).extracting(Memory::id).containsExactly("l-1");
  }
}
