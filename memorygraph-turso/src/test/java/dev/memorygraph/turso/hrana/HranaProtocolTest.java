package dev.memorygraph.turso.hrana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memorygraph.AuthenticationException;
import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraphException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Hrana wire format as pure functions on bytes: request encoding, reply parsing (including
 * malformed and truncated replies) and the HTTP status mapping. These are parsing tests, not a
 * stand-in for a server: the server-facing behaviour is tested against real tursodb in
 * {@link HranaClientTest}.
 */
class HranaProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode encoded(HranaStatement s) throws Exception {
    return JSON.readTree(HranaProtocol.encodePipeline(null, List.of(new HranaProtocol.Execute(s))));
  }

  @Test
  void valuesAreEncodedAsTheProtocolDemands() throws Exception {
    JsonNode args = encoded(HranaStatement.of("SELECT ?, ?, ?, ?, ?, ?, ?",
        9007199254740993L, 7, 2.5, "héllo", new byte[] {0, (byte) 0xff}, null, true))
        .path("requests").get(0).path("stmt").path("args");
    assertThat(args.get(0).path("type").asText()).isEqualTo("integer");
    assertThat(args.get(0).path("value").isTextual()).as("integers are decimal strings").isTrue();
    assertThat(args.get(0).path("value").asText()).isEqualTo("9007199254740993");
    assertThat(args.get(1).path("value").asText()).isEqualTo("7");
    assertThat(args.get(2).path("type").asText()).isEqualTo("float");
    assertThat(args.get(2).path("value").isNumber()).as("floats are JSON numbers").isTrue();
    assertThat(args.get(2).path("value").doubleValue()).isEqualTo(2.5);
    assertThat(args.get(3).path("value").asText()).isEqualTo("héllo");
    assertThat(args.get(4).path("type").asText()).isEqualTo("blob");
    assertThat(args.get(4).path("base64").asText()).isEqualTo("AP8=");
    assertThat(args.get(5).path("type").asText()).isEqualTo("null");
    assertThat(args.get(6).path("value").asText()).isEqualTo("1");
  }

  @Test
  void floatsThatALenientParserCouldRoundWronglyTravelAsExactArithmetic() throws Exception {
    JsonNode stmt = encoded(HranaStatement.of("SELECT ?, '?', ? -- ?\n, ?3", 0.75, 0.9452706955539223, 7L))
        .path("requests").get(0).path("stmt");
    long m = ExactFloats.significand(0.9452706955539223);
    int k = ExactFloats.exponent(0.9452706955539223);
    assertThat(Math.scalb((double) m, k)).isEqualTo(0.9452706955539223);
    assertThat(stmt.path("sql").asText()).isEqualTo("SELECT ?, '?', (CAST(? AS REAL) / " + (1L << -k) + ") -- ?\n, ?3");
    JsonNode args = stmt.path("args");
    assertThat(args.get(0).path("type").asText()).isEqualTo("float");
    assertThat(args.get(0).path("value").isNumber()).isTrue();
    assertThat(args.get(1).path("type").asText()).isEqualTo("integer");
    assertThat(args.get(1).path("value").asText()).isEqualTo(Long.toString(m));
    assertThat(ExactFloats.safeAsJsonNumber(0.5)).isTrue();
    assertThat(ExactFloats.safeAsJsonNumber(1e21)).isTrue();
    assertThat(ExactFloats.safeAsJsonNumber(1e-300)).isFalse();
    assertThat(ExactFloats.safeAsJsonNumber(0.9452706955539223)).isFalse();
  }

  @Test
  void everyFloatDecomposesExactlyIntoSignificandAndPowerOfTwo() {
    java.util.Random rnd = new java.util.Random(7);
    List<Double> vs = new java.util.ArrayList<>(List.of(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE,
        Double.MIN_NORMAL, -1.5e-300, 1e300, 3.0, 0.1));
    for (int i = 0; i < 2000; i++) {
      vs.add(Double.longBitsToDouble(rnd.nextLong() & 0xffefffffffffffffL));
    }
    for (double v : vs) {
      long m = ExactFloats.significand(v);
      int k = ExactFloats.exponent(v);
      assertThat(Math.abs(m)).as("%s", v).isLessThanOrEqualTo(1L << 53);
      assertThat(Math.scalb((double) m, k)).as("%s", v).isEqualTo(v);
    }
    assertThat(ExactFloats.expression("?", -130)).isEqualTo("(CAST(? AS REAL) / 4611686018427387904 / 4611686018427387904 / 64)");
    assertThat(ExactFloats.expression("?2", 3)).isEqualTo("(CAST(?2 AS REAL) * 8)");
  }

  @Test
  void parameterRewritingRespectsLiteralsCommentsAndNumberedParameters() {
    assertThat(ExactFloats.castParameters("SELECT ?2, ?1, ?", java.util.Map.of(1, 1, 3, -1)))
        .isEqualTo("SELECT ?2, (CAST(?1 AS REAL) * 2), (CAST(? AS REAL) / 2)");
    assertThat(ExactFloats.castParameters("SELECT 'it''s ?', \"?\", [?], ? /* ? */", java.util.Map.of(1, 1)))
        .isEqualTo("SELECT 'it''s ?', \"?\", [?], (CAST(? AS REAL) * 2) /* ? */");
    assertThat(ExactFloats.castParameters("SELECT :named, ?", java.util.Map.of(1, 1))).isNull();
  }

  @Test
  void unsupportedArgumentsAreRefusedBeforeSending() {
    assertThatThrownBy(() -> HranaStatement.of("SELECT ?", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argument 1");
    assertThatThrownBy(() -> HranaStatement.of("SELECT ?", new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported type");
    assertThatThrownBy(() -> HranaStatement.of("SELECT ?", Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theAtomicBatchHasTheMeasuredShape() throws Exception {
    List<HranaBatchStep> steps = HranaClient.atomicSteps(List.of(HranaStatement.of("INSERT 1"), HranaStatement.of("INSERT 2")));
    JsonNode s = JSON.readTree(HranaProtocol.encodePipeline(null, List.of(new HranaProtocol.Batch(steps))))
        .path("requests").get(0).path("batch").path("steps");
    assertThat(s).hasSize(5);
    assertThat(s.get(0).path("stmt").path("sql").asText()).isEqualTo("BEGIN IMMEDIATE");
    assertThat(s.get(0).has("condition")).isFalse();
    assertThat(s.get(1).path("condition").toString()).isEqualTo("{\"type\":\"ok\",\"step\":0}");
    assertThat(s.get(2).path("condition").toString()).isEqualTo("{\"type\":\"ok\",\"step\":1}");
    assertThat(s.get(3).path("stmt").path("sql").asText()).isEqualTo("COMMIT");
    assertThat(s.get(3).path("condition").toString()).isEqualTo("{\"type\":\"ok\",\"step\":2}");
    assertThat(s.get(4).path("stmt").path("sql").asText()).isEqualTo("ROLLBACK");
    assertThat(s.get(4).path("condition").toString())
        .isEqualTo("{\"type\":\"not\",\"cond\":{\"type\":\"ok\",\"step\":3}}");
  }

  @Test
  void aWellFormedReplyIsParsed() {
    String body = "{\"baton\":null,\"base_url\":null,\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"execute\","
        + "\"result\":{\"cols\":[{\"name\":\"a\",\"decltype\":null},{\"name\":\"b\"},{\"name\":\"c\"},{\"name\":\"d\"},{\"name\":\"e\"}],"
        + "\"rows\":[[{\"type\":\"integer\",\"value\":\"-9223372036854775808\"},{\"type\":\"float\",\"value\":1e-300},"
        + "{\"type\":\"text\",\"value\":\"\\u00e9\\ud83d\\ude00\"},{\"type\":\"blob\",\"base64\":\"AP8\"},{\"type\":\"null\"}]],"
        + "\"affected_row_count\":0,\"last_insert_rowid\":null}}},"
        + "{\"type\":\"error\",\"error\":{\"message\":\"near \\\"x\\\": syntax error\",\"code\":\"PREPARE_ERROR\"}}]}";
    HranaProtocol.PipelineResponse r = HranaProtocol.parsePipeline(bytes(body), 2);
    assertThat(r.baton()).isNull();
    HranaResult first = (HranaResult) r.results().get(0);
    assertThat(first.columns()).containsExactly("a", "b", "c", "d", "e");
    List<Object> row = first.rows().get(0);
    assertThat(row.get(0)).isEqualTo(Long.MIN_VALUE);
    assertThat(row.get(1)).isEqualTo(1e-300);
    assertThat(row.get(2)).isEqualTo("é😀");
    assertThat((byte[]) row.get(3)).as("unpadded base64 is accepted").containsExactly(0, 0xff);
    assertThat(row.get(4)).isNull();
    HranaProtocol.RequestError e = (HranaProtocol.RequestError) r.results().get(1);
    assertThat(e.code()).isEqualTo("PREPARE_ERROR");
    assertThat(e.message()).contains("syntax error");
  }

  @Test
  void paddedBase64IsAcceptedToo() {
    String body = "{\"baton\":null,\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"execute\",\"result\":"
        + "{\"cols\":[{\"name\":\"x\"}],\"rows\":[[{\"type\":\"blob\",\"base64\":\"AP8=\"}]]}}}]}";
    HranaResult r = (HranaResult) HranaProtocol.parsePipeline(bytes(body), 1).results().get(0);
    assertThat((byte[]) r.rows().get(0).get(0)).containsExactly(0, 0xff);
  }

  @Test
  void batonAndBaseUrlAreReadWhenPresent() {
    String body = "{\"baton\":\"b-123\",\"base_url\":\"https://other.example\",\"results\":[]}";
    HranaProtocol.PipelineResponse r = HranaProtocol.parsePipeline(bytes(body), 0);
    assertThat(r.baton()).isEqualTo("b-123");
    assertThat(r.baseUrl()).isEqualTo("https://other.example");
    assertThat(r.toString()).doesNotContain("b-123");
  }

  @Test
  void truncatedRepliesFailClearly() {
    String full = "{\"baton\":null,\"base_url\":null,\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"execute\","
        + "\"result\":{\"cols\":[{\"name\":\"x\"}],\"rows\":[[{\"type\":\"integer\",\"value\":\"1\"}]]}}}]}";
    HranaProtocol.parsePipeline(bytes(full), 1);
    // Every proper prefix is a truncated reply and must be rejected, never half-parsed.
    for (int cut = 0; cut < full.length(); cut++) {
      byte[] prefix = Arrays.copyOf(bytes(full), cut);
      assertThatThrownBy(() -> HranaProtocol.parsePipeline(prefix, 1))
          .as("prefix of %d bytes", cut)
          .isInstanceOf(HranaProtocolException.class)
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining("malformed Hrana response");
    }
  }

  @Test
  void malformedRepliesFailClearly() {
    String ok = "{\"type\":\"ok\",\"response\":{\"type\":\"execute\",\"result\":{\"cols\":[{\"name\":\"x\"}],\"rows\":[[%s]]}}}";
    List<String> bad = List.of(
        "Internal Server Error: oops",
        "[]",
        "{\"baton\":null}",
        "{\"results\":{}}",
        "{\"results\":[]}",
        "{\"results\":[1]}",
        "{\"results\":[{\"type\":\"weird\"}]}",
        "{\"results\":[{\"type\":\"ok\"}]}",
        "{\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"execute\",\"result\":{\"cols\":[]}}}]}",
        "{\"results\":[" + String.format(ok, "{\"type\":\"integer\",\"value\":\"12x\"}") + "]}",
        "{\"results\":[" + String.format(ok, "{\"type\":\"integer\",\"value\":\"99999999999999999999\"}") + "]}",
        "{\"results\":[" + String.format(ok, "{\"type\":\"blob\",\"base64\":\"***\"}") + "]}",
        "{\"results\":[" + String.format(ok, "{\"type\":\"date\",\"value\":\"x\"}") + "]}",
        "{\"results\":[" + String.format(ok, "{\"type\":\"text\"}") + "]}",
        "{\"results\":[" + String.format(ok, "1, 2") + "]}",
        "{\"results\":[]} trailing");
    for (String b : bad) {
      assertThatThrownBy(() -> HranaProtocol.parsePipeline(bytes(b), 1))
          .as(b).isInstanceOf(HranaProtocolException.class).hasMessageStartingWith("malformed Hrana response");
    }
  }

  @Test
  void theFailingStepOfAnAtomicBatchIsNamed() {
    // A reply in the exact shape tursodb gave for a UNIQUE failure in the second of three statements.
    String body = "{\"baton\":null,\"base_url\":null,\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"batch\",\"result\":{"
        + "\"step_results\":[" + EMPTY + "," + EMPTY + ",null,null,null," + EMPTY + "],"
        + "\"step_errors\":[null,null,{\"message\":\"Runtime error: UNIQUE constraint failed: t.a (19)\",\"code\":\"BATCH_STEP_ERROR\"},null,null,null]}}}]}";
    HranaBatchResult r = (HranaBatchResult) HranaProtocol.parsePipeline(bytes(body), 1).results().get(0);
    assertThatThrownBy(() -> HranaClient.atomicOutcome(r, 3))
        .isInstanceOfSatisfying(HranaStatementException.class, e -> {
          assertThat(e.statementIndex()).isEqualTo(1);
          assertThat(e.code()).isEqualTo("BATCH_STEP_ERROR");
          assertThat(e.isUniqueViolation()).isTrue();
        });
  }

  @Test
  void aFailedCommitIsReportedAsTransactionControl() {
    String body = "{\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"batch\",\"result\":{"
        + "\"step_results\":[" + EMPTY + "," + EMPTY + ",null," + EMPTY + "],"
        + "\"step_errors\":[null,null,{\"message\":\"database is locked\",\"code\":\"SQLITE_BUSY\"},null]}}}]}";
    HranaBatchResult r = (HranaBatchResult) HranaProtocol.parsePipeline(bytes(body), 1).results().get(0);
    assertThatThrownBy(() -> HranaClient.atomicOutcome(r, 1))
        .isInstanceOfSatisfying(HranaStatementException.class, e -> {
          assertThat(e.statementIndex()).isEqualTo(-1);
          assertThat(e.getMessage()).contains("COMMIT");
        });
  }

  @Test
  void aSkippedStepWithoutErrorIsAProtocolError() {
    String body = "{\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"batch\",\"result\":{"
        + "\"step_results\":[" + EMPTY + ",null,null,null],\"step_errors\":[null,null,null,null]}}}]}";
    HranaBatchResult r = (HranaBatchResult) HranaProtocol.parsePipeline(bytes(body), 1).results().get(0);
    assertThatThrownBy(() -> HranaClient.atomicOutcome(r, 1)).isInstanceOf(HranaProtocolException.class);
  }

  private static final String EMPTY = "{\"cols\":[],\"rows\":[],\"affected_row_count\":0,\"last_insert_rowid\":null}";

  /**
   * tursodb ignores credentials and never answers 401/403, so the status mapping is tested as the
   * pure function the client applies to every non-2xx reply.
   */
  @Test
  void unauthorisedAndForbiddenBecomeAuthenticationExceptions() {
    for (int status : new int[] {401, 403}) {
      MemoryGraphException e = HranaProtocol.mapHttpStatus(status,
          bytes("{\"error\":\"Authorization: Bearer sekrit-token-123 is invalid\"}"), "https://db.example.io");
      assertThat(e).isInstanceOf(AuthenticationException.class);
      assertThat(e.getMessage()).contains("HTTP " + status).contains("TURSO_AUTH_TOKEN")
          .contains("https://db.example.io").doesNotContain("sekrit-token-123");
    }
  }

  @Test
  void otherStatusesBecomeUnavailableAndOnlyFiveHundredsAreRetryable() {
    assertThat(HranaProtocol.mapHttpStatus(200, new byte[0], "x")).isNull();
    MemoryGraphException e500 = HranaProtocol.mapHttpStatus(500, bytes("Internal Server Error: token=abc123"), "x");
    assertThat(e500).isExactlyInstanceOf(BackendUnavailableException.class);
    assertThat(e500.getMessage()).contains("HTTP 500").doesNotContain("abc123");
    assertThat(HranaProtocol.mapHttpStatus(404, new byte[0], "x")).isExactlyInstanceOf(BackendUnavailableException.class);
    assertThat(HranaProtocol.isRetryableStatus(500)).isTrue();
    assertThat(HranaProtocol.isRetryableStatus(503)).isTrue();
    assertThat(HranaProtocol.isRetryableStatus(400)).isFalse();
    assertThat(HranaProtocol.isRetryableStatus(401)).isFalse();
  }

  @Test
  void urlsAreNormalised() {
    assertThat(HranaClient.normalizeUrl("libsql://db-org.turso.io")).isEqualTo("https://db-org.turso.io");
    assertThat(HranaClient.normalizeUrl("https://db.example.io/")).isEqualTo("https://db.example.io");
    assertThat(HranaClient.normalizeUrl("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
    assertThat(HranaClient.normalizeUrl("wss://h.example")).isEqualTo("https://h.example");
    assertThat(HranaClient.normalizeUrl("libsql://h.example?authToken=abc")).isEqualTo("https://h.example");
    assertThat(HranaClient.parseUrl("libsql://h.example?authToken=abc").tokenFromQuery()).isEqualTo("abc");
    assertThat(HranaClient.parseUrl("libsql://h.example?authToken=abc").toString()).doesNotContain("abc");
    for (String bad : new String[] {"", "ftp://x", "db.example.io", "https://user:pw@h.example", "https://"}) {
      assertThatThrownBy(() -> HranaClient.normalizeUrl(bad))
          .as(bad).isInstanceOfSatisfying(dev.memorygraph.ValidationException.class,
              v -> assertThat(v.field()).isEqualTo("TURSO_DATABASE_URL"))
          .satisfies(v -> assertThat(v.getMessage()).doesNotContain("pw"));
    }
  }
}
