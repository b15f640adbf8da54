package dev.memorygraph.model;

import java.time.Instant;

/**
 * A partial change to a relationship's evidence and scores: null components are unchanged.
 * Endpoints, type and validity are not changed by updates (use invalidation and a new edge).
 *
 * @param strength new strength
 * @param confidence new confidence
 * @param context new context text ("" clears it)
 * @param evidenceCount new evidence count
 * @param successRate new success rate
 * @param lastValidated new last validation time
 * @param validationCount new validation count
 * @param counterEvidenceCount new counter-evidence count
 */
public record RelationshipUpdate(
    Double strength,
    Double confidence,
    String context,
    Long evidenceCount,
    Double successRate,
    Instant lastValidated,
    Long validationCount,
    Long counterEvidenceCount) {

  /** Checks every set component with the same rules as {@link Relationship}. */
  public RelationshipUpdate {
    strength = Validation.optionalUnit("strength", strength);
    confidence = Validation.optionalUnit("confidence", confidence);
    if (context != null && !context.isEmpty()) {
      context = Validation.optionalText("context", context, Validation.MAX_RELATIONSHIP_CONTEXT);
      context = context == null ? "" : context;
    }
    if (evidenceCount != null) {
      Validation.nonNegative("evidence_count", evidenceCount);
    }
    successRate = Validation.optionalUnit("success_rate", successRate);
    lastValidated = Validation.optionalInstant("last_validated", lastValidated);
    if (validationCount != null) {
      Validation.nonNegative("validation_count", validationCount);
    }
    if (counterEvidenceCount != null) {
      Validation.nonNegative("counter_evidence_count", counterEvidenceCount);
    }
  }

  /** The relationship after this change. */
  public Relationship applyTo(Relationship r) {
    return r.toBuilder()
        .strength(strength != null ? strength : r.strength())
        .confidence(confidence != null ? confidence : r.confidence())
        .context(context != null ? context : r.context())
        .evidenceCount(evidenceCount != null ? evidenceCount : r.evidenceCount())
        .successRate(successRate != null ? successRate : r.successRate())
        .lastValidated(lastValidated != null ? lastValidated : r.lastValidated())
        .validationCount(validationCount != null ? validationCount : r.validationCount())
        .counterEvidenceCount(counterEvidenceCount != null ? counterEvidenceCount : r.counterEvidenceCount())
        .build();
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RelationshipUpdate}. */
  public static final class Builder {
    private Double strength;
    private Double confidence;
    private String context;
    private Long evidenceCount;
    private Double successRate;
    private Instant lastValidated;
    private Long validationCount;
    private Long counterEvidenceCount;

    private Builder() {}

    /** Changes the strength. */
    public Builder strength(double v) { this.strength = v; return this; }
    /** Changes the confidence. */
    public Builder confidence(double v) { this.confidence = v; return this; }
    /** Changes the context; "" clears it. */
    public Builder context(String v) { this.context = v; return this; }
    /** Changes the evidence count. */
    public Builder evidenceCount(long v) { this.evidenceCount = v; return this; }
    /** Changes the success rate. */
    public Builder successRate(double v) { this.successRate = v; return this; }
    /** Changes the last validation time. */
    public Builder lastValidated(Instant v) { this.lastValidated = v; return this; }
    /** Changes the validation count. */
    public Builder validationCount(long v) { this.validationCount = v; return this; }
    /** Changes the counter-evidence count. */
    public Builder counterEvidenceCount(long v) { this.counterEvidenceCount = v; return this; }

    /** Validates and builds the update. */
    public RelationshipUpdate build() {
      return new RelationshipUpdate(strength, confidence, context, evidenceCount, successRate,
          lastValidated, validationCount, counterEvidenceCount);
    }
  }
}
