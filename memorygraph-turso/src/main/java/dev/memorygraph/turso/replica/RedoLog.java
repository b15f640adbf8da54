package dev.memorygraph.turso.replica;

import dev.memorygraph.turso.pull.PageImage;
import dev.memorygraph.turso.pull.PullDecoder;
import dev.memorygraph.turso.pull.PullHeader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The crash-safe page apply: pulled pages are first written to a redo file that is fsynced and
 * sealed with a checksum trailer, and only then written into {@code base.db}. A crash while
 * writing the redo file leaves an unsealed file that is discarded ({@code base.db} untouched);
 * a crash while patching {@code base.db} is repaired at the next start by applying the sealed
 * redo file again (page writes are idempotent).
 *
 * <p>Format: magic, revision (UTF-8, length-prefixed), db size in pages, replace flag, then
 * (page id, 4096 bytes) records, then a trailer: -1, page count, CRC32 of everything before the
 * trailer, closing magic.
 */
final class RedoLog {
  private static final byte[] MAGIC = "MGREDO01".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEAL = "MGREDOOK".getBytes(StandardCharsets.US_ASCII);
  static final int PAGE = PullDecoder.PAGE_SIZE;

  /** Test seam: run after each page written into base.db (used to kill a process mid-apply). */
  static volatile Runnable afterPageApplied;

  private final Path file;
  private final Path baseDb;

  RedoLog(Path file, Path baseDb) {
    this.file = file;
    this.baseDb = baseDb;
  }

  /**
   * A sealed redo record's summary.
   *
   * @param revision the revision the pages bring base.db to
   * @param dbSizePages the database size in pages
   * @param replaceBase whether base.db is truncated before the pages are written
   * @param pages how many pages the record holds
   */
  record Sealed(String revision, long dbSizePages, boolean replaceBase, long pages) {}

  /** Streams a pull response into the redo file, fsyncs and seals it. Does not touch base.db. */
  Sealed record(PullDecoder decoder, boolean forceReplace) throws IOException {
    PullHeader h = decoder.header();
    boolean replace = h.replaceBase() || forceReplace;
    Files.deleteIfExists(file);
    CRC32 crc = new CRC32();
    long count = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
      out.write(MAGIC);
      byte[] rev = h.serverRevision().getBytes(StandardCharsets.UTF_8);
      out.writeInt(rev.length);
      out.write(rev);
      out.writeLong(h.dbSizePages());
      out.writeBoolean(replace);
      for (PageImage p = decoder.next(); p != null; p = decoder.next()) {
        out.writeLong(p.pageId());
        out.write(p.data());
        count++;
      }
      out.flush();
      long sum = crc.getValue();
      DataOutputStream trailer = new DataOutputStream(new BufferedOutputStream(raw, 64));
      trailer.writeLong(-1L);
      trailer.writeLong(count);
      trailer.writeLong(sum);
      trailer.write(SEAL);
      trailer.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    fsyncDir(file.getParent());
    return new Sealed(h.serverRevision(), h.dbSizePages(), replace, count);
  }

  /** The sealed record on disk, if any; an unsealed or corrupt file is deleted and ignored. */
  Optional<Sealed> pending() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(scan(false));
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // best effort: an unsealed file is ignored anyway
      }
      return Optional.empty();
    }
  }

  /** Writes the sealed record's pages into base.db, truncates it to size and fsyncs it. */
  Sealed apply() {
    try {
      return scan(true);
    } catch (IOException e) {
      throw new UncheckedIOException("applying redo record to " + baseDb.getFileName() + " failed", e);
    }
  }

  /** Removes the redo file once its revision is durably recorded. */
  void discard() {
    try {
      Files.deleteIfExists(file);
      fsyncDir(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the record; verifies the seal and checksum first (a full pass) and, when
   * {@code apply}, writes the pages in a second pass so a corrupt record never touches base.db.
   */
  private Sealed scan(boolean apply) throws IOException {
    Sealed s = verify();
    if (!apply) {
      return s;
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        FileChannel base = FileChannel.open(baseDb, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      DataInputStream din = new DataInputStream(in);
      readHeader(din);
      if (s.replaceBase()) {
        base.truncate(0);
      }
      byte[] page = new byte[PAGE];
      for (long i = 0; i < s.pages(); i++) {
        long id = din.readLong();
        din.readFully(page);
        ByteBuffer buf = ByteBuffer.wrap(page);
        long pos = id * PAGE;
        while (buf.hasRemaining()) {
          pos += base.write(buf, pos);
        }
        Runnable hook = afterPageApplied;
        if (hook != null) {
          hook.run();
        }
      }
      // SQLite sizes a database from its file length here (the header's change counter is not
      // kept in sync by the primary), so the file must be cut to exactly db_size pages.
      base.truncate(s.dbSizePages() * PAGE);
      base.force(true);
    }
    return s;
  }

  private Sealed verify() throws IOException {
    long size = Files.size(file);
    CRC32 crc = new CRC32();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream din = new DataInputStream(new CheckedInputStream(in, crc));
      Sealed head = readHeader(din);
      long headerBytes = MAGIC.length + 4 + head.revision().getBytes(StandardCharsets.UTF_8).length + 8 + 1;
      long body = size - headerBytes - 32;
      if (body < 0 || body % (8 + PAGE) != 0) {
        throw new EOFException("redo record is not sealed");
      }
      long pages = body / (8 + PAGE);
      byte[] page = new byte[PAGE];
      for (long i = 0; i < pages; i++) {
        long id = din.readLong();
        if (id < 0 || id >= head.dbSizePages()) {
          throw new IOException("redo record holds page " + id + " outside the database size");
        }
        din.readFully(page);
      }
      long sum = crc.getValue();
      DataInputStream tail = new DataInputStream(in);
      if (tail.readLong() != -1L || tail.readLong() != pages || tail.readLong() != sum) {
        throw new IOException("redo record trailer does not match its content");
      }
      byte[] seal = new byte[SEAL.length];
      tail.readFully(seal);
      if (!Arrays.equals(seal, SEAL)) {
        throw new IOException("redo record is not sealed");
      }
      return new Sealed(head.revision(), head.dbSizePages(), head.replaceBase(), pages);
    }
  }

  private static Sealed readHeader(DataInputStream din) throws IOException {
    byte[] magic = new byte[MAGIC.length];
    din.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a redo record");
    }
    int len = din.readInt();
    if (len < 0 || len > 4096) {
      throw new IOException("bad revision length in redo record");
    }
    byte[] rev = new byte[len];
    din.readFully(rev);
    long dbSize = din.readLong();
    boolean replace = din.readBoolean();
    return new Sealed(new String(rev, StandardCharsets.UTF_8), dbSize, replace, 0);
  }

  /** Makes a file creation/deletion in {@code dir} durable. */
  static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories; the data files themselves are fsynced.
    }
  }
}
