/**
 * The dialect-neutral SQL store shared by the SQLite and Turso backends.
 *
 * <p><b>The seam.</b> Everything here produces or consumes {@link dev.memorygraph.sqlite.store.SqlStatement}
 * values (SQL text plus positional arguments, every value computed by the client: ids,
 * timestamps, versions; no {@code CURRENT_TIMESTAMP}, no {@code random()}, no rowid carried
 * between databases) and runs them through a {@link dev.memorygraph.sqlite.store.SqlExecutor}:
 * <ul>
 *   <li>{@code read(work)}: a consistent snapshot on one connection for several queries;</li>
 *   <li>{@code write(work)}: one serialised, atomic write transaction in which the work may read
 *       (existing rows for upserts, existence and cycle checks) and write;</li>
 *   <li>{@code transaction(statements)}: a plain atomic batch, for replaying statements.</li>
 * </ul>
 * The SQLite backend implements the executor with JDBC ({@code dev.memorygraph.sqlite.JdbcSqlExecutor}:
 * one writer connection under a lock, a pool of {@code query_only} readers, prepared statements
 * cached per connection). A Turso backend implements it over its own transport and reuses the rest.
 *
 * <p><b>Pieces.</b> {@link dev.memorygraph.sqlite.store.Schema}: DDL as forward migrations, the
 * runner, the FTS5 probe. {@link dev.memorygraph.sqlite.store.StoreOptions}: with or without
 * FTS5 (then a client-computed {@code search_text} column serves a substring search).
 * {@link dev.memorygraph.sqlite.store.Mappers}: rows to and from records.
 * {@link dev.memorygraph.sqlite.store.Statements}: every write as statements.
 * {@link dev.memorygraph.sqlite.store.SearchSql}: the FTS5 and fallback search queries.
 * {@link dev.memorygraph.sqlite.store.NeighbourSql}: the per-level traversal query (no
 * {@code WITH RECURSIVE}). {@link dev.memorygraph.sqlite.store.Traversal}: the JGraphT walk over
 * edges loaded level by level. {@link dev.memorygraph.sqlite.store.SqlGraphStore}: every typed
 * operation over an executor. {@link dev.memorygraph.sqlite.store.NamedParameters}: native
 * queries with {@code :name} parameters.
 */
package dev.memorygraph.sqlite.store;
