package dev.memorygraph.sqlite.store;

import dev.memorygraph.model.MemoryType;
import dev.memorygraph.model.RelationshipType;
import dev.memorygraph.model.SearchQuery;
import dev.memorygraph.spi.Instants;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds the SQL of a memory search: a page of ids in the documented order and the total count.
 *
 * <p><b>FTS5 path</b> ({@link StoreOptions#fts()}): the MATCH expression is built only from
 * {@link SearchQuery#terms()}, each term double-quoted (a phrase of one token, so no operator of
 * the FTS5 query language can get through), joined by spaces (implicit AND), no prefix matching;
 * ranked by {@code bm25} with column weights title 4, summary 2, tags 2, content 1, then id.
 *
 * <p><b>Fallback path</b> (no FTS5): each term must occur as a substring of the client-computed,
 * lower-cased {@code search_text} column ({@code instr(search_text, ?) > 0}). Limits: a full
 * scan, no ranking (results in id order, as every match has the same relevance), no stemming
 * (retries does not find retry; a term also matches inside longer words: retr finds retrying).
 *
 * <p>Without text: importance descending, created_at descending, id ascending. Filters are
 * parameters, AND-ed.
 */
public final class SearchSql {
  /** The bm25 column weights (title, content, summary, tags). */
  public static final String BM25_WEIGHTS = "4.0, 1.0, 2.0, 2.0";

  private final StoreOptions o;

  /** Builders for the given options. */
  public SearchSql(StoreOptions o) {
    this.o = o;
  }

  /** The FTS5 MATCH expression for the query's terms: each quoted, implicit AND. */
  public static String matchExpression(List<String> terms) {
    StringBuilder b = new StringBuilder();
    for (String t : terms) {
      b.append(b.length() == 0 ? "" : " ").append('"').append(t.replace("\"", "\"\"")).append('"');
    }
    return b.toString();
  }

  /** The page of ids: one column, {@code id}, in the documented order. */
  public SqlStatement pageIds(SearchQuery q) {
    return page(q, "m.id");
  }

  /** The page of memories: {@link Mappers#MEMORY_COLUMNS}, in the documented order. */
  public SqlStatement page(SearchQuery q) {
    return page(q, Mappers.memoryColumns("m"));
  }

  private SqlStatement page(SearchQuery q, String columns) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ");
    String order;
    if (q.hasText() && o.fts()) {
      sql.append(from());
      sql.append(" WHERE ").append(o.ftsName()).append(" MATCH ?");
      args.add(matchExpression(q.terms()));
      order = " ORDER BY bm25(" + o.ftsName() + ", " + BM25_WEIGHTS + "), m.id";
    } else if (q.hasText()) {
      sql.append("memories m WHERE 1 = 1");
      textFallback(q, sql, args);
      order = " ORDER BY m.id";
    } else {
      sql.append("memories m WHERE 1 = 1");
      order = " ORDER BY m.importance DESC, m.created_at DESC, m.id";
    }
    filters(q, sql, args);
    sql.append(order).append(" LIMIT ? OFFSET ?");
    args.add((long) q.limit());
    args.add((long) q.offset());
    return new SqlStatement(sql.toString(), args);
  }

  /**
   * The page of memories of a text search over the FTS5 index WITH the total number of matches,
   * in one statement: {@link Mappers#MEMORY_COLUMNS} then a last column {@code total}.
   *
   * <p>The matches (rowid and rank only: small rows) are materialised once; the total counts them
   * and the page is taken from them, so the MATCH runs once instead of twice (page + count).
   * {@code memories} rows are read only for the matches ranked up to the page's last rank (ties
   * included, so that the tie-break on id stays exact), not for every match: FTS5 and bm25 need
   * no table row, and the rowid lookup per match that fetched the id was about 40% of the cost
   * per match (measured on 10k memories), more on tables with wider rows such as the Turso
   * replica's (which carry a search_text copy). Unfiltered searches therefore read no memories
   * row for the matches at all, as {@link #count} already does not. An empty page carries no
   * total: callers fall back to {@link #count}. Only for queries with text on a database with
   * FTS5.
   */
  public SqlStatement pageWithTotal(SearchQuery q) {
    if (!q.hasText() || !o.fts()) {
      throw new IllegalArgumentException("pageWithTotal needs a text query and FTS5");
    }
    List<Object> args = new ArrayList<>();
    String rank = "bm25(" + o.ftsName() + ", " + BM25_WEIGHTS + ") AS rank";
    StringBuilder sql = new StringBuilder("WITH hits AS MATERIALIZED (SELECT ");
    if (hasFilters(q)) {
      // Filters need the memories row of every match.
      sql.append("m.rowid AS rid, ").append(rank).append(" FROM ").append(from());
    } else {
      sql.append(o.ftsName()).append(".rowid AS rid, ").append(rank).append(" FROM ").append(o.ftsTable());
    }
    sql.append(" WHERE ").append(o.ftsName()).append(" MATCH ?");
    args.add(matchExpression(q.terms()));
    filters(q, sql, args);
    // The rank of the page's last row: the greatest of the (offset + limit) smallest ranks.
    sql.append(") SELECT ").append(Mappers.memoryColumns("m"))
        .append(", (SELECT count(*) FROM hits) AS total FROM hits h JOIN main.memories m ON m.rowid = h.rid")
        .append(" WHERE h.rank <= (SELECT max(rank) FROM (SELECT rank FROM hits ORDER BY rank LIMIT ?))")
        .append(" ORDER BY h.rank, m.id LIMIT ? OFFSET ?");
    args.add((long) q.offset() + q.limit());
    args.add((long) q.limit());
    args.add((long) q.offset());
    return new SqlStatement(sql.toString(), args);
  }

  /** The number of matches: one row, one column. */
  public SqlStatement count(SearchQuery q) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM ");
    if (q.hasText() && o.fts() && !hasFilters(q)) {
      // Counting index matches needs no memories row.
      sql.append(o.ftsTable()).append(" WHERE ").append(o.ftsName()).append(" MATCH ?");
      args.add(matchExpression(q.terms()));
      return new SqlStatement(sql.toString(), args);
    }
    if (q.hasText() && o.fts()) {
      sql.append(from()).append(" WHERE ").append(o.ftsName()).append(" MATCH ?");
      args.add(matchExpression(q.terms()));
    } else {
      sql.append("memories m WHERE 1 = 1");
      if (q.hasText()) {
        textFallback(q, sql, args);
      }
    }
    filters(q, sql, args);
    return new SqlStatement(sql.toString(), args);
  }

  /** Whether the query filters on anything but text. */
  public static boolean hasFilters(SearchQuery q) {
    return !q.types().isEmpty() || !q.tags().isEmpty() || q.projectPath() != null
        || q.minImportance() != null || q.minConfidence() != null || q.createdAfter() != null
        || q.createdBefore() != null || !q.relationshipTypes().isEmpty();
  }

  private String from() {
    return o.ftsTable() + " JOIN main.memories m ON m.rowid = " + o.ftsName() + ".rowid";
  }

  private static void textFallback(SearchQuery q, StringBuilder sql, List<Object> args) {
    for (String t : q.terms()) {
      sql.append(" AND instr(m.search_text, ?) > 0");
      args.add(t);
    }
  }

  private static void filters(SearchQuery q, StringBuilder sql, List<Object> args) {
    if (!q.types().isEmpty()) {
      sql.append(" AND m.type IN (").append(marks(q.types().size())).append(')');
      for (MemoryType t : q.types()) {
        args.add(t.id());
      }
    }
    if (!q.tags().isEmpty()) {
      sql.append(" AND m.id IN (SELECT memory_id FROM memory_tags WHERE tag IN (")
          .append(marks(q.tags().size())).append("))");
      args.addAll(q.tags());
    }
    if (q.projectPath() != null) {
      sql.append(" AND m.project_path = ?");
      args.add(q.projectPath());
    }
    if (q.minImportance() != null) {
      sql.append(" AND m.importance >= ?");
      args.add(q.minImportance());
    }
    if (q.minConfidence() != null) {
      sql.append(" AND m.confidence >= ?");
      args.add(q.minConfidence());
    }
    if (q.createdAfter() != null) {
      sql.append(" AND m.created_at > ?");
      args.add(Instants.toMicros(q.createdAfter()));
    }
    if (q.createdBefore() != null) {
      sql.append(" AND m.created_at < ?");
      args.add(Instants.toMicros(q.createdBefore()));
    }
    if (!q.relationshipTypes().isEmpty()) {
      String in = marks(q.relationshipTypes().size());
      sql.append(" AND m.id IN (SELECT from_id FROM relationships WHERE valid_until IS NULL AND type IN (")
          .append(in).append(") UNION SELECT to_id FROM relationships WHERE valid_until IS NULL AND type IN (")
          .append(in).append("))");
      for (int pass = 0; pass < 2; pass++) {
        for (RelationshipType t : q.relationshipTypes()) {
          args.add(t.name());
        }
      }
    }
  }

  /** {@code n} comma-separated {@code ?} markers. */
  public static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
