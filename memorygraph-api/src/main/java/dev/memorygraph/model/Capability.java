package dev.memorygraph.model;

/** Things a backend may or may not be able to do; the TCK skips tests of absent ones. */
public enum Capability {
  /** Text search over an index (rather than a scan). */
  FULLTEXT_SEARCH,
  /** Text results ordered by relevance. */
  RELEVANCE_RANKING,
  /** Other forms of a word match (retry, retries, retrying). */
  STEMMING,
  /** Case-insensitive matching beyond ASCII (Ä matches ä). */
  UNICODE_CASE_FOLDING,
  /** Atomic multi-statement writes. */
  TRANSACTIONS,
  /** Native queries through {@code executeQuery}. */
  NATIVE_QUERY,
  /** Traversals as of a past instant. */
  TEMPORAL_QUERIES,
  /** Explicit synchronisation with a remote primary. */
  SYNC,
  /** Several processes may use the same store at once. */
  MULTI_PROCESS
}
