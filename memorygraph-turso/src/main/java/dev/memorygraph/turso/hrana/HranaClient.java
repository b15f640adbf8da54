package dev.memorygraph.turso.hrana;

import dev.memorygraph.AuthenticationException;
import dev.memorygraph.BackendUnavailableException;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.ValidationException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client for the Hrana-over-HTTP protocol ({@code POST /v2/pipeline}) spoken by Turso
 * Cloud, {@code sqld} and {@code tursodb --sync-server}.
 *
 * <p><b>Why hand-written.</b> No library on Maven Central speaks this protocol: the
 * {@code com.turso:libsql-jdbc} artifact named in early designs does not exist, and the only
 * pure-Java libSQL JDBC driver published there ({@code com.dbeaver.jdbc.driver.libsql}) speaks
 * only the legacy {@code POST /} API, which has no transactions across statements and which
 * {@code tursodb} rejects. The protocol is small (JSON over one endpoint), so this class carries
 * it on {@link java.net.http.HttpClient} and Jackson.
 *
 * <p><b>Requests.</b> Bodies are sent with a {@code Content-Length} (chunked bodies break
 * {@code tursodb}). {@link #query} is for reads, {@link #execute} for single statements that may
 * write, {@link #executeAtomic} for multi-statement writes: it sends ONE batch,
 * {@code BEGIN IMMEDIATE}, each statement conditioned on the success of the previous step,
 * {@code COMMIT} if the last statement succeeded and {@code ROLLBACK} unless {@code COMMIT}
 * succeeded, which is the only batch shape measured to be atomic on both {@code tursodb} and
 * Turso Cloud.
 *
 * <p><b>Retries.</b> Network failures and HTTP 5xx are retried with exponential backoff, never
 * statement errors (they would fail again). Reads ({@link #query}) are retried whenever the
 * failure allows it. Writes are retried ONLY when the request provably never reached the server
 * (connection refused, connect timeout, or a stream handle the server no longer knows): after a
 * lost reply or a 5xx the write may have been applied, and a blind resend could apply it twice (a
 * second INSERT of a relationship would then report a false conflict, a counter would move twice).
 * Such failures surface as {@link BackendUnavailableException} saying that the outcome is
 * unknown, so the caller can read back and decide.
 *
 * <p><b>Credentials.</b> The token comes from a {@link Supplier} asked before every request, so
 * short-lived tokens can be refreshed; it is sent only in the {@code Authorization: Bearer}
 * header and never appears in exceptions, logs or {@link #toString()}. HTTP 401/403 become
 * {@link AuthenticationException}.
 *
 * <p><b>Streams.</b> On servers that return a baton (Turso Cloud, sqld) the stream is reused by the
 * next request, at the {@code base_url} the server names; a stream the server has expired is
 * dropped and the request resent on a new stream. {@code tursodb} returns no baton, so every
 * request there is independent. Transactions never span requests. Only {@code /v2/pipeline} is
 * used; {@code /v3} (cursors) is not needed for result sets of the sizes the store reads.
 *
 * <p>Thread-safe; one instance is meant to be shared.
 */
public final class HranaClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HranaClient.class);

  private final URI pipelineUri;
  private final String endpoint;
  private final Supplier<String> token;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final AtomicReference<Stream> idleStream = new AtomicReference<>();
  private volatile boolean closed;

  /** A stream handle returned by the server, and where to send it. */
  private record Stream(String baton, URI uri) {
    @Override
    public String toString() {
      return "Stream[***]";
    }
  }

  private HranaClient(Builder b) {
    Target t = parseUrl(b.url);
    this.pipelineUri = t.pipeline;
    this.endpoint = t.endpoint;
    Supplier<String> explicit = b.token;
    String fromUrl = t.tokenFromQuery;
    this.token = explicit != null ? explicit : (fromUrl != null ? () -> fromUrl : () -> null);
    this.requestTimeout = positive("request timeout", b.requestTimeout);
    this.maxAttempts = Math.max(1, b.maxAttempts);
    this.initialBackoff = positive("initial backoff", b.initialBackoff);
    this.maxBackoff = positive("max backoff", b.maxBackoff);
    this.http = HttpClient.newBuilder()
        .connectTimeout(positive("connect timeout", b.connectTimeout))
        // h2c upgrade headers on plain http confuse tursodb; TLS negotiates HTTP/2 by ALPN.
        .version(t.pipeline.getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        // A redirect could carry the Authorization header to another host.
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The server's address without credentials, e.g. {@code https://db.example.io}. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Runs a read-only statement. Retried on network failures and HTTP 5xx.
   *
   * @throws HranaStatementException when the statement fails
   */
  public HranaResult query(HranaStatement statement) {
    return single(statement, true);
  }

  /**
   * Runs one statement that may write (in autocommit mode: it is atomic by itself). Retried only
   * when the request never reached the server.
   *
   * @throws HranaStatementException when the statement fails
   */
  public HranaResult execute(HranaStatement statement) {
    return single(statement, false);
  }

  /**
   * Runs several read-only statements in one round trip, each in autocommit mode (not a snapshot).
   *
   * @return one result per statement
   * @throws HranaStatementException for the first statement that failed
   */
  public List<HranaResult> queryAll(List<HranaStatement> statements) {
    if (statements.isEmpty()) {
      return List.of();
    }
    List<HranaProtocol.Request> reqs = new ArrayList<>(statements.size());
    for (HranaStatement s : statements) {
      reqs.add(new HranaProtocol.Execute(s));
    }
    List<Object> results = send(reqs, true).results();
    List<HranaResult> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      out.add(asResult(results.get(i), i));
    }
    return out;
  }

  /**
   * Runs statements as ONE atomic transaction in ONE request: either all of them take effect or
   * none does.
   *
   * @return one result per statement
   * @throws HranaStatementException naming the index of the failing statement (nothing applied)
   */
  public List<HranaResult> executeAtomic(List<HranaStatement> statements) {
    int n = statements.size();
    if (n == 0) {
      return List.of();
    }
    HranaBatchResult r = batch(atomicSteps(statements), false);
    return atomicOutcome(r, n);
  }

  /**
   * The batch steps of an atomic transaction over {@code statements}: step 0 {@code BEGIN
   * IMMEDIATE}, step i+1 statement i if step i succeeded, step n+1 {@code COMMIT} if step n
   * succeeded, step n+2 {@code ROLLBACK} unless {@code COMMIT} succeeded.
   */
  public static List<HranaBatchStep> atomicSteps(List<HranaStatement> statements) {
    int n = statements.size();
    List<HranaBatchStep> steps = new ArrayList<>(n + 3);
    steps.add(new HranaBatchStep(null, new HranaStatement("BEGIN IMMEDIATE", List.of(), false)));
    for (int i = 0; i < n; i++) {
      steps.add(new HranaBatchStep(HranaCondition.ok(i), statements.get(i)));
    }
    steps.add(new HranaBatchStep(HranaCondition.ok(n), new HranaStatement("COMMIT", List.of(), false)));
    steps.add(new HranaBatchStep(HranaCondition.not(HranaCondition.ok(n + 1)),
        new HranaStatement("ROLLBACK", List.of(), false)));
    return steps;
  }

  /**
   * Interprets the reply to {@link #atomicSteps}: the statements' results when COMMIT succeeded,
   * otherwise the exception for the first failing step.
   *
   * @param r the batch reply
   * @param n how many caller statements the batch held
   * @throws HranaStatementException when a step failed (statement index, or -1 for BEGIN/COMMIT)
   * @throws HranaProtocolException when the reply does not match the batch sent
   */
  public static List<HranaResult> atomicOutcome(HranaBatchResult r, int n) {
    if (r.size() != n + 3) {
      throw new HranaProtocolException("atomic batch of " + (n + 3) + " steps got " + r.size() + " step results");
    }
    for (int step = 0; step <= n + 1; step++) {
      HranaBatchResult.StepError e = r.errors().get(step);
      if (e != null) {
        int index = step >= 1 && step <= n ? step - 1 : -1;
        String what = step == 0 ? "BEGIN IMMEDIATE: " : step == n + 1 ? "COMMIT: " : "";
        throw new HranaStatementException(what + e.message(), e.code(), index);
      }
      if (r.results().get(step) == null) {
        // Skipped without an earlier error: the server did not evaluate the conditions as sent.
        throw new HranaProtocolException("atomic batch step " + step + " was skipped without an error");
      }
    }
    return new ArrayList<>(r.results().subList(1, n + 1));
  }

  /**
   * Runs a raw batch (steps with conditions) in one request. Most callers want
   * {@link #executeAtomic}; a batch is atomic only in that shape.
   *
   * @param idempotent whether resending after a lost reply is harmless (e.g. read-only)
   */
  public HranaBatchResult batch(List<HranaBatchStep> steps, boolean idempotent) {
    Object r = send(List.of(new HranaProtocol.Batch(steps)), idempotent).results().get(0);
    if (r instanceof HranaProtocol.RequestError) {
      HranaProtocol.RequestError e = (HranaProtocol.RequestError) r;
      throw new HranaStatementException(e.message(), e.code(), -1);
    }
    if (!(r instanceof HranaBatchResult)) {
      throw new HranaProtocolException("a batch request got a " + r.getClass().getSimpleName());
    }
    return (HranaBatchResult) r;
  }

  private HranaResult single(HranaStatement statement, boolean idempotent) {
    Objects.requireNonNull(statement, "statement");
    Object r = send(List.of(new HranaProtocol.Execute(statement)), idempotent).results().get(0);
    return asResult(r, 0);
  }

  private static HranaResult asResult(Object r, int index) {
    if (r instanceof HranaProtocol.RequestError) {
      HranaProtocol.RequestError e = (HranaProtocol.RequestError) r;
      throw new HranaStatementException(e.message(), e.code(), index);
    }
    if (!(r instanceof HranaResult)) {
      throw new HranaProtocolException("an execute request got a " + r.getClass().getSimpleName());
    }
    return (HranaResult) r;
  }

  /**
   * Sends a pipeline with the retry policy of the class javadoc.
   *
   * @param idempotent whether the requests may be resent after an unknown outcome
   */
  HranaProtocol.PipelineResponse send(List<HranaProtocol.Request> requests, boolean idempotent) {
    if (closed) {
      throw new BackendUnavailableException("Hrana client for " + endpoint + " is closed");
    }
    int attempt = 0;
    boolean resentForStaleStream = false;
    while (true) {
      attempt++;
      Stream stream = idleStream.getAndSet(null);
      URI uri = stream == null ? pipelineUri : stream.uri();
      byte[] body = HranaProtocol.encodePipeline(stream == null ? null : stream.baton(), requests);
      HttpResponse<byte[]> resp;
      try {
        resp = http.send(newRequest(uri, body), HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpConnectTimeoutException | ConnectException e) {
        // Never delivered: safe to resend, writes included.
        if (attempt < maxAttempts) {
          backoff(attempt, e);
          continue;
        }
        throw new BackendUnavailableException("cannot connect to Turso server " + endpoint + " after "
            + attempt + " attempts: " + e.getClass().getSimpleName(), e);
      } catch (HttpTimeoutException e) {
        if (idempotent && attempt < maxAttempts) {
          backoff(attempt, e);
          continue;
        }
        throw new BackendUnavailableException("Turso server " + endpoint + " did not answer within "
            + requestTimeout + unknownOutcome(idempotent), e);
      } catch (IOException e) {
        if (idempotent && attempt < maxAttempts) {
          backoff(attempt, e);
          continue;
        }
        throw new BackendUnavailableException("connection to Turso server " + endpoint + " failed ("
            + e.getClass().getSimpleName() + ")" + unknownOutcome(idempotent), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendUnavailableException("interrupted while waiting for Turso server " + endpoint, e);
      }
      int status = resp.statusCode();
      if (status >= 200 && status < 300) {
        HranaProtocol.PipelineResponse parsed = HranaProtocol.parsePipeline(resp.body(), requests.size());
        if (parsed.baton() != null && !closed) {
          URI next = parsed.baseUrl() == null ? uri : pipelineAt(parsed.baseUrl());
          // Keep at most one idle stream; an extra one simply expires on the server.
          idleStream.compareAndSet(null, new Stream(parsed.baton(), next));
        }
        return parsed;
      }
      if (stream != null && status >= 400 && status < 500 && status != 401 && status != 403
          && !resentForStaleStream) {
        // The server rejected the stream handle (expired or unknown): nothing ran; resend fresh.
        resentForStaleStream = true;
        attempt--;
        LOG.debug("Turso server {} rejected a stream handle (HTTP {}); resending on a new stream", endpoint, status);
        continue;
      }
      if (HranaProtocol.isRetryableStatus(status) && idempotent && attempt < maxAttempts) {
        backoff(attempt, null);
        continue;
      }
      MemoryGraphException mapped = HranaProtocol.mapHttpStatus(status, resp.body(), endpoint);
      if (mapped instanceof BackendUnavailableException && !(mapped instanceof AuthenticationException)
          && HranaProtocol.isRetryableStatus(status) && !idempotent) {
        throw new BackendUnavailableException(mapped.getMessage() + unknownOutcome(false), mapped);
      }
      throw mapped;
    }
  }

  private static String unknownOutcome(boolean idempotent) {
    return idempotent ? "" : "; the write may or may not have been applied (not resent, to avoid applying it twice)";
  }

  HttpRequest newRequest(URI uri, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        // ofByteArray has a known length, so the body goes out with Content-Length, not chunked.
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    String t = currentToken();
    if (t != null) {
      b.header("Authorization", "Bearer " + t);
    }
    return b.build();
  }

  private String currentToken() {
    String t;
    try {
      t = token.get();
    } catch (RuntimeException e) {
      // The provider's message could quote the token; report only the exception type.
      throw new AuthenticationException("the Turso auth token provider failed (" + e.getClass().getSimpleName() + ")");
    }
    if (t == null || t.isBlank()) {
      return null;
    }
    t = t.strip();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new AuthenticationException("the Turso auth token contains a character not allowed in an HTTP header");
      }
    }
    return t;
  }

  private void backoff(int attempt, Exception cause) {
    long base = initialBackoff.toMillis() << Math.min(attempt - 1, 16);
    long capped = Math.min(base, maxBackoff.toMillis());
    long sleep = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    LOG.debug("Turso server {}: attempt {} failed ({}); retrying in {} ms", endpoint, attempt,
        cause == null ? "HTTP 5xx" : cause.getClass().getSimpleName(), sleep);
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while retrying Turso server " + endpoint, e);
    }
  }

  /** Ends an idle server stream if there is one; further calls fail. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Stream s = idleStream.getAndSet(null);
    if (s != null) {
      try {
        byte[] body = HranaProtocol.encodePipeline(s.baton(), List.of(new HranaProtocol.Close()));
        http.send(newRequest(s.uri(), body), HttpResponse.BodyHandlers.discarding());
      } catch (IOException | RuntimeException e) {
        LOG.debug("closing a stream on {} failed: {}", endpoint, e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Shows the endpoint and whether a token provider is set, never the token. */
  @Override
  public String toString() {
    return "HranaClient[endpoint=" + endpoint + ", timeout=" + requestTimeout + ", attempts=" + maxAttempts + "]";
  }

  // ---- URLs ----

  record Target(URI pipeline, String endpoint, String tokenFromQuery) {
    @Override
    public String toString() {
      return "Target[" + endpoint + "]";
    }
  }

  /**
   * Normalises a database URL: {@code libsql://} and {@code wss://} mean {@code https://},
   * {@code ws://} means {@code http://}; user info is refused; an {@code authToken} query
   * parameter (the libSQL client convention) is taken as the token and never sent in the URL.
   */
  static Target parseUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new ValidationException("TURSO_DATABASE_URL", "is missing");
    }
    URI u;
    try {
      u = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new ValidationException("TURSO_DATABASE_URL", "is not a URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "libsql": case "wss": case "https": scheme = "https"; break;
      case "ws": case "http": scheme = "http"; break;
      default:
        throw new ValidationException("TURSO_DATABASE_URL",
            "must start with libsql://, https:// or http:// (was '" + (scheme.isEmpty() ? "no scheme" : scheme) + "')");
    }
    if (u.getHost() == null) {
      throw new ValidationException("TURSO_DATABASE_URL", "has no host");
    }
    if (u.getRawUserInfo() != null) {
      throw new ValidationException("TURSO_DATABASE_URL",
          "must not contain user info; pass the token through TURSO_AUTH_TOKEN");
    }
    String token = null;
    if (u.getRawQuery() != null) {
      for (String kv : u.getRawQuery().split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0 && kv.substring(0, eq).equals("authToken")) {
          token = java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String base = scheme + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "") + path;
    return new Target(URI.create(base + "/v2/pipeline"), base, token);
  }

  /**
   * Checks and normalises a database URL ({@code libsql://} becomes {@code https://}).
   *
   * @return the base URL without path suffix, query or credentials
   * @throws ValidationException naming {@code TURSO_DATABASE_URL} when the URL is unusable
   */
  public static String normalizeUrl(String url) {
    return parseUrl(url).endpoint();
  }

  private URI pipelineAt(String baseUrl) {
    try {
      URI u = new URI(baseUrl);
      if (u.getScheme() == null || u.getHost() == null) {
        return pipelineUri;
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (!path.endsWith("/v2/pipeline")) {
        path = path + "/v2/pipeline";
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), path, null, null);
    } catch (URISyntaxException e) {
      throw new HranaProtocolException("base_url is not a URL");
    }
  }

  private static Duration positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return d;
  }

  /** Builds a {@link HranaClient}. */
  public static final class Builder {
    private String url;
    private Supplier<String> token;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(2);

    private Builder() {}

    /** The database URL: {@code libsql://}, {@code https://} or {@code http://}. */
    public Builder url(String v) { this.url = v; return this; }
    /** A fixed auth token (null or blank = none). */
    public Builder authToken(String v) { this.token = () -> v; return this; }
    /** A token provider asked before every request (for short-lived tokens). */
    public Builder authToken(Supplier<String> v) { this.token = v; return this; }
    /** How long to wait for a TCP/TLS connection (default 10 s). */
    public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
    /** How long to wait for a reply (default 30 s). */
    public Builder requestTimeout(Duration v) { this.requestTimeout = v; return this; }
    /** Attempts per request including the first (default 4, minimum 1). */
    public Builder maxAttempts(int v) { this.maxAttempts = v; return this; }
    /** First backoff delay, doubled per attempt (default 100 ms). */
    public Builder initialBackoff(Duration v) { this.initialBackoff = v; return this; }
    /** Largest backoff delay (default 2 s). */
    public Builder maxBackoff(Duration v) { this.maxBackoff = v; return this; }

    /** Builds the client (no connection is made yet). */
    public HranaClient build() {
      return new HranaClient(this);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
      return "HranaClient.Builder[url=" + (url == null ? null : MemoryGraphException.redact(url.replaceAll("\\?.*", ""))) + "]";
    }
  }
}
