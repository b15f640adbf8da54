package dev.memorygraph.tck;

import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.Visibility;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared test data: hostile strings, Unicode samples and boundary instants. */
final class TckData {
  private TckData() {}

  /** Strings that break naive SQL, Cypher, JSON or path handling; all are valid text. */
  static final List<String> INJECTIONS = List.of(
      "'); DROP TABLE memories;--",
      "\" OR 1=1 --",
      "\"}) MATCH (n) DETACH DELETE n //",
      "C:\\temp\\new",
      "trailing backslash\\",
      "$param and $1 and :name",
      "{x} {{y}} ${z}",
      "`backtick` MATCH (m) RETURN m",
      "' OR ''='",
      "%_ LIKE wildcards %",
      "\\u0000 literal escape text",
      "NEAR(a b) AND NOT c* \"phrase\" ^boost col:val");

  /** Ids built from injection strings; every one must be rejected by id validation. */
  static final List<String> INJECTION_IDS = List.of(
      "'; DROP TABLE memories;--",
      "x' OR '1'='1",
      "\" OR 1=1 --",
      "a\"}) MATCH (n) DETACH DELETE n //",
      "a`) DETACH DELETE n",
      "a b",
      "../../etc/passwd",
      "-leading-dash",
      "",
      "a".repeat(129),
      "id\u0000nul",
      "id\nnewline");

  /** Mixed scripts, emoji (astral plane), ZWJ sequences, combining marks, RTL. */
  static final String UNICODE = "Ünïcödé ÄÖÜ äöü Ελληνικά 日本語 中文 한국어 עברית العربية "
      + "emoji 😀🎉🚀 family 👩‍👩‍👧‍👦 coder 👩‍💻 flag 🇩🇪 "
      + "combining e\u0301 a\u0308 n\u0303 (not precomposed) zero\u200Bwidth "
      + "math 𝔸𝔹ℂ ∑∫√ quotes „“«»";

  static final Instant PRE_EPOCH = Instant.parse("1969-07-20T20:17:40.123456Z");
  static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
  static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant EARLY = Instant.parse("1900-02-28T23:59:59.000001Z");
  static final Instant MODERN = Instant.parse("2024-02-29T12:34:56.789012Z");

  /** Exactly {@code length} UTF-16 chars of Unicode-rich text that never splits a pair. */
  static String longText(int length) {
    String unit = "äöü€ 😀 Ελλ 日本 e\u0301 line\n\ttab ";
    StringBuilder sb = new StringBuilder(length + unit.length());
    while (sb.length() < length) {
      sb.append(unit);
    }
    sb.setLength(length);
    if (Character.isHighSurrogate(sb.charAt(length - 1))) {
      sb.setCharAt(length - 1, 'x');
    }
    return sb.toString();
  }

  /** A context with every field set. */
  static MemoryContext fullContext() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("zeta", "last key\nwith a second line");
    meta.put("alpha", UNICODE);
    meta.put("$param", "{x}");
    meta.put("sql", "'); DROP TABLE memories;--");
    meta.put("empty value", "");
    return MemoryContext.builder()
        .projectPath("/home/dev/projects/ünïcode app")
        .filesInvolved(List.of("src/Main.java", "docs/ÄÖÜ.md", "C:\\temp\\new.txt"))
        .languages(List.of("java", "kotlin", "python"))
        .frameworks(List.of("spring", "junit"))
        .technologies(List.of("sqlite", "neo4j", "😀"))
        .gitCommit("0123456789abcdef0123456789abcdef01234567")
        .gitBranch("feature/`weird` $branch")
        .workingDirectory("trailing\\")
        .timestamp(PRE_EPOCH)
        .sessionId("session-42")
        .userId("user \"quoted\"")
        .additionalMetadata(meta)
        .tenantId("tenant-a")
        .teamId("team-b")
        .visibility(Visibility.TEAM)
        .createdBy("agent 🤖")
        .build();
  }
}
