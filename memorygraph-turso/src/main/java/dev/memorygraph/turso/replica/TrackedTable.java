package dev.memorygraph.turso.replica;

import dev.memorygraph.ValidationException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A table whose changed rows a replica publishes row by row (see {@link ReplicaOptions#trackedTables()}).
 *
 * @param name the table's name on the primary
 * @param keyColumn a column such that all rows with one value of it can be replaced together
 *     (the primary key, or the leading column of a composite one, e.g. the owner id of tag rows)
 */
public record TrackedTable(String name, String keyColumn) {
  // Both names are written into trigger and copy statements, so only plain identifiers pass.
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** Validates both names as plain SQL identifiers. */
  public TrackedTable {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new ValidationException("name", "must be a plain SQL identifier (letters, digits, underscore)");
    }
    if (keyColumn == null || !IDENTIFIER.matcher(keyColumn).matches()) {
      throw new ValidationException("keyColumn", "must be a plain SQL identifier (letters, digits, underscore)");
    }
    if (name.toLowerCase(Locale.ROOT).startsWith("mg_replica_") || name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
      throw new ValidationException("name", "must not be one of the replica's own or SQLite's internal tables");
    }
  }
}
