package dev.memorygraph.turso.pull;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a page-pull response: a stream of varint-length-prefixed protobuf messages, first a
 * {@code PullUpdatesRespProtoBody} header, then {@code PageData} messages until end of stream.
 *
 * <p>Everything the replica cannot apply safely is rejected with {@link PullProtocolException}:
 * a non-page stream kind, zstd encoding, a missing raw encoding, pages that are not
 * {@value #PAGE_SIZE} bytes, pages beyond the announced database size, unknown apply modes, and any
 * truncation. Reads are bounded, so a hostile length prefix cannot make it allocate unbounded
 * memory.
 */
public final class PullDecoder {
  /** The only page size the replica supports (the primary's page size with raw encoding). */
  public static final int PAGE_SIZE = 4096;
  /** Largest message accepted: a page message is {@value #PAGE_SIZE} bytes plus a few tag bytes. */
  static final int MAX_MESSAGE = 1 << 20;

  private final InputStream in;
  private PullHeader header;
  private long pagesRead;

  /** Creates a decoder over a response body; the caller closes the stream. */
  public PullDecoder(InputStream in) {
    this.in = in;
  }

  /** Decodes a whole response held in memory (pure function, used by tests and small pulls). */
  public static PullResponse decode(byte[] body) {
    PullDecoder d = new PullDecoder(new ByteArrayInputStream(body));
    try {
      PullHeader h = d.header();
      List<PageImage> pages = new ArrayList<>();
      for (PageImage p = d.next(); p != null; p = d.next()) {
        pages.add(p);
      }
      return new PullResponse(h, pages);
    } catch (IOException e) {
      throw new PullProtocolException("unreadable response", e);
    }
  }

  /** Reads and validates the header; must be called first, returns the same header afterwards. */
  public PullHeader header() throws IOException {
    if (header == null) {
      byte[] msg = readMessage(true);
      if (msg == null) {
        throw new PullProtocolException("empty response: no header message");
      }
      header = parseHeader(msg);
    }
    return header;
  }

  /** The next page, or null at the clean end of the stream. */
  public PageImage next() throws IOException {
    PullHeader h = header();
    byte[] msg = readMessage(false);
    if (msg == null) {
      return null;
    }
    PageImage page = parsePage(msg);
    if (page.pageId() >= h.dbSizePages()) {
      throw new PullProtocolException("page " + page.pageId() + " lies beyond the database size of " + h.dbSizePages() + " pages");
    }
    if (page.pageId() == 0) {
      checkFirstPage(page.data());
    }
    pagesRead++;
    return page;
  }

  /** How many pages {@link #next()} has returned. */
  public long pagesRead() {
    return pagesRead;
  }

  static PullHeader parseHeader(byte[] msg) {
    ProtoWire.Reader r = new ProtoWire.Reader(msg, 0, msg.length);
    String revision = "";
    long dbSize = 0;
    boolean raw = false;
    long applyMode = 0;
    while (r.hasMore()) {
      long key = r.varint();
      int field = (int) (key >>> 3);
      int type = (int) (key & 7);
      switch (field) {
        case 1 -> {
          expect(type, ProtoWire.LEN, "server_revision");
          revision = r.string();
        }
        case 2 -> {
          expect(type, ProtoWire.VARINT, "db_size");
          dbSize = r.varint();
        }
        case 3 -> {
          expect(type, ProtoWire.LEN, "raw_encoding");
          r.lengthDelimited();
          raw = true;
        }
        case 4 -> throw new PullProtocolException("zstd page encoding is not supported (raw was requested)");
        case 5 -> {
          expect(type, ProtoWire.VARINT, "stream_kind");
          long kind = r.varint();
          if (kind != 0) {
            throw new PullProtocolException("unsupported stream_kind " + kind + " (only page streams)");
          }
        }
        case 6 -> {
          expect(type, ProtoWire.VARINT, "apply_mode");
          applyMode = r.varint();
          if (applyMode != 0 && applyMode != 1) {
            throw new PullProtocolException("unknown apply_mode " + applyMode);
          }
        }
        default -> r.skip(type);
      }
    }
    if (!raw) {
      throw new PullProtocolException("header has no raw_encoding: pages would be in an unknown encoding");
    }
    if (revision.isEmpty()) {
      throw new PullProtocolException("header has no server_revision");
    }
    if (dbSize < 0) {
      throw new PullProtocolException("negative db_size " + dbSize);
    }
    return new PullHeader(revision, dbSize, applyMode == 1);
  }

  static PageImage parsePage(byte[] msg) {
    ProtoWire.Reader r = new ProtoWire.Reader(msg, 0, msg.length);
    // page_id 0 is the proto3 default and is omitted on the wire: a missing id means page 0.
    long pageId = 0;
    byte[] data = null;
    while (r.hasMore()) {
      long key = r.varint();
      int field = (int) (key >>> 3);
      int type = (int) (key & 7);
      if (field == 1) {
        expect(type, ProtoWire.VARINT, "page_id");
        pageId = r.varint();
      } else if (field == 2) {
        expect(type, ProtoWire.LEN, "encoded_page");
        data = r.bytes();
      } else {
        r.skip(type);
      }
    }
    if (data == null) {
      throw new PullProtocolException("page message without encoded_page");
    }
    if (data.length != PAGE_SIZE) {
      throw new PullProtocolException("page " + pageId + " is " + data.length + " bytes, expected " + PAGE_SIZE);
    }
    if (pageId < 0) {
      throw new PullProtocolException("page id out of range");
    }
    return new PageImage(pageId, data);
  }

  /** Page 0 starts with the SQLite header: check the magic and that it declares 4096-byte pages. */
  static void checkFirstPage(byte[] data) {
    byte[] magic = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < magic.length; i++) {
      if (data[i] != magic[i]) {
        throw new PullProtocolException("page 0 does not start with the SQLite header");
      }
    }
    int pageSize = ((data[16] & 0xff) << 8) | (data[17] & 0xff);
    if (pageSize != PAGE_SIZE) {
      throw new PullProtocolException("database page size is " + (pageSize == 1 ? 65536 : pageSize) + ", only " + PAGE_SIZE + " is supported");
    }
  }

  private static void expect(int actual, int wanted, String field) {
    if (actual != wanted) {
      throw new PullProtocolException("field " + field + " has wire type " + actual + ", expected " + wanted);
    }
  }

  /** Reads one length-prefixed message; null at a clean end of stream (before any prefix byte). */
  private byte[] readMessage(boolean first) throws IOException {
    long len = 0;
    int shift = 0;
    int b = in.read();
    if (b < 0) {
      return null;
    }
    while (true) {
      len |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift >= 35) {
        throw new PullProtocolException("message length prefix too long");
      }
      b = in.read();
      if (b < 0) {
        throw new PullProtocolException("stream truncated inside a length prefix");
      }
    }
    if (len > MAX_MESSAGE) {
      throw new PullProtocolException("message of " + len + " bytes exceeds the " + MAX_MESSAGE + "-byte limit");
    }
    byte[] msg = new byte[(int) len];
    try {
      readFully(msg);
    } catch (EOFException e) {
      throw new PullProtocolException("stream truncated inside " + (first ? "the header" : "page message " + (pagesRead + 1)), e);
    }
    return msg;
  }

  private void readFully(byte[] msg) throws IOException {
    int off = 0;
    while (off < msg.length) {
      int n = in.read(msg, off, msg.length - off);
      if (n < 0) {
        throw new EOFException();
      }
      off += n;
    }
  }
}
