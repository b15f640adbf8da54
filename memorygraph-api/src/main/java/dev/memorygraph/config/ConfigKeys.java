package dev.memorygraph.config;

/** The names of every setting, as environment variables. */
public final class ConfigKeys {
  /** Which backend: sqlite (default), turso, neo4j, memgraph, falkordb, falkordblite, auto. */
  public static final String MEMORY_BACKEND = "MEMORY_BACKEND";
  /** Whether same-type cycles are allowed (default true). */
  public static final String MEMORY_ALLOW_CYCLES = "MEMORY_ALLOW_CYCLES";
  /** SQLite database file. */
  public static final String MEMORY_SQLITE_PATH = "MEMORY_SQLITE_PATH";
  /** Turso local or replica file. */
  public static final String MEMORY_TURSO_PATH = "MEMORY_TURSO_PATH";
  /** Turso primary URL. */
  public static final String TURSO_DATABASE_URL = "TURSO_DATABASE_URL";
  /** Turso auth token (secret). */
  public static final String TURSO_AUTH_TOKEN = "TURSO_AUTH_TOKEN";
  /** Sync on connect (default true). */
  public static final String MEMORY_TURSO_AUTO_SYNC = "MEMORY_TURSO_AUTO_SYNC";
  /** Background sync interval in seconds (default 300, 0 = off). */
  public static final String MEMORY_TURSO_SYNC_INTERVAL = "MEMORY_TURSO_SYNC_INTERVAL";
  /** Neo4j URI. */
  public static final String MEMORY_NEO4J_URI = "MEMORY_NEO4J_URI";
  /** Neo4j URI (alias). */
  public static final String NEO4J_URI = "NEO4J_URI";
  /** Neo4j user. */
  public static final String MEMORY_NEO4J_USER = "MEMORY_NEO4J_USER";
  /** Neo4j user (alias). */
  public static final String NEO4J_USER = "NEO4J_USER";
  /** Neo4j password (secret). */
  public static final String MEMORY_NEO4J_PASSWORD = "MEMORY_NEO4J_PASSWORD";
  /** Neo4j password (alias, secret). */
  public static final String NEO4J_PASSWORD = "NEO4J_PASSWORD";
  /** Neo4j database name. */
  public static final String MEMORY_NEO4J_DATABASE = "MEMORY_NEO4J_DATABASE";
  /** Memgraph URI. */
  public static final String MEMORY_MEMGRAPH_URI = "MEMORY_MEMGRAPH_URI";
  /** Memgraph user. */
  public static final String MEMORY_MEMGRAPH_USER = "MEMORY_MEMGRAPH_USER";
  /** Memgraph password (secret). */
  public static final String MEMORY_MEMGRAPH_PASSWORD = "MEMORY_MEMGRAPH_PASSWORD";
  /** FalkorDB host. */
  public static final String MEMORY_FALKORDB_HOST = "MEMORY_FALKORDB_HOST";
  /** FalkorDB port. */
  public static final String MEMORY_FALKORDB_PORT = "MEMORY_FALKORDB_PORT";
  /** FalkorDB password (secret). */
  public static final String MEMORY_FALKORDB_PASSWORD = "MEMORY_FALKORDB_PASSWORD";
  /** FalkorDB graph name (default memorygraph). */
  public static final String MEMORY_FALKORDB_GRAPH = "MEMORY_FALKORDB_GRAPH";
  /** FalkorDBLite data directory. */
  public static final String MEMORY_FALKORDBLITE_PATH = "MEMORY_FALKORDBLITE_PATH";
  /** FalkorDBLite server binary (valkey-server or redis-server 7.2+). */
  public static final String MEMORY_FALKORDBLITE_SERVER = "MEMORY_FALKORDBLITE_SERVER";
  /** FalkorDBLite FalkorDB module (falkordb.so). */
  public static final String MEMORY_FALKORDBLITE_MODULE = "MEMORY_FALKORDBLITE_MODULE";

  private ConfigKeys() {}

  /** Whether a key belongs to this library (and so is shown by {@code config}). */
  public static boolean isLibraryKey(String key) {
    return key.startsWith("MEMORY_") || key.startsWith("TURSO_") || key.startsWith("NEO4J_");
  }
}
