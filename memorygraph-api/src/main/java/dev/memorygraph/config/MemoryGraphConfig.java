package dev.memorygraph.config;

import dev.memorygraph.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Settings keyed by the environment variable names of the design ({@code MEMORY_BACKEND},
 * {@code MEMORY_SQLITE_PATH}, {@code TURSO_AUTH_TOKEN}...).
 *
 * <p>{@link #fromEnvironment()} reads the process environment; explicit values set through the
 * {@link Builder} override it. Typed getters name the offending key when a value does not parse.
 * {@link #toString()} and {@link #redacted()} hide every secret (keys containing PASSWORD, TOKEN
 * or SECRET). Instances are immutable.
 */
public final class MemoryGraphConfig {
  private static final Pattern SECRET = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|CREDENTIAL).*");
  private final Map<String, String> values;

  private MemoryGraphConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** The process environment. */
  public static MemoryGraphConfig fromEnvironment() {
    return builder().putAll(System.getenv()).build();
  }

  /** Exactly these settings, no environment. */
  public static MemoryGraphConfig of(Map<String, String> values) {
    return builder().putAll(values).build();
  }

  /** An empty builder (add {@link Builder#putAll} of {@code System.getenv()} to start from it). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder().putAll(values);
  }

  /** A copy with one setting changed (null removes it). */
  public MemoryGraphConfig with(String key, String value) {
    return toBuilder().set(key, value).build();
  }

  /** The raw value, empty when unset or blank. */
  public Optional<String> get(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** The first set value among several keys (for aliases such as NEO4J_URI). */
  public Optional<String> first(String... keys) {
    for (String k : keys) {
      Optional<String> v = get(k);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  /** The value or a default. */
  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  /** An integer setting; a malformed value is a {@link ValidationException} naming the key. */
  public int getInt(String key, int defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new ValidationException(key, "must be an integer (was '" + shown(key, v.get()) + "')");
    }
  }

  /** A boolean setting: true/false, yes/no, 1/0, on/off. */
  public boolean getBoolean(String key, boolean defaultValue) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "1": case "on": return true;
      case "false": case "no": case "0": case "off": return false;
      default:
        throw new ValidationException(key, "must be true or false (was '" + shown(key, v.get()) + "')");
    }
  }

  /** A duration given in whole seconds, zero or more. */
  public Duration getSeconds(String key, Duration defaultValue) {
    int s = getInt(key, (int) defaultValue.getSeconds());
    if (s < 0) {
      throw new ValidationException(key, "must be zero or more seconds (was " + s + ")");
    }
    return Duration.ofSeconds(s);
  }

  /** A file path; a leading {@code ~} means the user's home directory. */
  public Path getPath(String key, Path defaultValue) {
    return get(key).map(MemoryGraphConfig::expandHome).orElse(defaultValue);
  }

  /** The chosen backend name, lower-cased ({@code sqlite} when unset). */
  public String backend() {
    return get(ConfigKeys.MEMORY_BACKEND, "sqlite").toLowerCase(Locale.ROOT);
  }

  /** Whether same-type cycles are allowed ({@code MEMORY_ALLOW_CYCLES}, default true). */
  public boolean allowCycles() {
    return getBoolean(ConfigKeys.MEMORY_ALLOW_CYCLES, true);
  }

  /** The SQLite file ({@code MEMORY_SQLITE_PATH}, default {@code ~/.memorygraph/memory.db}). */
  public Path sqlitePath() {
    return getPath(ConfigKeys.MEMORY_SQLITE_PATH, defaultSqlitePath());
  }

  /** {@code ~/.memorygraph/memory.db}. */
  public static Path defaultSqlitePath() {
    return Path.of(System.getProperty("user.home"), ".memorygraph", "memory.db");
  }

  /**
   * Checks the settings every backend shares: the backend name's form, booleans and integers.
   * Backend-specific checks live in each backend's own config.
   *
   * @return this, for chaining
   * @throws ValidationException naming the first bad key
   */
  public MemoryGraphConfig validate() {
    String b = backend();
    if (!b.matches("[a-z0-9_-]{1,40}")) {
      throw new ValidationException(ConfigKeys.MEMORY_BACKEND, "is not a backend name: '" + b + "'");
    }
    allowCycles();
    getBoolean(ConfigKeys.MEMORY_TURSO_AUTO_SYNC, true);
    getSeconds(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, Duration.ofSeconds(300));
    return this;
  }

  /** Whether a key holds a secret (its value is never shown). */
  public static boolean isSecretKey(String key) {
    return SECRET.matcher(key.toUpperCase(Locale.ROOT)).matches();
  }

  /**
   * The settings relevant to this library (keys starting with MEMORY_, TURSO_ or NEO4J_), with
   * secret values replaced by {@code ***}.
   */
  public Map<String, String> redacted() {
    TreeMap<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (ConfigKeys.isLibraryKey(k)) {
        out.put(k, isSecretKey(k) ? "***" : v);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "MemoryGraphConfig" + redacted();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemoryGraphConfig && ((MemoryGraphConfig) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values);
  }

  private static String shown(String key, String value) {
    return isSecretKey(key) ? "***" : value;
  }

  private static Path expandHome(String p) {
    if (p.equals("~")) {
      return Path.of(System.getProperty("user.home"));
    }
    if (p.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"), p.substring(2));
    }
    return Path.of(p);
  }

  /** Builds a {@link MemoryGraphConfig}. */
  public static final class Builder {
    private final TreeMap<String, String> values = new TreeMap<>();

    private Builder() {}

    /** Sets one key (null removes it). */
    public Builder set(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value == null) {
        values.remove(key);
      } else {
        values.put(key, value);
      }
      return this;
    }

    /** Sets many keys; later calls override earlier ones. */
    public Builder putAll(Map<String, String> map) {
      map.forEach(this::set);
      return this;
    }

    /** Sets {@code MEMORY_BACKEND}. */
    public Builder backend(String name) {
      return set(ConfigKeys.MEMORY_BACKEND, name);
    }

    /** Builds the config. */
    public MemoryGraphConfig build() {
      return new MemoryGraphConfig(values);
    }
  }
}
