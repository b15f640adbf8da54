package dev.memorygraph.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar on stderr, redrawn in place with a carriage return.
 *
 * <p>Disabled progress does nothing, so callers need no conditionals. The bar is redrawn only
 * when the shown percentage changes, so a million small steps cost a hundred writes.
 */
public final class Progress implements AutoCloseable {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean enabled;
  private final String label;
  private final long total;
  private long done;
  private int shownPercent = -1;
  private boolean drawn;

  private Progress(PrintWriter err, boolean enabled, String label, long total) {
    this.err = err;
    this.enabled = enabled && total > 0;
    this.label = label;
    this.total = total;
  }

  /** A progress bar for {@code total} steps; does nothing unless {@code enabled}. */
  public static Progress start(PrintWriter err, boolean enabled, String label, long total) {
    Progress p = new Progress(err, enabled, label, total);
    p.draw();
    return p;
  }

  /** Whether standard error is a terminal (progress is drawn there unasked only then). */
  public static boolean stderrIsTerminal() {
    return isTerminal(2);
  }

  /** Whether standard output is a terminal. */
  public static boolean stdoutIsTerminal() {
    return isTerminal(1);
  }

  private static boolean isTerminal(int fd) {
    // Java 17 cannot ask about one stream; on Linux the descriptor's link names the device.
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      String target = Files.readSymbolicLink(link).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null; // elsewhere: true when stdin and stdout are a terminal
    }
  }

  /** Advances by {@code steps}. */
  public void advance(long steps) {
    done = Math.min(total, done + steps);
    draw();
  }

  private void draw() {
    if (!enabled) {
      return;
    }
    int percent = (int) (done * 100 / total);
    if (percent == shownPercent) {
      return;
    }
    shownPercent = percent;
    int filled = (int) (done * WIDTH / total);
    StringBuilder sb = new StringBuilder("\r").append(label).append(" [");
    for (int i = 0; i < WIDTH; i++) {
      sb.append(i < filled ? '#' : ' ');
    }
    sb.append("] ").append(percent).append("% ").append(done).append('/').append(total);
    err.print(sb);
    err.flush();
    drawn = true;
  }

  /** Ends the line the bar was drawn on. */
  @Override
  public void close() {
    if (enabled && drawn) {
      err.println();
      err.flush();
    }
  }
}
