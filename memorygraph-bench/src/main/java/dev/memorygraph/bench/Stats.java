package dev.memorygraph.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * Latencies of one phase on one side, in nanoseconds, with the summary the report prints.
 * Percentiles are nearest-rank on the sorted sample.
 */
public final class Stats {
  private long[] nanos;
  private int n;
  private long wallNanos;
  private long items;

  /** An empty sample with room for {@code expected} operations. */
  public Stats(int expected) {
    nanos = new long[Math.max(16, expected)];
  }

  /** Records one operation's duration. */
  public void add(long durationNanos) {
    if (n == nanos.length) {
      nanos = Arrays.copyOf(nanos, n * 2);
    }
    nanos[n++] = durationNanos;
    wallNanos += durationNanos;
  }

  /** Adds to the number of items processed (memories stored, results returned...). */
  public void addItems(long count) {
    items += count;
  }

  /** Operations recorded. */
  public int count() {
    return n;
  }

  /** Items processed. */
  public long items() {
    return items;
  }

  /** Sum of the recorded durations, in nanoseconds. */
  public long totalNanos() {
    return wallNanos;
  }

  /** The q-quantile (0 &lt; q &lt;= 1) in milliseconds, NaN when empty. */
  public double percentileMs(double q) {
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, n);
    Arrays.sort(sorted);
    int idx = (int) Math.ceil(q * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, idx))] / 1e6;
  }

  /** Operations per second over the summed durations. */
  public double opsPerSecond() {
    return wallNanos == 0 ? Double.NaN : n / (wallNanos / 1e9);
  }

  /** Items per second over the summed durations. */
  public double itemsPerSecond() {
    return wallNanos == 0 ? Double.NaN : items / (wallNanos / 1e9);
  }

  /** The JSON summary. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("count", n);
    o.put("items", items);
    put(o, "total_ms", wallNanos / 1e6);
    put(o, "ops_per_s", opsPerSecond());
    put(o, "items_per_s", itemsPerSecond());
    put(o, "mean_ms", n == 0 ? Double.NaN : wallNanos / 1e6 / n);
    put(o, "p50_ms", percentileMs(0.50));
    put(o, "p95_ms", percentileMs(0.95));
    put(o, "p99_ms", percentileMs(0.99));
    put(o, "max_ms", percentileMs(1.0));
    return o;
  }

  /** Puts a rounded number, or null when it is not a finite number. */
  static void put(ObjectNode o, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(key);
    } else {
      o.put(key, round(v));
    }
  }

  /** Rounds to 4 significant decimals for printing; NaN stays NaN. */
  static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    double scale = Math.abs(v) >= 100 ? 10 : Math.abs(v) >= 1 ? 1000 : 100_000;
    return Math.round(v * scale) / scale;
  }
}
