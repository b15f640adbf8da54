package dev.memorygraph.turso;

import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.turso.hrana.HranaClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The Turso backend's settings, and which mode they select.
 *
 * <p>{@code MEMORY_TURSO_PATH} only: {@link Mode#LOCAL} (a local SQLite file, same store and speed
 * as the sqlite backend). {@code TURSO_DATABASE_URL} only: {@link Mode#REMOTE} (every read and
 * write goes to the server). Both: {@link Mode#REPLICA} (an embedded replica of the remote
 * primary in the local path, synchronised with {@code sync()}).
 *
 * @param path the local file (LOCAL) or replica directory (REPLICA), or null
 * @param url the primary's URL ({@code libsql://}, {@code https://}, {@code http://}), or null
 * @param authToken supplies the token before every request (may return null for none); the
 *     token is never shown by {@link #toString()}
 * @param autoSync whether a replica syncs when it connects ({@code MEMORY_TURSO_AUTO_SYNC},
 *     default true)
 * @param syncInterval background sync period of a replica, zero for none
 *     ({@code MEMORY_TURSO_SYNC_INTERVAL} in seconds, default 300)
 * @param allowCycles whether same-type cycles are allowed ({@code MEMORY_ALLOW_CYCLES})
 * @param connectTimeout HTTP connect timeout
 * @param requestTimeout HTTP request timeout
 */
public record TursoConfig(Path path, String url, Supplier<String> authToken, boolean autoSync,
    Duration syncInterval, boolean allowCycles, Duration connectTimeout, Duration requestTimeout) {

  /** Default background sync period. */
  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(300);

  /** How the backend stores data. */
  public enum Mode {
    /** A local file only. */
    LOCAL,
    /** A remote server only, over HTTP. */
    REMOTE,
    /** A local replica of a remote primary. */
    REPLICA
  }

  /** Fills defaults (no token provider = no token). */
  public TursoConfig {
    url = url == null || url.isBlank() ? null : url.strip();
    authToken = authToken == null ? () -> null : authToken;
    syncInterval = syncInterval == null ? DEFAULT_SYNC_INTERVAL : syncInterval;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
  }

  /**
   * Reads the settings: {@code MEMORY_TURSO_PATH}, {@code TURSO_DATABASE_URL},
   * {@code TURSO_AUTH_TOKEN}, {@code MEMORY_TURSO_AUTO_SYNC}, {@code MEMORY_TURSO_SYNC_INTERVAL},
   * {@code MEMORY_ALLOW_CYCLES}.
   *
   * @throws ValidationException naming the key of a malformed value
   */
  public static TursoConfig from(MemoryGraphConfig c) {
    Path path = c.get(ConfigKeys.MEMORY_TURSO_PATH).isPresent()
        ? c.getPath(ConfigKeys.MEMORY_TURSO_PATH, null) : null;
    String token = c.get(ConfigKeys.TURSO_AUTH_TOKEN).orElse(null);
    return new TursoConfig(path, c.get(ConfigKeys.TURSO_DATABASE_URL).orElse(null), () -> token,
        c.getBoolean(ConfigKeys.MEMORY_TURSO_AUTO_SYNC, true),
        c.getSeconds(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, DEFAULT_SYNC_INTERVAL),
        c.allowCycles(), null, null);
  }

  /** Whether the settings name at least a path or a URL (for {@code MEMORY_BACKEND=auto}). */
  public static boolean isConfigured(MemoryGraphConfig c) {
    return c.get(ConfigKeys.MEMORY_TURSO_PATH).isPresent() || c.get(ConfigKeys.TURSO_DATABASE_URL).isPresent();
  }

  /** The mode these settings select. */
  public Mode mode() {
    if (url != null) {
      return path != null ? Mode.REPLICA : Mode.REMOTE;
    }
    return Mode.LOCAL;
  }

  /**
   * Checks the settings.
   *
   * @return this
   * @throws ValidationException naming the offending key
   */
  public TursoConfig validate() {
    if (path == null && url == null) {
      throw new ValidationException(ConfigKeys.MEMORY_TURSO_PATH,
          "set MEMORY_TURSO_PATH (local file), TURSO_DATABASE_URL (remote), or both (embedded replica)");
    }
    if (url != null) {
      HranaClient.normalizeUrl(url);
    }
    if (syncInterval.isNegative()) {
      throw new ValidationException(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "must be zero or more seconds");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new ValidationException("connect_timeout", "must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new ValidationException("request_timeout", "must be positive");
    }
    return this;
  }

  /** An HTTP client for {@link #url()} with these timeouts and token. */
  public HranaClient newClient() {
    return HranaClient.builder().url(url).authToken(authToken)
        .connectTimeout(connectTimeout).requestTimeout(requestTimeout).build();
  }

  /** Shows the mode, path and URL (without query or credentials), never the token. */
  @Override
  public String toString() {
    return "TursoConfig[mode=" + (path == null && url == null ? "none" : mode()) + ", path=" + path
        + ", url=" + (url == null ? null : safeUrl(url)) + ", autoSync=" + autoSync
        + ", syncInterval=" + syncInterval + ", allowCycles=" + allowCycles + "]";
  }

  private static String safeUrl(String url) {
    try {
      return HranaClient.normalizeUrl(url);
    } catch (RuntimeException e) {
      return "(invalid)";
    }
  }
}
