package dev.memorygraph.turso.hrana;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.memorygraph.AuthenticationException;
import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraphException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hrana-over-HTTP v2 pipeline format as pure functions: request bodies out, response bodies
 * and HTTP statuses in. No I/O here, so every parsing rule is testable on plain byte inputs.
 */
public final class HranaProtocol {
  private static final JsonFactory JSON = JsonFactory.builder()
      // Result sets can hold 50,000-character contents and blobs; keep Jackson's safety limits
      // but well above any row the store writes.
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build())
      .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(JSON)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private HranaProtocol() {}

  /** One request of a pipeline: an {@code execute}, a {@code batch} or a {@code close}. */
  public interface Request {}

  /** {@code {"type":"close"}}: ends the stream named by the baton (Turso Cloud / sqld only). */
  public record Close() implements Request {}

  /**
   * {@code {"type":"execute","stmt":...}}.
   *
   * @param statement the statement
   */
  public record Execute(HranaStatement statement) implements Request {}

  /**
   * {@code {"type":"batch","batch":{"steps":[...]}}}.
   *
   * @param steps the steps
   */
  public record Batch(List<HranaBatchStep> steps) implements Request {
    /** Copies the steps. */
    public Batch {
      steps = List.copyOf(steps);
    }
  }

  /**
   * A request-level error in a pipeline reply ({@code {"type":"error","error":{...}}}).
   *
   * @param message the server's message
   * @param code the server's code, or null
   */
  public record RequestError(String message, String code) {}

  /**
   * A parsed pipeline reply.
   *
   * @param baton the stream handle to send with the next request, or null
   * @param baseUrl the URL to send the next request to, or null for the same one
   * @param results per request: a {@link HranaResult}, a {@link HranaBatchResult} or a
   *     {@link RequestError}
   */
  public record PipelineResponse(String baton, String baseUrl, List<Object> results) {
    /** Copies the results. */
    public PipelineResponse {
      results = List.copyOf(results);
    }

    /** Shows the shape, never the baton (it is a signed stream handle). */
    @Override
    public String toString() {
      return "PipelineResponse[baton=" + (baton == null ? "null" : "***") + ", results=" + results.size() + "]";
    }
  }

  /** Encodes a pipeline request body. */
  public static byte[] encodePipeline(String baton, List<? extends Request> requests) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      if (baton == null) {
        g.writeNullField("baton");
      } else {
        g.writeStringField("baton", baton);
      }
      g.writeArrayFieldStart("requests");
      for (Request r : requests) {
        g.writeStartObject();
        if (r instanceof Execute) {
          g.writeStringField("type", "execute");
          g.writeFieldName("stmt");
          writeStatement(g, ((Execute) r).statement());
        } else if (r instanceof Batch) {
          g.writeStringField("type", "batch");
          g.writeObjectFieldStart("batch");
          g.writeArrayFieldStart("steps");
          for (HranaBatchStep s : ((Batch) r).steps()) {
            g.writeStartObject();
            if (s.condition() != null) {
              g.writeFieldName("condition");
              writeCondition(g, s.condition());
            }
            g.writeFieldName("stmt");
            writeStatement(g, s.statement());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        } else if (r instanceof Close) {
          g.writeStringField("type", "close");
        } else {
          throw new IllegalArgumentException("unknown request " + r);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeStatement(JsonGenerator g, HranaStatement s) throws IOException {
    // Floats a lenient JSON parser could round wrongly travel as exact integer arithmetic
    // (see ExactFloats).
    java.util.Map<Integer, Integer> exact = new java.util.HashMap<>();
    List<Object> args = s.args();
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if ((a instanceof Double || a instanceof Float) && !ExactFloats.safeAsJsonNumber(((Number) a).doubleValue())) {
        exact.put(i + 1, ExactFloats.exponent(((Number) a).doubleValue()));
      }
    }
    String sql = s.sql();
    if (!exact.isEmpty()) {
      String rewritten = ExactFloats.castParameters(sql, exact);
      if (rewritten == null) {
        exact.clear();
      } else {
        sql = rewritten;
      }
    }
    g.writeStartObject();
    g.writeStringField("sql", sql);
    g.writeArrayFieldStart("args");
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (exact.containsKey(i + 1)) {
        g.writeStartObject();
        g.writeStringField("type", "integer");
        g.writeStringField("value", Long.toString(ExactFloats.significand(((Number) a).doubleValue())));
        g.writeEndObject();
      } else {
        HranaValues.write(g, a);
      }
    }
    g.writeEndArray();
    g.writeBooleanField("want_rows", s.wantRows());
    g.writeEndObject();
  }

  private static void writeCondition(JsonGenerator g, HranaCondition c) throws IOException {
    g.writeStartObject();
    if (c instanceof HranaCondition.Step) {
      HranaCondition.Step s = (HranaCondition.Step) c;
      g.writeStringField("type", s.kind());
      g.writeNumberField("step", s.step());
    } else if (c instanceof HranaCondition.Not) {
      g.writeStringField("type", "not");
      g.writeFieldName("cond");
      writeCondition(g, ((HranaCondition.Not) c).cond());
    } else if (c instanceof HranaCondition.Junction) {
      HranaCondition.Junction j = (HranaCondition.Junction) c;
      g.writeStringField("type", j.kind());
      g.writeArrayFieldStart("conds");
      for (HranaCondition x : j.conds()) {
        writeCondition(g, x);
      }
      g.writeEndArray();
    } else if (c instanceof HranaCondition.Autocommit) {
      g.writeStringField("type", "is_autocommit");
    } else {
      throw new IllegalArgumentException("unknown condition " + c);
    }
    g.writeEndObject();
  }

  /**
   * Parses a pipeline reply body.
   *
   * @param body the HTTP body
   * @param expectedResults how many requests were sent (the reply must have as many results)
   * @throws HranaProtocolException when the body is not a complete, well-formed reply
   */
  public static PipelineResponse parsePipeline(byte[] body, int expectedResults) {
    if (body == null || body.length == 0) {
      throw new HranaProtocolException("empty body");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote part of the body; keep only the location.
      throw new HranaProtocolException("not valid JSON (truncated or corrupt, " + body.length
          + " bytes) at " + e.getLocation());
    } catch (IOException e) {
      throw new HranaProtocolException("unreadable body: " + e.getClass().getSimpleName());
    }
    if (root == null || !root.isObject()) {
      throw new HranaProtocolException("top level is not a JSON object");
    }
    JsonNode results = root.get("results");
    if (results == null || !results.isArray()) {
      throw new HranaProtocolException("no 'results' array");
    }
    if (results.size() != expectedResults) {
      throw new HranaProtocolException("expected " + expectedResults + " results, got " + results.size());
    }
    List<Object> parsed = new ArrayList<>(results.size());
    for (JsonNode r : results) {
      parsed.add(parseResult(r));
    }
    return new PipelineResponse(optionalText(root, "baton"), optionalText(root, "base_url"), parsed);
  }

  private static Object parseResult(JsonNode r) {
    if (!r.isObject()) {
      throw new HranaProtocolException("a result is not an object");
    }
    String type = r.path("type").asText("");
    if (type.equals("error")) {
      JsonNode e = r.get("error");
      if (e == null || !e.isObject()) {
        throw new HranaProtocolException("error result without 'error' object");
      }
      return new RequestError(e.path("message").asText(""), optionalText(e, "code"));
    }
    if (!type.equals("ok")) {
      throw new HranaProtocolException("unknown result type '" + HranaValues.abbreviate(type) + "'");
    }
    JsonNode resp = r.get("response");
    if (resp == null || !resp.isObject()) {
      throw new HranaProtocolException("ok result without 'response'");
    }
    String rtype = resp.path("type").asText("");
    JsonNode result = resp.get("result");
    switch (rtype) {
      case "close":
        return new HranaResult(List.of(), List.of(), 0, null);
      case "execute":
        return parseStmtResult(result);
      case "batch":
        return parseBatchResult(result);
      default:
        throw new HranaProtocolException("unexpected response type '" + HranaValues.abbreviate(rtype) + "'");
    }
  }

  private static HranaResult parseStmtResult(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new HranaProtocolException("statement result is not an object");
    }
    JsonNode cols = n.get("cols");
    JsonNode rows = n.get("rows");
    if (cols == null || !cols.isArray() || rows == null || !rows.isArray()) {
      throw new HranaProtocolException("statement result without 'cols' and 'rows' arrays");
    }
    List<String> names = new ArrayList<>(cols.size());
    for (JsonNode c : cols) {
      JsonNode name = c.get("name");
      names.add(name == null || name.isNull() ? "" : name.asText());
    }
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      if (!row.isArray() || row.size() != names.size()) {
        throw new HranaProtocolException("a row does not have " + names.size() + " values");
      }
      List<Object> values = new ArrayList<>(row.size());
      for (JsonNode v : row) {
        values.add(HranaValues.read(v));
      }
      out.add(values);
    }
    JsonNode affected = n.get("affected_row_count");
    JsonNode rowid = n.get("last_insert_rowid");
    Long lastRowid = null;
    if (rowid != null && !rowid.isNull()) {
      try {
        lastRowid = rowid.isTextual() ? Long.parseLong(rowid.textValue()) : rowid.longValue();
      } catch (NumberFormatException e) {
        throw new HranaProtocolException("last_insert_rowid is not an integer");
      }
    }
    return new HranaResult(names, out, affected == null ? 0 : affected.asLong(0), lastRowid);
  }

  private static HranaBatchResult parseBatchResult(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new HranaProtocolException("batch result is not an object");
    }
    JsonNode results = n.get("step_results");
    JsonNode errors = n.get("step_errors");
    if (results == null || !results.isArray() || errors == null || !errors.isArray()) {
      throw new HranaProtocolException("batch result without 'step_results' and 'step_errors' arrays");
    }
    List<HranaResult> rs = new ArrayList<>(results.size());
    for (JsonNode r : results) {
      rs.add(r == null || r.isNull() ? null : parseStmtResult(r));
    }
    List<HranaBatchResult.StepError> es = new ArrayList<>(errors.size());
    for (JsonNode e : errors) {
      es.add(e == null || e.isNull() ? null
          : new HranaBatchResult.StepError(e.path("message").asText(""), optionalText(e, "code")));
    }
    return new HranaBatchResult(rs, es);
  }

  private static String optionalText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * Maps a non-2xx HTTP status to the exception callers see; the body is quoted only in part and
   * redacted, and credentials are never part of the message.
   *
   * @param status the HTTP status
   * @param body the reply body (may be empty)
   * @param endpoint a description of the server without credentials
   * @return the exception to throw, or null for a 2xx status
   */
  public static MemoryGraphException mapHttpStatus(int status, byte[] body, String endpoint) {
    if (status >= 200 && status < 300) {
      return null;
    }
    String snippet = snippet(body);
    if (status == 401 || status == 403) {
      return new AuthenticationException("Turso server " + endpoint + " refused the credentials (HTTP "
          + status + "): check TURSO_AUTH_TOKEN (missing, expired, or without access to this database)"
          + (snippet.isEmpty() ? "" : "; server said: " + snippet));
    }
    return new BackendUnavailableException("Turso server " + endpoint + " answered HTTP " + status
        + (snippet.isEmpty() ? "" : ": " + snippet));
  }

  /** Whether an HTTP status is a server-side failure worth retrying for idempotent requests. */
  public static boolean isRetryableStatus(int status) {
    return status >= 500 && status <= 599;
  }

  private static String snippet(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String s = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8)
        .replaceAll("[\\r\\n\\t]+", " ").strip();
    return MemoryGraphException.redact(s);
  }
}
