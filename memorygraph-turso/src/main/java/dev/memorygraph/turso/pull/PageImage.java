package dev.memorygraph.turso.pull;

/**
 * One full page image from the primary.
 *
 * @param pageId the zero-based page number (file offset = pageId * page size)
 * @param data the page bytes, exactly {@link PullDecoder#PAGE_SIZE} long
 */
public record PageImage(long pageId, byte[] data) {}
