package dev.memorygraph.spi;

import dev.memorygraph.config.MemoryGraphConfig;
import java.util.Set;

/**
 * Creates a backend; found through {@link java.util.ServiceLoader}.
 *
 * <p>Each backend module lists its provider in
 * {@code META-INF/services/dev.memorygraph.spi.GraphBackendProvider}. Providers must be cheap to
 * instantiate (no connections in the constructor).
 */
public interface GraphBackendProvider {

  /** The stable name matched by {@code MEMORY_BACKEND}, lower case. */
  String name();

  /** Other names accepted for this backend. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** One line for listings. */
  default String description() {
    return name();
  }

  /**
   * Whether the configuration holds what this backend needs (for {@code MEMORY_BACKEND=auto}).
   * Must not connect anywhere.
   */
  boolean isConfigured(MemoryGraphConfig config);

  /** Order tried by {@code auto}: higher first. The embedded default uses 0. */
  default int autoPriority() {
    return 0;
  }

  /**
   * Creates an unconnected backend.
   *
   * @throws dev.memorygraph.ValidationException naming the setting when the configuration is bad
   */
  GraphBackend create(MemoryGraphConfig config);
}
