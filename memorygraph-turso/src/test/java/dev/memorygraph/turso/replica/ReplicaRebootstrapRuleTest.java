package dev.memorygraph.turso.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.turso.pull.PullDecoder;
import dev.memorygraph.turso.pull.PullHeader;
import org.junit.jupiter.api.Test;

/** When an incremental pull answer forces a full re-bootstrap (pure function on decoded headers). */
class ReplicaRebootstrapRuleTest {

  private static PullHeader header(String revision, long dbSize) {
    byte[] stream = ReplicaRedoLogTest.stream(revision, dbSize, false);
    return PullDecoder.decode(stream).header();
  }

  @Test
  void revisionGoingBackwardsRebootstraps() {
    assertThat(ReplicaEngine.needsRebootstrap(header("40", 5), "41")).isTrue();
    assertThat(ReplicaEngine.needsRebootstrap(header("9", 5), "100")).isTrue();
  }

  @Test
  void emptyDatabaseRebootstraps() {
    assertThat(ReplicaEngine.needsRebootstrap(header("41", 0), "41")).isTrue();
  }

  @Test
  void sameOrNewerRevisionIsIncremental() {
    assertThat(ReplicaEngine.needsRebootstrap(header("41", 5), "41")).isFalse();
    assertThat(ReplicaEngine.needsRebootstrap(header("1000", 5), "41")).isFalse();
  }

  @Test
  void nonNumericRevisionsCannotBeOrderedAndAreTrusted() {
    assertThat(ReplicaEngine.needsRebootstrap(header("abc", 5), "41")).isFalse();
    assertThat(ReplicaEngine.needsRebootstrap(header("41", 5), "v2-xyz")).isFalse();
  }
}
