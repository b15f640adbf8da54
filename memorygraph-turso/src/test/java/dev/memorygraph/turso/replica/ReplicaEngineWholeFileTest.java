package dev.memorygraph.turso.replica;

import java.util.List;

/** {@link ReplicaEngineTest} with nothing tracked: every publish copies the whole file. */
class ReplicaEngineWholeFileTest extends ReplicaEngineTest {
  @Override
  List<TrackedTable> tracked() {
    return List.of();
  }
}
