package dev.memorygraph.turso.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import dev.memorygraph.turso.testing.TestDirs;
import dev.memorygraph.turso.testing.TursoServer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Page pulls from a REAL tursodb applied to a file that stock SQLite (sqlite-jdbc) then reads. */
@ExtendWith(TursoServer.Required.class)
class PullClientTest {
  static TursoServer server;
  static HranaClient sql;
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = TestDirs.newTempDir("pull-client");
    server = TursoServer.start(dir);
    sql = HranaClient.builder().url(server.url()).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (sql != null) {
      sql.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static PullResponse pullAll(PullClient client, String since) {
    return client.pull(PullRequest.since(since), dec -> {
      PullHeader h = dec.header();
      List<PageImage> pages = new ArrayList<>();
      for (PageImage p = dec.next(); p != null; p = dec.next()) {
        pages.add(p);
      }
      return new PullResponse(h, pages);
    });
  }

  private static void apply(Path file, PullResponse r) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (PageImage p : r.pages()) {
        ch.write(ByteBuffer.wrap(p.data()), p.pageId() * PullDecoder.PAGE_SIZE);
      }
      ch.truncate(r.header().dbSizePages() * PullDecoder.PAGE_SIZE);
    }
  }

  private static List<String> check(Path file, String query) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        out.add(rs.getString(1));
      }
      try (ResultSet rs = st.executeQuery(query)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  @Test
  void bootstrapThenIncrementalPullsGiveAFileStockSqliteReads() throws Exception {
    sql.execute(HranaStatement.of("CREATE TABLE items (id TEXT PRIMARY KEY, body TEXT NOT NULL)"));
    List<HranaStatement> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(HranaStatement.of("INSERT INTO items (id, body) VALUES (?, ?)", "r" + i, "x".repeat(500) + i));
    }
    sql.executeAtomic(rows);
    PullClient client = new PullClient(URI.create(server.url()), "any-token", Duration.ofSeconds(30));

    PullResponse full = pullAll(client, "");
    assertThat(full.header().dbSizePages()).isGreaterThan(10);
    assertThat(full.pages()).hasSize((int) full.header().dbSizePages());
    Path copy = dir.resolve("copy.db");
    apply(copy, full);
    // The copy must be read on a snapshot of its own; opening it leaves it untouched.
    Path readable = dir.resolve("copy-read.db");
    Files.copy(copy, readable);
    assertThat(check(readable, "SELECT count(*) FROM items")).containsExactly("ok", "200");

    sql.execute(HranaStatement.of("UPDATE items SET body = ? WHERE id = ?", "changed", "r7"));
    sql.execute(HranaStatement.of("INSERT INTO items (id, body) VALUES (?, ?)", "new", "y"));
    PullResponse inc = pullAll(client, full.header().serverRevision());
    assertThat(Long.parseLong(inc.header().serverRevision())).isGreaterThan(Long.parseLong(full.header().serverRevision()));
    assertThat(inc.pages().size()).isBetween(1, (int) inc.header().dbSizePages() - 1);
    apply(copy, inc);
    Path readable2 = dir.resolve("copy-read2.db");
    Files.copy(copy, readable2);
    assertThat(check(readable2, "SELECT body FROM items WHERE id IN ('r7','new') ORDER BY id")).containsExactly("ok", "y", "changed");

    PullResponse none = pullAll(client, inc.header().serverRevision());
    assertThat(none.pages()).isEmpty();
    assertThat(none.header().serverRevision()).isEqualTo(inc.header().serverRevision());
  }

  @Test
  void unreachablePrimaryIsBackendUnavailable() throws Exception {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    PullClient client = new PullClient(URI.create("http://127.0.0.1:" + dead), (String) null, Duration.ofSeconds(5));
    assertThatThrownBy(() -> pullAll(client, "")).isInstanceOf(BackendUnavailableException.class).hasMessageContaining("page pull");
  }

  @Test
  void tokenNeverAppearsInErrors() throws Exception {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    PullClient client = new PullClient(URI.create("http://127.0.0.1:" + dead), "s3cr3t-token", Duration.ofSeconds(5));
    assertThatThrownBy(() -> pullAll(client, "")).satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("s3cr3t"));
  }
}
