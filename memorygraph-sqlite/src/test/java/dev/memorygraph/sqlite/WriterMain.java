package dev.memorygraph.sqlite;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.model.Memory;
import java.nio.file.Path;

/**
 * Child-process writer for the crash and two-process tests: stores memories one at a time and
 * prints each id on stdout only after the store was acknowledged.
 *
 * <p>Arguments: database path, id prefix, count (negative = until killed), and optionally a
 * file whose appearance starts the writing (a start barrier for several writers).
 */
public final class WriterMain {
  private WriterMain() {}

  /** Runs the writer. */
  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    String prefix = args[1];
    long count = Long.parseLong(args[2]);
    try (MemoryGraph graph = MemoryGraph.open(SqliteBackend.builder().path(db).readers(1).build())) {
      System.out.println("READY");
      System.out.flush();
      if (args.length > 3) {
        Path go = Path.of(args[3]);
        while (!java.nio.file.Files.exists(go)) {
          Thread.sleep(5);
        }
      }
      for (long i = 0; count < 0 || i < count; i++) {
        String id = prefix + "-" + i;
        graph.store(Memory.builder().id(id).title("written by " + prefix)
            .content("crash test payload number " + i + " with some words to index")
            .tags("crash", prefix).build());
        System.out.println(id);
        System.out.flush();
      }
      System.out.println("DONE");
      System.out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(3);
    } catch (RuntimeException e) {
      System.out.println("ERROR " + e);
      e.printStackTrace(System.out);
      System.out.flush();
      System.exit(2);
    }
  }
}
