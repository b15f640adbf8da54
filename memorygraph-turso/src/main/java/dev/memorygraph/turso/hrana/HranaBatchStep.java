package dev.memorygraph.turso.hrana;

import java.util.Objects;

/**
 * One step of a Hrana batch.
 *
 * @param condition when the step runs, or null for always
 * @param statement the statement
 */
public record HranaBatchStep(HranaCondition condition, HranaStatement statement) {
  /** Checks the statement is there. */
  public HranaBatchStep {
    Objects.requireNonNull(statement, "statement");
  }
}
