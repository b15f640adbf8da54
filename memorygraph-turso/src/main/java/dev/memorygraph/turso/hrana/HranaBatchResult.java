package dev.memorygraph.turso.hrana;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of a batch: for each step, a result, an error, or neither (the step was skipped
 * because its condition was false).
 *
 * @param results per step, the result or null
 * @param errors per step, the error or null
 */
public record HranaBatchResult(List<HranaResult> results, List<StepError> errors) {

  /** Copies the lists (nulls allowed) and checks they have the same length. */
  public HranaBatchResult {
    if (results.size() != errors.size()) {
      throw new HranaProtocolException("batch has " + results.size() + " step results but "
          + errors.size() + " step errors");
    }
    results = Collections.unmodifiableList(new ArrayList<>(results));
    errors = Collections.unmodifiableList(new ArrayList<>(errors));
  }

  /** Number of steps. */
  public int size() {
    return results.size();
  }

  /** Whether step {@code i} ran without error. */
  public boolean ok(int i) {
    return results.get(i) != null && errors.get(i) == null;
  }

  /**
   * A step's error.
   *
   * @param message the server's message
   * @param code the server's code, or null
   */
  public record StepError(String message, String code) {}
}
