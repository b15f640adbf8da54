package dev.memorygraph.spi;

import java.time.Instant;

/**
 * The one storage encoding of instants shared by every backend: microseconds since the epoch,
 * as a 64-bit integer. Integers order and compare identically in SQL, Cypher and Java, so
 * equality and order agree across backends.
 */
public final class Instants {
  private Instants() {}

  /** Microseconds since the epoch (the instant must already be truncated to micros). */
  public static long toMicros(Instant t) {
    // Not ChronoUnit.MICROS.between: it goes through nanoseconds and overflows before 1678.
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** Null-safe {@link #toMicros(Instant)}. */
  public static Long toMicrosOrNull(Instant t) {
    return t == null ? null : toMicros(t);
  }

  /** The instant for microseconds since the epoch. */
  public static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Null-safe {@link #fromMicros(long)}. */
  public static Instant fromMicrosOrNull(Long micros) {
    return micros == null ? null : fromMicros(micros);
  }
}
