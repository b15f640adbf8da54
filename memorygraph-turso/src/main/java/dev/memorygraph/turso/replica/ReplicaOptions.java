package dev.memorygraph.turso.replica;

import dev.memorygraph.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of an embedded replica.
 *
 * @param directory folder holding base.db, work.db, local.db and the redo file (created if absent)
 * @param primaryUrl the primary's URL ({@code http(s)://} or {@code libsql://})
 * @param authToken supplies the bearer token, or null; the token is never logged or shown
 * @param autoSync whether {@link ReplicaEngine#open} syncs at once (a first bootstrap always happens)
 * @param syncInterval background sync period; {@link Duration#ZERO} disables the background thread
 * @param requestTimeout timeout of each HTTP request to the primary
 * @param offlineBackoff after a failed contact, writes go straight to the outbox for this long
 * @param trackedTables the tables a publish may bring up to date row by row, from the primary's
 *     change log (installed by {@link ReplicaEngine#ensureChangeLog()}); when empty, or when the
 *     primary holds any other table, every publish copies the whole database
 */
public record ReplicaOptions(
    Path directory,
    String primaryUrl,
    Supplier<String> authToken,
    boolean autoSync,
    Duration syncInterval,
    Duration requestTimeout,
    Duration offlineBackoff,
    List<TrackedTable> trackedTables) {

  /** Validates the settings. */
  public ReplicaOptions {
    if (directory == null) {
      throw new ValidationException("directory", "is required");
    }
    if (primaryUrl == null || primaryUrl.isBlank()) {
      throw new ValidationException("primaryUrl", "is required");
    }
    String lower = primaryUrl.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://") && !lower.startsWith("libsql://")) {
      throw new ValidationException("primaryUrl", "must start with http://, https:// or libsql://");
    }
    syncInterval = Objects.requireNonNullElse(syncInterval, Duration.ofSeconds(300));
    requestTimeout = Objects.requireNonNullElse(requestTimeout, Duration.ofSeconds(30));
    offlineBackoff = Objects.requireNonNullElse(offlineBackoff, Duration.ofSeconds(5));
    trackedTables = trackedTables == null ? List.of() : List.copyOf(trackedTables);
    if (trackedTables.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).distinct().count() != trackedTables.size()) {
      throw new ValidationException("trackedTables", "must not name a table twice");
    }
    if (syncInterval.isNegative()) {
      throw new ValidationException("syncInterval", "must not be negative");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new ValidationException("requestTimeout", "must be positive");
    }
    if (offlineBackoff.isNegative()) {
      throw new ValidationException("offlineBackoff", "must not be negative");
    }
  }

  /** Starts a builder for a replica of {@code primaryUrl} kept in {@code directory}. */
  public static Builder builder(Path directory, String primaryUrl) {
    return new Builder(directory, primaryUrl);
  }

  /** Shows everything but the token. */
  @Override
  public String toString() {
    return "ReplicaOptions[directory=" + directory + ", primaryUrl=" + dev.memorygraph.MemoryGraphException.redact(primaryUrl)
        + ", authToken=" + (authToken == null ? "none" : "***") + ", autoSync=" + autoSync
        + ", syncInterval=" + syncInterval + ", requestTimeout=" + requestTimeout + ", offlineBackoff=" + offlineBackoff
        + ", trackedTables=" + trackedTables + "]";
  }

  /** Builder of {@link ReplicaOptions}. */
  public static final class Builder {
    private final Path directory;
    private final String primaryUrl;
    private Supplier<String> authToken;
    private boolean autoSync = true;
    private Duration syncInterval = Duration.ofSeconds(300);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration offlineBackoff = Duration.ofSeconds(5);
    private List<TrackedTable> trackedTables = List.of();

    private Builder(Path directory, String primaryUrl) {
      this.directory = directory;
      this.primaryUrl = primaryUrl;
    }

    /** Sets the token supplier (secret). */
    public Builder authToken(Supplier<String> token) {
      this.authToken = token;
      return this;
    }

    /** Sync at open (default true). */
    public Builder autoSync(boolean v) {
      this.autoSync = v;
      return this;
    }

    /** Background sync period (default 300 s; zero = off). */
    public Builder syncInterval(Duration v) {
      this.syncInterval = v;
      return this;
    }

    /** HTTP request timeout (default 30 s). */
    public Builder requestTimeout(Duration v) {
      this.requestTimeout = v;
      return this;
    }

    /** How long writes skip contacting an unreachable primary (default 5 s). */
    public Builder offlineBackoff(Duration v) {
      this.offlineBackoff = v;
      return this;
    }

    /** Tables published row by row from the primary's change log (default none: whole-file publishes). */
    public Builder trackedTables(List<TrackedTable> v) {
      this.trackedTables = v;
      return this;
    }

    /** Builds the validated options. */
    public ReplicaOptions build() {
      return new ReplicaOptions(directory, primaryUrl, authToken, autoSync, syncInterval, requestTimeout, offlineBackoff, trackedTables);
    }
  }
}
