package dev.memorygraph.spi;

import dev.memorygraph.ValidationException;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import dev.memorygraph.model.Validation;
import java.time.Instant;

/**
 * The write rules every backend applies inside its own transaction, kept in one place so that
 * they cannot drift apart between backends.
 */
public final class WriteRules {
  private WriteRules() {}

  /**
   * The memory to write when storing {@code incoming}: as given when new; when replacing
   * {@code existing}, the creation time is kept, {@code updatedAt} is {@code now} and the version
   * is the old version plus one.
   *
   * @param existing the stored memory with the same id, or null
   */
  public static Memory upsert(Memory existing, Memory incoming, Instant now) {
    if (existing == null) {
      return incoming;
    }
    return incoming.toBuilder()
        .createdAt(existing.createdAt())
        .updatedAt(now.isBefore(existing.createdAt()) ? existing.createdAt() : now)
        .version(existing.version() + 1)
        .build();
  }

  /**
   * The relationship after invalidation at {@code at}: unchanged when already invalidated.
   *
   * @throws ValidationException naming {@code valid_until} when {@code at} precedes validFrom
   */
  public static Relationship invalidate(Relationship r, Instant at, String invalidatedBy) {
    if (!r.isCurrent()) {
      return r;
    }
    Instant when = Validation.instant("valid_until", at == null ? Validation.now() : at);
    if (when.isBefore(r.validFrom())) {
      throw new ValidationException("valid_until", "must not be before the relationship's valid_from " + r.validFrom());
    }
    return r.toBuilder().validUntil(when)
        .invalidatedBy(invalidatedBy == null ? r.invalidatedBy() : invalidatedBy).build();
  }
}
