package dev.memorygraph.model;

import dev.memorygraph.ValidationException;
import java.time.Instant;
import java.util.UUID;

/**
 * A typed, directed edge between two memories, with evidence scores and bi-temporal validity.
 *
 * <p>Validity time: the relationship holds from {@code validFrom} (inclusive) until
 * {@code validUntil} (exclusive; null means it still holds). Transaction time:
 * {@code recordedAt} is when it was written. Invalidating a relationship sets
 * {@code validUntil} (and optionally {@code invalidatedBy}) and keeps it for history.
 * Self-loops are rejected.
 *
 * @param id unique id
 * @param fromId the source memory
 * @param toId the target memory; never equal to {@code fromId}
 * @param type the relationship type
 * @param strength in [0, 1]
 * @param confidence in [0, 1]
 * @param context free text explaining the link, or null
 * @param evidenceCount observations supporting it (default 1)
 * @param successRate in [0, 1], or null when unknown
 * @param createdAt when it was created
 * @param lastValidated when it was last confirmed
 * @param validationCount how often it was confirmed
 * @param counterEvidenceCount observations against it
 * @param validFrom start of validity
 * @param validUntil end of validity (exclusive), null while current
 * @param recordedAt when it was recorded
 * @param invalidatedBy the id of the relationship that superseded it, or null
 */
public record Relationship(
    String id,
    String fromId,
    String toId,
    RelationshipType type,
    double strength,
    double confidence,
    String context,
    long evidenceCount,
    Double successRate,
    Instant createdAt,
    Instant lastValidated,
    long validationCount,
    long counterEvidenceCount,
    Instant validFrom,
    Instant validUntil,
    Instant recordedAt,
    String invalidatedBy) {

  /** Validates every field. */
  public Relationship {
    id = Validation.id("id", id);
    fromId = Validation.id("from_id", fromId);
    toId = Validation.id("to_id", toId);
    if (fromId.equals(toId)) {
      throw new ValidationException("to_id", "must differ from from_id (self-loops are not allowed)");
    }
    type = Validation.notNull("type", type);
    strength = Validation.unit("strength", strength);
    confidence = Validation.unit("confidence", confidence);
    context = Validation.optionalText("context", context, Validation.MAX_RELATIONSHIP_CONTEXT);
    evidenceCount = Validation.nonNegative("evidence_count", evidenceCount);
    successRate = Validation.optionalUnit("success_rate", successRate);
    createdAt = Validation.instant("created_at", createdAt);
    lastValidated = Validation.instant("last_validated", lastValidated);
    validationCount = Validation.nonNegative("validation_count", validationCount);
    counterEvidenceCount = Validation.nonNegative("counter_evidence_count", counterEvidenceCount);
    validFrom = Validation.instant("valid_from", validFrom);
    validUntil = Validation.optionalInstant("valid_until", validUntil);
    if (validUntil != null && validUntil.isBefore(validFrom)) {
      throw new ValidationException("valid_until", "must not be before valid_from");
    }
    recordedAt = Validation.instant("recorded_at", recordedAt);
    invalidatedBy = Validation.optionalId("invalidated_by", invalidatedBy);
  }

  /** True while the relationship has not been invalidated. */
  public boolean isCurrent() {
    return validUntil == null;
  }

  /** True when the relationship held at the given instant. */
  public boolean isValidAt(Instant t) {
    return !validFrom.isAfter(t) && (validUntil == null || t.isBefore(validUntil));
  }

  /** The memory at the other end from {@code memoryId}. */
  public String otherEnd(String memoryId) {
    return fromId.equals(memoryId) ? toId : fromId;
  }

  /** A builder; strength and confidence default to the type's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for a relationship of the given endpoints and type. */
  public static Builder builder(String fromId, String toId, RelationshipType type) {
    return new Builder().fromId(fromId).toId(toId).type(type);
  }

  /** A builder starting from this relationship's values. */
  public Builder toBuilder() {
    return new Builder().id(id).fromId(fromId).toId(toId).type(type).strength(strength)
        .confidence(confidence).context(context).evidenceCount(evidenceCount)
        .successRate(successRate).createdAt(createdAt).lastValidated(lastValidated)
        .validationCount(validationCount).counterEvidenceCount(counterEvidenceCount)
        .validFrom(validFrom).validUntil(validUntil).recordedAt(recordedAt)
        .invalidatedBy(invalidatedBy);
  }

  /** Builds a {@link Relationship}; validation happens in {@link #build()}. */
  public static final class Builder {
    private String id;
    private String fromId;
    private String toId;
    private RelationshipType type;
    private Double strength;
    private Double confidence;
    private String context;
    private long evidenceCount = 1;
    private Double successRate;
    private Instant createdAt;
    private Instant lastValidated;
    private long validationCount;
    private long counterEvidenceCount;
    private Instant validFrom;
    private Instant validUntil;
    private Instant recordedAt;
    private String invalidatedBy;

    private Builder() {}

    /** Sets the id; a random UUID is used when none is set. */
    public Builder id(String v) { this.id = v; return this; }
    /** Sets the source memory id. */
    public Builder fromId(String v) { this.fromId = v; return this; }
    /** Sets the target memory id. */
    public Builder toId(String v) { this.toId = v; return this; }
    /** Sets the type. */
    public Builder type(RelationshipType v) { this.type = v; return this; }
    /** Sets the strength (default: the type's). */
    public Builder strength(double v) { this.strength = v; return this; }
    /** Sets the confidence (default: the type's). */
    public Builder confidence(double v) { this.confidence = v; return this; }
    /** Sets the explanatory context text. */
    public Builder context(String v) { this.context = v; return this; }
    /** Sets the evidence count (default 1). */
    public Builder evidenceCount(long v) { this.evidenceCount = v; return this; }
    /** Sets the success rate. */
    public Builder successRate(Double v) { this.successRate = v; return this; }
    /** Sets the creation time (default now). */
    public Builder createdAt(Instant v) { this.createdAt = v; return this; }
    /** Sets the last validation time (default: the creation time). */
    public Builder lastValidated(Instant v) { this.lastValidated = v; return this; }
    /** Sets the validation count. */
    public Builder validationCount(long v) { this.validationCount = v; return this; }
    /** Sets the counter-evidence count. */
    public Builder counterEvidenceCount(long v) { this.counterEvidenceCount = v; return this; }
    /** Sets the start of validity (default: the creation time). */
    public Builder validFrom(Instant v) { this.validFrom = v; return this; }
    /** Sets the end of validity. */
    public Builder validUntil(Instant v) { this.validUntil = v; return this; }
    /** Sets the recording time (default: the creation time). */
    public Builder recordedAt(Instant v) { this.recordedAt = v; return this; }
    /** Sets the superseding relationship's id. */
    public Builder invalidatedBy(String v) { this.invalidatedBy = v; return this; }

    /** Fills defaults, validates and builds the relationship. */
    public Relationship build() {
      Validation.notNull("type", type);
      Instant created = createdAt != null ? createdAt : Validation.now();
      return new Relationship(id != null ? id : UUID.randomUUID().toString(), fromId, toId, type,
          strength != null ? strength : type.defaultStrength(),
          confidence != null ? confidence : type.defaultConfidence(),
          context, evidenceCount, successRate, created,
          lastValidated != null ? lastValidated : created, validationCount, counterEvidenceCount,
          validFrom != null ? validFrom : created, validUntil,
          recordedAt != null ? recordedAt : created, invalidatedBy);
    }
  }
}
