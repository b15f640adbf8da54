package dev.memorygraph.bench;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.Relationship;
import java.nio.file.Path;
import java.util.List;

/**
 * One side of a comparison: the library over a backend, or the raw driver doing the same work
 * by hand. The workload drives both through this interface, one operation at a time, so every
 * operation is timed the same way.
 */
public interface BenchTarget extends AutoCloseable {

  /** A short label for reports ("library" or "raw"). */
  String label();

  /** Opens (creating when absent) the store at {@code location} and keeps it as the current one. */
  void open(Path location);

  /** Stores one memory as its own durable write. */
  void storeOne(Memory memory);

  /** Stores many memories in one atomic write. */
  void storeBatch(List<Memory> memories);

  /** Creates one relationship as its own write. */
  void link(Relationship relationship);

  /** Creates many relationships in one atomic write. */
  void linkBatch(List<Relationship> relationships);

  /** Runs one corpus search; returns how many memories it returned. */
  int search(Corpus.Query query);

  /** Runs one traversal (both directions, current edges); returns how many memories it reached. */
  int traverse(Corpus.Traversal traversal);

  /**
   * Opens the store at {@code location} anew (a new connection or backend instance), answers one
   * search and returns the still-open handle, so that the caller can measure the heap it holds.
   */
  AutoCloseable openAndSearch(Path location, Corpus.Query query);

  /** Facts about the store worth printing (engine version, pragmas), as strings. */
  java.util.Map<String, String> describe();

  /** Closes the current store. Idempotent. */
  @Override
  void close();
}
