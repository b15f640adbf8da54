package dev.memorygraph.turso.replica;

import dev.memorygraph.turso.hrana.HranaStatement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Child-process entry point for {@link ReplicaTwoProcessTest}: opens the replica directory the
 * parent also has open and writes concurrently with it (not a test class itself).
 */
public final class ReplicaWriterChild {
  private ReplicaWriterChild() {}

  /** Args: replica directory, primary URL, number of writes, id prefix. */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[2]);
    try (ReplicaEngine e = ReplicaEngine.open(ReplicaOptions.builder(Path.of(args[0]), args[1])
        .syncInterval(Duration.ZERO).requestTimeout(Duration.ofSeconds(60)).trackedTables(ReplicaTestSupport.TRACKED).build())) {
      System.out.println("OPEN");
      System.out.flush();
      for (int i = 0; i < n; i++) {
        e.write("insert", List.of(ReplicaTestSupport.insert(args[3] + i, "child")));
        e.write("bump", List.of(HranaStatement.of("UPDATE items SET n = n + 1 WHERE id = ?", "hot")));
      }
    }
    System.out.println("DONE");
    System.out.flush();
  }
}
