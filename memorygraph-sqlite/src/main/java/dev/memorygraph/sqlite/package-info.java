/**
 * The SQLite backend: {@link dev.memorygraph.sqlite.SqliteBackend}, its provider and the JDBC
 * executor of the shared SQL store ({@link dev.memorygraph.sqlite.store}).
 */
package dev.memorygraph.sqlite;
