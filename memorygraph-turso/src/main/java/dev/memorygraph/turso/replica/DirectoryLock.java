package dev.memorygraph.turso.replica;

import dev.memorygraph.BackendUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write lock of one replica directory, shared by every engine on it: a fair in-JVM lock
 * (engines of one process share one instance, since a JVM cannot hold two file locks on one file)
 * plus an exclusive {@code replica.lock} file lock for other processes, taken on first entry and
 * released on last exit. Every mutation of base.db, work.db, local.db and the redo file happens
 * under it, so several engines and processes can use one directory.
 */
final class DirectoryLock {
  private static final Map<Path, DirectoryLock> OPEN = new HashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final ReentrantLock jvm = new ReentrantLock(true);
  private FileLock fileLock;
  private int users;

  private DirectoryLock(Path key, FileChannel channel) {
    this.key = key;
    this.channel = channel;
  }

  /** The lock of {@code dir} (created if needed); pair with {@link #release()}. */
  static DirectoryLock acquire(Path dir) {
    synchronized (OPEN) {
      try {
        Files.createDirectories(dir);
        Path key = dir.toRealPath();
        DirectoryLock l = OPEN.get(key);
        if (l == null) {
          FileChannel ch = FileChannel.open(key.resolve("replica.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          l = new DirectoryLock(key, ch);
          OPEN.put(key, l);
        }
        l.users++;
        return l;
      } catch (IOException e) {
        throw new BackendUnavailableException("cannot use replica directory " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  /** Takes the lock (blocking); true when this is the outermost hold of the calling thread. */
  boolean lock() {
    jvm.lock();
    if (jvm.getHoldCount() > 1) {
      return false;
    }
    try {
      fileLock = channel.lock();
      return true;
    } catch (IOException | RuntimeException e) {
      jvm.unlock();
      throw new BackendUnavailableException("cannot lock replica directory " + key + ": " + e.getMessage(), e);
    }
  }

  /** Releases one hold; the file lock goes with the outermost one. */
  void unlock() {
    try {
      if (jvm.getHoldCount() == 1 && fileLock != null) {
        fileLock.release();
        fileLock = null;
      }
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot unlock replica directory " + key + ": " + e.getMessage(), e);
    } finally {
      jvm.unlock();
    }
  }

  /** Gives up this engine's use of the directory; the lock file closes with the last one. */
  void release() {
    synchronized (OPEN) {
      if (--users == 0) {
        OPEN.remove(key);
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing is best effort
        }
      }
    }
  }
}
