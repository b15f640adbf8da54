package dev.memorygraph.sqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link SqlScanner} treats as literal, quoted identifier or comment. */
class SqlScannerTest {
  private static String skipped(String sql, int at) {
    return sql.substring(at, SqlScanner.skipQuotedOrComment(sql, at));
  }

  @Test
  void literalsAndQuotedIdentifiersIncludingDoubledQuotes() {
    assertThat(skipped("x = 'it''s ?' AND y", 4)).isEqualTo("'it''s ?'");
    assertThat(skipped("\"a \"\" :b\" + 1", 0)).isEqualTo("\"a \"\" :b\"");
    assertThat(skipped("`c?` x", 0)).isEqualTo("`c?`");
    assertThat(skipped("[d ? ]] e", 0)).isEqualTo("[d ? ]");
  }

  @Test
  void commentsRunToTheirEnd() {
    assertThat(skipped("-- ? :x\nSELECT ?", 0)).isEqualTo("-- ? :x");
    assertThat(skipped("/* ? */ ?", 0)).isEqualTo("/* ? */");
    assertThat(skipped("/* open", 0)).isEqualTo("/* open");
    assertThat(skipped("'open ?", 0)).isEqualTo("'open ?");
  }

  @Test
  void codeIsNotSkipped() {
    for (String sql : new String[] {"?", ":a", "- 1", "/ 2", "x"}) {
      assertThat(SqlScanner.skipQuotedOrComment(sql, 0)).as(sql).isZero();
    }
    assertThat(SqlScanner.skipQuotedOrComment("", 0)).isZero();
  }
}
