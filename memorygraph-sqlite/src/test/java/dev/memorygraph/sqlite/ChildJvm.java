package dev.memorygraph.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link WriterMain} with the test classpath; collects its stdout lines. */
final class ChildJvm implements AutoCloseable {
  final Process process;
  final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread reader;

  ChildJvm(Path db, String prefix, long count) {
    this(db, prefix, count, null);
  }

  ChildJvm(Path db, String prefix, long count, Path startSignal) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m",
        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-cp", System.getProperty("java.class.path"), WriterMain.class.getName(),
        db.toString(), prefix, Long.toString(count)));
    if (startSignal != null) {
      cmd.add(startSignal.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
          if (line.equals("READY")) {
            ready.countDown();
          }
        }
      } catch (IOException ignored) {
        // the process was killed
      } finally {
        ready.countDown();
      }
    }, "child-reader");
    reader.setDaemon(true);
    reader.start();
  }

  boolean awaitReady(long seconds) throws InterruptedException {
    return ready.await(seconds, TimeUnit.SECONDS);
  }

  /** Waits until the stdout pipe is drained (after the process ended). */
  void drain() throws InterruptedException {
    reader.join(TimeUnit.SECONDS.toMillis(30));
  }

  /** Ids the child acknowledged (printed after a completed store). */
  List<String> acknowledged(String prefix) {
    List<String> out = new ArrayList<>();
    synchronized (lines) {
      for (String l : lines) {
        if (l.startsWith(prefix + "-")) {
          out.add(l);
        }
      }
    }
    return out;
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
