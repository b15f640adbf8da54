package dev.memorygraph.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * One page of results with the total number of matches.
 *
 * @param <T> the item type
 * @param items the items on this page, in the query's order
 * @param total how many items match in all
 * @param offset the offset this page starts at
 * @param limit the page size asked for
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

  /** Copies the items. */
  public Page {
    items = List.copyOf(items);
  }

  /** The offset of the next page, empty when this is the last one. */
  public OptionalInt nextOffset() {
    long next = (long) offset + items.size();
    return !items.isEmpty() && next < total ? OptionalInt.of((int) next) : OptionalInt.empty();
  }

  /** True when more items follow this page. */
  public boolean hasMore() {
    return nextOffset().isPresent();
  }
}
