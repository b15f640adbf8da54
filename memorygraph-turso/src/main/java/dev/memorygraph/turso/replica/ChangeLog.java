package dev.memorygraph.turso.replica;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Row-level publishing: brings work.db up to date with base.db by replacing only the rows that
 * changed, instead of copying the whole file.
 *
 * <p>Why: a whole-file publish (SQLite's online backup of base.db into work.db) costs as much as
 * the database whatever the size of the change; on a 10,000-memory replica it was about 60% of a
 * sync after 100 remote changes. Patching work.db page by page is not possible through SQLite
 * (sqlite-jdbc is built without the {@code sqlite_dbpage} table), and writing the file underneath
 * open connections, of this or another process, is unsafe. Row copies run in ordinary SQLite
 * transactions, so every reader sees them atomically.
 *
 * <p>Where the changed keys come from:
 * <ul>
 *   <li>the primary's change log {@value #CHANGES}: triggers on the primary append (table, key)
 *       for every insert, update and delete of a tracked table, whoever writes (remote clients,
 *       other replicas, this replica's own pushes). It reaches base.db with the pulled pages;
 *   <li>work.db's {@value #DIRTY}: triggers in work.db (created after each whole-file copy, so
 *       they fire for every engine and process writing the file) record every row the replica
 *       changed locally (local writes and outbox replays), that is every row where work.db may
 *       differ from base.db.
 * </ul>
 * Replacing those keys' rows with base.db's and then replaying the outbox gives, for the tracked
 * tables, exactly what a whole-file publish gives. {@value #STATE} records the change seq and the
 * base schema work.db reflects. It, {@value #DIRTY} and the triggers live in work.db, so they
 * commit with the rows they describe and vanish with them when a whole-file publish replaces the
 * file (a publish by an engine that tracks nothing leaves no state, and the next one copies the
 * whole file again).
 *
 * <p>A publish copies the whole file instead when the primary has no change log yet, its schema
 * changed, it holds a table that is not tracked (whose rows could not be followed), the log was
 * pruned past work.db's seq, or more keys changed than copying them row by row is worth.
 */
final class ChangeLog {
  /** The primary's change log (pulled into base.db like any table). */
  static final String CHANGES = "mg_replica_changes";
  /** Rows this replica changed locally since work.db last matched base.db (work.db only). */
  static final String DIRTY = "mg_replica_dirty";
  /** What work.db reflects: {@code change_seq} and {@code base_schema} (work.db only). */
  static final String STATE = "mg_replica_work";
  /** Change rows kept on the primary; a replica further behind publishes the whole file. */
  static final long KEEP = 100_000;

  private final List<TrackedTable> tables;

  ChangeLog(List<TrackedTable> tables) {
    this.tables = List.copyOf(tables);
  }

  /** Keys to replace, per table, and the primary's change seq they bring work.db to. */
  record Pending(long changeSeq, Map<String, Set<Object>> keys) {
    int size() {
      return keys.values().stream().mapToInt(Set::size).sum();
    }
  }

  /** The primary's DDL: the log table and three triggers per tracked table, all idempotent. */
  List<String> primaryDdl() {
    List<String> ddl = new ArrayList<>();
    ddl.add("CREATE TABLE IF NOT EXISTS " + CHANGES + " (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, k NOT NULL)");
    for (TrackedTable t : tables) {
      ddl.addAll(triggers("CREATE TRIGGER IF NOT EXISTS ", CHANGES + "_" + t.name(), t.name(), t, "INSERT INTO " + CHANGES));
    }
    return ddl;
  }

  /** Names of the objects {@link #primaryDdl()} creates. */
  Set<String> primaryObjects() {
    Set<String> names = new LinkedHashSet<>();
    names.add(CHANGES);
    for (TrackedTable t : tables) {
      for (String suffix : new String[] {"_ai", "_au", "_ad"}) {
        names.add(CHANGES + "_" + t.name() + suffix);
      }
    }
    return names;
  }

  /** The prune statement: keeps the newest {@value #KEEP} change rows (never the newest one). */
  static String pruneSql() {
    return "DELETE FROM " + CHANGES + " WHERE seq <= (SELECT max(seq) FROM " + CHANGES + ") - " + KEEP;
  }

  /**
   * Prepares a freshly copied work.db (still equal to base.db) inside the publish transaction:
   * records what it reflects, empties and unhooks its copy of the primary's log, and installs the
   * triggers that record local changes. Must run before the outbox is replayed.
   */
  void prepareFreshCopy(Connection writer) throws SQLException {
    String schema = fingerprint(writer, "main");
    Set<String> objects = objectNames(writer, "main");
    boolean tracked = objects.containsAll(primaryObjects());
    for (TrackedTable t : tables) {
      tracked &= objects.contains(t.name().toLowerCase(Locale.ROOT));
    }
    boolean followable = tracked && untrackedTables(writer, "main").isEmpty();
    try (Statement st = writer.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS main." + STATE + " (key TEXT PRIMARY KEY, value NOT NULL)");
      st.execute("CREATE TABLE IF NOT EXISTS main." + DIRTY + " (tbl TEXT NOT NULL, k NOT NULL, PRIMARY KEY (tbl, k)) WITHOUT ROWID");
      st.execute("DELETE FROM main." + STATE);
      st.execute("DELETE FROM main." + DIRTY);
      if (tracked) {
        long seq;
        try (ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM main." + CHANGES)) {
          seq = rs.next() ? rs.getLong(1) : 0;
        }
        // The primary's triggers would only fill work.db's copy of the log with local noise.
        for (String name : primaryObjects()) {
          if (!name.equals(CHANGES)) {
            st.execute("DROP TRIGGER IF EXISTS main." + name);
          }
        }
        st.execute("DELETE FROM main." + CHANGES);
        putState(writer, "log_installed", 1);
        if (followable) {
          putState(writer, "change_seq", seq);
          putState(writer, "base_schema", schema);
        }
      }
      for (TrackedTable t : tables) {
        if (objects.contains(t.name().toLowerCase(Locale.ROOT))) {
          for (String ddl : triggers("CREATE TRIGGER IF NOT EXISTS main.", DIRTY + "_" + t.name(), t.name(), t,
              "INSERT OR IGNORE INTO " + DIRTY)) {
            st.execute(ddl);
          }
        }
      }
    }
  }

  /** Whether every tracked table exists in work.db (so triggers can be created on the primary). */
  boolean tablesPresent(Connection c) throws SQLException {
    Set<String> objects = objectNames(c, "main");
    return tables.stream().allMatch(t -> objects.contains(t.name().toLowerCase(Locale.ROOT)));
  }

  /** Whether the image work.db was last copied from holds the primary's change log and triggers. */
  static boolean logInstalled(Connection writer) throws SQLException {
    if (!objectNames(writer, "main").contains(STATE)) {
      return false;
    }
    try (Statement st = writer.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM main." + STATE + " WHERE key = 'log_installed'")) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  /**
   * The rows to replace, read from base.db attached to {@code c} as {@code base}; empty when a
   * row-level publish cannot reproduce a whole-file one (see the class comment) or more than
   * {@code maxKeys} keys changed.
   */
  Optional<Pending> pending(Connection c, long maxKeys) throws SQLException {
    Map<String, Object> state = new LinkedHashMap<>();
    try (Statement st = c.createStatement()) {
      if (!objectNames(c, "main").contains(STATE)) {
        return Optional.empty();
      }
      try (ResultSet rs = st.executeQuery("SELECT key, value FROM main." + STATE)) {
        while (rs.next()) {
          state.put(rs.getString(1), rs.getObject(2));
        }
      }
      if (!(state.get("change_seq") instanceof Number workSeqValue) || !(state.get("base_schema") instanceof String schema)
          || !schema.equals(fingerprint(c, "base"))) {
        return Optional.empty();
      }
      long workSeq = workSeqValue.longValue();
      long min;
      long max;
      try (ResultSet rs = st.executeQuery("SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM base." + CHANGES)) {
        rs.next();
        min = rs.getLong(1);
        max = rs.getLong(2);
      }
      if (max < workSeq || (max > workSeq && min > workSeq + 1)) {
        return Optional.empty(); // the log restarted, or was pruned past what work.db has seen
      }
      Map<String, Set<Object>> keys = new LinkedHashMap<>();
      long[] count = {0};
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT tbl, k FROM base." + CHANGES + " WHERE seq > ?")) {
        ps.setLong(1, workSeq);
        if (!collect(ps, keys, count, maxKeys)) {
          return Optional.empty();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT tbl, k FROM main." + DIRTY)) {
        if (!collect(ps, keys, count, maxKeys)) {
          return Optional.empty();
        }
      }
      return Optional.of(new Pending(max, keys));
    }
  }

  private boolean collect(PreparedStatement ps, Map<String, Set<Object>> keys, long[] count, long maxKeys) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String table = rs.getString(1);
        if (tables.stream().noneMatch(t -> t.name().equals(table))) {
          return false; // logged by triggers this engine does not know: follow the whole file
        }
        if (keys.computeIfAbsent(table, x -> new LinkedHashSet<>()).add(rs.getObject(2)) && ++count[0] > maxKeys) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Replaces the pending keys' rows of work.db with base.db's (base attached as {@code base}),
   * inside the caller's transaction, and records the new change seq. Leaves {@value #DIRTY}
   * empty: the outbox replay that follows marks what it changes again.
   */
  void apply(Connection c, Pending p) throws SQLException {
    for (TrackedTable t : tables) {
      Set<Object> keys = p.keys().get(t.name());
      if (keys == null || keys.isEmpty()) {
        continue;
      }
      // Same column order on both sides: base.db's schema is the one work.db was copied with.
      try (PreparedStatement del = c.prepareStatement("DELETE FROM main." + t.name() + " WHERE " + t.keyColumn() + " = ?");
          PreparedStatement ins = c.prepareStatement("INSERT INTO main." + t.name() + " SELECT * FROM base." + t.name()
              + " WHERE " + t.keyColumn() + " = ?")) {
        for (Object k : keys) {
          del.setObject(1, k);
          del.executeUpdate();
          ins.setObject(1, k);
          ins.executeUpdate();
        }
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute("DELETE FROM main." + DIRTY);
    }
    putState(c, "change_seq", p.changeSeq());
  }

  /** The keys of {@value #DIRTY} (what the replica changed locally since the last publish). */
  Map<String, Set<Object>> dirtyKeys(Connection c) throws SQLException {
    Map<String, Set<Object>> keys = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT tbl, k FROM main." + DIRTY)) {
      collect(ps, keys, new long[1], Long.MAX_VALUE);
    }
    return keys;
  }

  private static void putState(Connection c, String key, Object value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO main." + STATE + " (key, value) VALUES (?, ?)")) {
      ps.setString(1, key);
      ps.setObject(2, value);
      ps.executeUpdate();
    }
  }

  /** AFTER INSERT/UPDATE/DELETE triggers on {@code on} that append the row's key with {@code insertInto}. */
  private static List<String> triggers(String create, String prefix, String on, TrackedTable t, String insertInto) {
    String target = insertInto + " (tbl, k) ";
    String name = "'" + t.name() + "'";
    String k = t.keyColumn();
    return List.of(
        create + prefix + "_ai AFTER INSERT ON " + on + " BEGIN " + target + "VALUES (" + name + ", NEW." + k + "); END",
        create + prefix + "_au AFTER UPDATE ON " + on + " BEGIN " + target + "VALUES (" + name + ", NEW." + k + "); "
            + target + "SELECT " + name + ", OLD." + k + " WHERE OLD." + k + " IS NOT NEW." + k + "; END",
        create + prefix + "_ad AFTER DELETE ON " + on + " BEGIN " + target + "VALUES (" + name + ", OLD." + k + "); END");
  }

  private static Set<String> objectNames(Connection c, String schema) throws SQLException {
    Set<String> names = new LinkedHashSet<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM " + schema + ".sqlite_schema")) {
      while (rs.next()) {
        names.add(rs.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  /** Tables of {@code schema} that are neither tracked nor internal (SQLite's or the replica's own). */
  private List<String> untrackedTables(Connection c, String schema) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM " + schema + ".sqlite_schema WHERE type = 'table'")) {
      while (rs.next()) {
        String name = rs.getString(1).toLowerCase(Locale.ROOT);
        boolean internal = name.startsWith("sqlite_") || name.startsWith("mg_replica_");
        if (!internal && tables.stream().noneMatch(t -> t.name().equalsIgnoreCase(name))) {
          out.add(name);
        }
      }
    }
    return out;
  }

  /** A digest of a schema's definitions: any DDL on the primary changes it. */
  private static String fingerprint(Connection c, String schema) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, coalesce(sql, '') FROM " + schema
            + ".sqlite_schema ORDER BY type, name")) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      while (rs.next()) {
        for (int i = 1; i <= 4; i++) {
          md.update(rs.getString(i).getBytes(StandardCharsets.UTF_8));
          md.update((byte) 0);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required on every Java platform", e);
    }
  }
}
