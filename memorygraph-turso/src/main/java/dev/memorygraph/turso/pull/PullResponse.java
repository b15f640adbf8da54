package dev.memorygraph.turso.pull;

import java.util.List;

/**
 * A fully decoded page-pull response.
 *
 * @param header the validated header
 * @param pages the pages in stream order
 */
public record PullResponse(PullHeader header, List<PageImage> pages) {
  /** Copies the page list. */
  public PullResponse {
    pages = List.copyOf(pages);
  }
}
