package dev.memorygraph.bench;

import dev.memorygraph.model.Memory;

/**
 * The raw side of a server backend's run: the database's own driver sending the same query text
 * the backend sends, with the same parameters, and reading every returned value, but building
 * none of the library's objects.
 */
public interface RawServerTarget extends AutoCloseable {
  /** Stores one memory as the backend's single store does. */
  void storeOne(Memory memory);

  /**
   * Called once after the store operation, before the reads: a raw side that stored its copies
   * beside the library's (one database for both) removes them here, unmeasured.
   */
  default void afterStores() {}

  /** Reads one memory by id; whether it was found. */
  boolean get(String id);

  /** Runs one corpus search; the number of memories returned. */
  int search(Corpus.Query query);

  /** Collects the memories within {@code depth} hops of {@code start} (both directions); how many. */
  int traverse(String start, int depth, int limit);

  /** Native facts worth printing beside the figures (server version). */
  java.util.Map<String, String> describe();

  /** Releases the driver. */
  @Override
  void close();
}
