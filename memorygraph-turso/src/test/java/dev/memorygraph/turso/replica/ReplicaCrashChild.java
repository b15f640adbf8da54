package dev.memorygraph.turso.replica;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Child-process entry point for {@link ReplicaCrashTest}: opens the replica, arms the page-apply
 * hook so that the process announces itself and stalls after a few pages written into base.db,
 * then syncs. The parent kills it with SIGKILL at that point (not a test class itself).
 */
public final class ReplicaCrashChild {
  private ReplicaCrashChild() {}

  /** Args: replica directory, primary URL, pages to apply before stalling (0 = stall after the push instead). */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int stallAfter = Integer.parseInt(args[2]);
    int[] applied = {0};
    ReplicaEngine e = ReplicaEngine.open(ReplicaOptions.builder(dir, args[1]).autoSync(false).syncInterval(Duration.ZERO).trackedTables(ReplicaTestSupport.TRACKED).build());
    Runnable stall = () -> {
      System.out.println("STALLED");
      System.out.flush();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    };
    if (stallAfter == 0) {
      ReplicaEngine.afterPushCommitted = stall;
    } else {
      RedoLog.afterPageApplied = () -> {
        if (++applied[0] == stallAfter) {
          stall.run();
        }
      };
    }
    e.syncNow(false);
    System.out.println("FINISHED");
    System.out.flush();
    e.close();
  }
}
