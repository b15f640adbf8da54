package dev.memorygraph.turso.hrana;

import java.util.List;

/** A Hrana batch step condition: when a step runs, depending on earlier steps. */
public interface HranaCondition {

  /** Runs when step {@code step} succeeded. */
  static HranaCondition ok(int step) {
    return new Step("ok", step);
  }

  /** Runs when step {@code step} failed. */
  static HranaCondition error(int step) {
    return new Step("error", step);
  }

  /** Negation. */
  static HranaCondition not(HranaCondition c) {
    return new Not(c);
  }

  /** All of them. */
  static HranaCondition and(List<HranaCondition> cs) {
    return new Junction("and", List.copyOf(cs));
  }

  /** Any of them. */
  static HranaCondition or(List<HranaCondition> cs) {
    return new Junction("or", List.copyOf(cs));
  }

  /** Runs when the connection is in autocommit mode (no open transaction). */
  static HranaCondition isAutocommit() {
    return new Autocommit();
  }

  /** {@code ok} or {@code error} on one step. */
  record Step(String kind, int step) implements HranaCondition {
    /** Checks the step index. */
    public Step {
      if (step < 0) {
        throw new IllegalArgumentException("step must be 0 or more");
      }
    }
  }

  /** {@code not}. */
  record Not(HranaCondition cond) implements HranaCondition {}

  /** {@code and} / {@code or}. */
  record Junction(String kind, List<HranaCondition> conds) implements HranaCondition {}

  /** {@code is_autocommit}. */
  record Autocommit() implements HranaCondition {}
}
