package dev.memorygraph.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of a health check. Details never contain secrets.
 *
 * @param healthy whether the backend answered correctly
 * @param backend the backend's name
 * @param serverVersion the database's version, or null when unknown
 * @param memoryCount memories stored (-1 when unhealthy)
 * @param relationshipCount relationships stored (-1 when unhealthy)
 * @param latency how long the check took
 * @param checkedAt when it ran
 * @param details backend-specific facts (path, mode, edition, sync status...), sorted by key
 * @param error what went wrong, or null
 */
public record HealthStatus(boolean healthy, String backend, String serverVersion, long memoryCount,
    long relationshipCount, Duration latency, Instant checkedAt, Map<String, String> details,
    String error) {

  /** Copies the details into key order. */
  public HealthStatus {
    details = details == null || details.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(details));
  }
}
