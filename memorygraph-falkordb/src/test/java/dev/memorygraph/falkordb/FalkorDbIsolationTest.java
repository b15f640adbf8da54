package dev.memorygraph.falkordb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.falkordb.lite.FalkorDbServer;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two graph names on one server never share data, even written from many threads at once. */
class FalkorDbIsolationTest {
  private static FalkorDbServer server;

  @BeforeAll
  static void startServer() {
    server = TestServers.start(TestServers.newDir("falkordb-iso"), false, "everysec");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void twoGraphsStayApartUnderConcurrentUse() throws Exception {
    String suffix = UUID.randomUUID().toString();
    try (MemoryGraph g1 = MemoryGraph.open(FalkorDbBackend.builder().host(server.host()).port(server.port()).graph("tenant-a-" + suffix).build());
         MemoryGraph g2 = MemoryGraph.open(FalkorDbBackend.builder().host(server.host()).port(server.port()).graph("tenant-b-" + suffix).build())) {
      List<MemoryGraph> graphs = List.of(g1, g2);
      List<Set<String>> written = List.of(Collections.synchronizedSet(new HashSet<>()), Collections.synchronizedSet(new HashSet<>()));
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          String[] previous = new String[2];
          for (int i = 0; i < 40; i++) {
            int which = (thread + i) % 2;
            MemoryGraph g = graphs.get(which);
            String tenant = which == 0 ? "tenanta" : "tenantb";
            Memory m = g.store(Memory.builder().id(tenant + "-" + thread + "-" + i).title(tenant + " note " + i)
                .content("secret of " + tenant).tags(tenant).build());
            written.get(which).add(m.id());
            if (previous[which] != null) {
              g.link(Relationship.builder(previous[which], m.id(), RelationshipType.FOLLOWS).build());
            }
            previous[which] = m.id();
            // Reads interleave with the other tenant's writes.
            assertThat(g.search(SearchQuery.text(which == 0 ? "tenantb" : "tenanta")).items()).isEmpty();
          }
          return null;
        }));
      }
      for (Future<?> f : jobs) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      for (int w = 0; w < 2; w++) {
        MemoryGraph g = graphs.get(w);
        Set<String> exported = new HashSet<>();
        g.exportMemories(m -> exported.add(m.id()));
        assertThat(exported).isEqualTo(written.get(w));
        String own = w == 0 ? "tenanta" : "tenantb";
        String other = w == 0 ? "tenantb" : "tenanta";
        assertThat(g.search(SearchQuery.text(other)).total()).isZero();
        assertThat(g.search(SearchQuery.builder().text(own).limit(1000).build()).total()).isEqualTo(written.get(w).size());
        assertThat(g.statistics().relationshipCount()).isEqualTo(written.get(w).size() - 6L);
        g.exportRelationships(r -> assertThat(r.fromId()).startsWith(own));
      }
    }
  }
}
