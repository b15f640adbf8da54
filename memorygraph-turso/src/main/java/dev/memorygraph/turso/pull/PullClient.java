package dev.memorygraph.turso.pull;

import dev.memorygraph.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Client of the primary's {@code POST /pull-updates} endpoint: sends a {@link PullRequest} and
 * hands the streamed response to a callback through a {@link PullDecoder}, so that pages go
 * straight to disk without being held in memory.
 */
public final class PullClient {
  /** Consumes a pull response while its stream is open. */
  @FunctionalInterface
  public interface StreamHandler<T> {
    /** Reads the header and pages from the decoder. */
    T handle(PullDecoder decoder) throws IOException;
  }

  private final HttpClient http;
  private final URI endpoint;
  private final java.util.function.Supplier<String> authToken;
  private final Duration timeout;

  /**
   * Creates a client.
   *
   * @param baseUrl the primary's base URL ({@code http(s)://host[:port]}; {@code libsql://} maps to https)
   * @param authToken bearer token, or null; never logged
   * @param timeout per-request timeout
   */
  public PullClient(URI baseUrl, String authToken, Duration timeout) {
    this(baseUrl, () -> authToken, timeout);
  }

  /**
   * Creates a client whose token is asked for at every request (tokens may rotate).
   *
   * @param baseUrl the primary's base URL ({@code http(s)://host[:port]}; {@code libsql://} maps to https)
   * @param authToken supplies the bearer token (or null); never logged
   * @param timeout per-request timeout
   */
  public PullClient(URI baseUrl, java.util.function.Supplier<String> authToken, Duration timeout) {
    this.endpoint = httpBase(Objects.requireNonNull(baseUrl, "baseUrl")).resolve("pull-updates");
    this.authToken = authToken == null ? () -> null : authToken;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** Maps {@code libsql://} to {@code https://} and ensures a trailing slash for resolution. */
  static URI httpBase(URI url) {
    String s = url.toString();
    if (s.startsWith("libsql://")) {
      s = "https://" + s.substring("libsql://".length());
    }
    if (!s.startsWith("http://") && !s.startsWith("https://")) {
      throw new IllegalArgumentException("primary url must be http, https or libsql: " + url.getScheme());
    }
    return URI.create(s.endsWith("/") ? s : s + "/");
  }

  /**
   * Performs one pull.
   *
   * @throws BackendUnavailableException when the primary cannot be reached or answers with an HTTP error
   * @throws PullProtocolException when the stream is malformed
   */
  public <T> T pull(PullRequest request, StreamHandler<T> handler) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/protobuf")
        .header("Accept", "application/protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.encode()));
    String token = authToken.get();
    if (token != null && !token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new BackendUnavailableException("page pull from " + endpoint.getHost() + ":" + endpoint.getPort() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("page pull interrupted", e);
    }
    try (InputStream body = resp.body()) {
      if (resp.statusCode() != 200) {
        byte[] text = body.readNBytes(300);
        throw new BackendUnavailableException("page pull: HTTP " + resp.statusCode() + ": " + new String(text, StandardCharsets.UTF_8));
      }
      return handler.handle(new PullDecoder(body));
    } catch (IOException e) {
      throw new BackendUnavailableException("page pull stream failed: " + e, e);
    }
  }
}
