package dev.memorygraph.falkordb;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;

/**
 * Cuts the connection of a query that outlives its deadline, so that a server that stops
 * answering fails the caller instead of hanging it.
 *
 * <p>Needed because jfalkordb sends queries as blocking commands, which turns the socket timeout
 * off: a server that stops answering would hang the caller forever (seen once with FalkorDB
 * 4.16.3 during full-text index creation).
 *
 * <p>One daemon thread serves every backend: it wakes every {@link #TICK} and cuts the calls in
 * flight whose deadline has passed. Watching a call therefore costs an add to and a remove from a
 * concurrent set. (A task scheduled and cancelled per query cost a delay-queue insertion each,
 * and every cancelled task stayed queued until its deadline, tens of seconds later.)
 */
final class QueryWatchdog {
  /** How often the deadlines are checked; a late query is cut at most this much after its deadline. */
  static final Duration TICK = Duration.ofMillis(250);

  private static final Set<Call> IN_FLIGHT = ConcurrentHashMap.newKeySet();

  static {
    Thread t = new Thread(QueryWatchdog::scanForever, "memorygraph-falkordb-watchdog");
    t.setDaemon(true);
    t.start();
  }

  private QueryWatchdog() {}

  /**
   * Starts watching a query running on {@code connection}; the caller must
   * {@link Call#finish() finish} the returned call when the query returns or fails.
   *
   * @param connection the connection the query runs on (disconnected when the query is late)
   * @param limit how long the query may take
   */
  static Call watch(Jedis connection, Duration limit) {
    Call c = new Call(connection, System.nanoTime() + limit.toNanos());
    IN_FLIGHT.add(c);
    return c;
  }

  private static void scanForever() {
    while (true) {
      try {
        Thread.sleep(TICK.toMillis());
      } catch (InterruptedException e) {
        // Nobody interrupts this private daemon thread; keep guarding the queries regardless.
        continue;
      }
      long now = System.nanoTime();
      for (Call c : IN_FLIGHT) {
        c.expireIfLate(now);
      }
    }
  }

  /** One watched query. */
  static final class Call {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int EXPIRED = 2;

    private final Jedis connection;
    private final long deadline;
    /** Decides once whether the query finished first or the watchdog cut it first. */
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    private Call(Jedis connection, long deadline) {
      this.connection = connection;
      this.deadline = deadline;
    }

    /**
     * Stops watching.
     *
     * @return false when the watchdog cut the connection first: the connection must then be
     *     discarded, never returned to the pool
     */
    boolean finish() {
      IN_FLIGHT.remove(this);
      return state.compareAndSet(RUNNING, FINISHED);
    }

    /** Whether the watchdog cut the connection because the query was late. */
    boolean expired() {
      return state.get() == EXPIRED;
    }

    private void expireIfLate(long now) {
      if (now - deadline >= 0 && state.compareAndSet(RUNNING, EXPIRED)) {
        IN_FLIGHT.remove(this);
        try {
          // Closing the socket makes the caller's blocked read fail at once.
          connection.disconnect();
        } catch (RuntimeException ignored) {
          // already closed
        }
      }
    }
  }
}
