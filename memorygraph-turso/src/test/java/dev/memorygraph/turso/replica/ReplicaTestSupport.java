package dev.memorygraph.turso.replica;

import dev.memorygraph.turso.hrana.HranaClient;
import dev.memorygraph.turso.hrana.HranaStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared helpers for the replica tests (not a test itself). */
final class ReplicaTestSupport {
  static final List<String> SCHEMA = List.of(
      "CREATE TABLE IF NOT EXISTS items (id TEXT PRIMARY KEY, body TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0)");

  /** The test table, published row by row. */
  static final List<TrackedTable> TRACKED = List.of(new TrackedTable("items", "id"));

  private ReplicaTestSupport() {}

  static ReplicaOptions.Builder options(Path dir, String url) {
    return ReplicaOptions.builder(dir, url).syncInterval(Duration.ZERO).requestTimeout(Duration.ofSeconds(60))
        .offlineBackoff(Duration.ZERO).authToken(() -> "test-token-never-logged").trackedTables(TRACKED);
  }

  /** A Hrana client that never retries, so each fault of the proxy is seen by the engine. */
  static HranaClient noRetryClient(String url) {
    return HranaClient.builder().url(url).maxAttempts(1).requestTimeout(Duration.ofSeconds(60)).connectTimeout(Duration.ofSeconds(5)).build();
  }

  static HranaStatement insert(String id, String body) {
    return HranaStatement.of("INSERT INTO items (id, body) VALUES (?, ?)", id, body);
  }

  /** id -> body|n as the replica's readers see it. */
  static Map<String, String> rows(ReplicaEngine e) {
    return e.read(c -> {
      Map<String, String> m = new TreeMap<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, body, n FROM items")) {
        while (rs.next()) {
          m.put(rs.getString(1), rs.getString(2) + "|" + rs.getLong(3));
        }
      }
      return m;
    });
  }

  /** id -> body|n on the primary. */
  static Map<String, String> primaryRows(HranaClient sql) {
    Map<String, String> m = new TreeMap<>();
    for (List<Object> r : sql.query(HranaStatement.of("SELECT id, body, n FROM items")).rows()) {
      m.put((String) r.get(0), r.get(1) + "|" + r.get(2));
    }
    return m;
  }

  static String integrity(ReplicaEngine e) {
    return e.read(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA main.integrity_check")) {
        rs.next();
        return rs.getString(1);
      }
    });
  }

  /** integrity_check of a database file no engine has open. */
  static String integrity(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
