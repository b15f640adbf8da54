package dev.memorygraph.turso.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorygraph.turso.pull.PullDecoder;
import dev.memorygraph.turso.testing.TestDirs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The redo record on real files: sealed records replay, unsealed or corrupt ones never touch base.db. */
class ReplicaRedoLogTest {
  static final int PAGE = PullDecoder.PAGE_SIZE;
  Path dir;
  Path base;
  Path redoFile;
  RedoLog redo;

  @BeforeEach
  void setUp() throws Exception {
    dir = TestDirs.newTempDir("redo");
    base = dir.resolve("base.db");
    redoFile = dir.resolve("pull.redo");
    redo = new RedoLog(redoFile, base);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static void message(ByteArrayOutputStream out, byte[] m) {
    varint(out, m.length);
    out.writeBytes(m);
  }

  /** A pull stream (header + pages filled with their id + 1) in protobuf wire format. */
  static byte[] stream(String revision, long dbSize, boolean replace, long... pageIds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write(0x0a);
    varint(h, revision.length());
    h.writeBytes(revision.getBytes(StandardCharsets.US_ASCII));
    h.write(0x10);
    varint(h, dbSize);
    h.write(0x1a);
    h.write(0);
    if (replace) {
      h.write(0x30);
      h.write(1);
    }
    message(out, h.toByteArray());
    for (long id : pageIds) {
      ByteArrayOutputStream p = new ByteArrayOutputStream();
      p.write(0x08);
      varint(p, id);
      p.write(0x12);
      varint(p, PAGE);
      byte[] data = new byte[PAGE];
      Arrays.fill(data, (byte) (id + 1));
      p.writeBytes(data);
      message(out, p.toByteArray());
    }
    return out.toByteArray();
  }

  private RedoLog.Sealed record(byte[] stream, boolean forceReplace) throws Exception {
    return redo.record(new PullDecoder(new ByteArrayInputStream(stream)), forceReplace);
  }

  @Test
  void sealedRecordAppliesPagesAndTruncatesToTheDatabaseSize() throws Exception {
    Files.write(base, new byte[PAGE * 6]);
    RedoLog.Sealed s = record(stream("12", 4, false, 1, 3), false);
    assertThat(s).isEqualTo(new RedoLog.Sealed("12", 4, false, 2));
    assertThat(Files.readAllBytes(base)).containsOnly((byte) 0); // recording never touches base.db
    assertThat(redo.pending()).contains(s);
    redo.apply();
    byte[] b = Files.readAllBytes(base);
    assertThat(b).hasSize(4 * PAGE);
    assertThat(b[PAGE]).isEqualTo((byte) 2);
    assertThat(b[3 * PAGE + 100]).isEqualTo((byte) 4);
    assertThat(b[2 * PAGE]).isZero();
    // Applying twice (a crash after the apply, before the revision was saved) is harmless.
    redo.apply();
    assertThat(Files.readAllBytes(base)).isEqualTo(b);
    redo.discard();
    assertThat(redo.pending()).isEmpty();
  }

  @Test
  void replaceModeStartsFromAnEmptyFile() throws Exception {
    byte[] junk = new byte[PAGE * 3];
    Arrays.fill(junk, (byte) 9);
    Files.write(base, junk);
    record(stream("3", 2, true, 1), false);
    redo.apply();
    byte[] b = Files.readAllBytes(base);
    assertThat(b).hasSize(2 * PAGE);
    assertThat(b[0]).isZero(); // page 0 was not in the stream: not left over from the old file
    assertThat(b[PAGE]).isEqualTo((byte) 2);
    assertThat(record(stream("4", 1, false), true).replaceBase()).isTrue();
  }

  @Test
  void unsealedRecordFromACrashWhileRecordingIsDiscarded() throws Exception {
    record(stream("12", 4, false, 1, 3), false);
    long len = Files.size(redoFile);
    try (RandomAccessFile f = new RandomAccessFile(redoFile.toFile(), "rw")) {
      f.setLength(len - 20);
    }
    assertThat(redo.pending()).isEmpty();
    assertThat(Files.exists(redoFile)).isFalse();
    assertThat(Files.exists(base)).isFalse();
  }

  @Test
  void corruptRecordIsDiscarded() throws Exception {
    record(stream("12", 4, false, 1, 3), false);
    try (RandomAccessFile f = new RandomAccessFile(redoFile.toFile(), "rw")) {
      f.seek(100);
      f.write(0x55);
    }
    assertThat(redo.pending()).isEmpty();
    assertThat(Files.exists(base)).isFalse();
  }

  @Test
  void malformedStreamLeavesNoRecord() throws Exception {
    byte[] s = stream("12", 4, false, 1, 3);
    byte[] cut = Arrays.copyOf(s, s.length - 10);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> record(cut, false))
        .isInstanceOf(dev.memorygraph.turso.pull.PullProtocolException.class);
    assertThat(Files.exists(redoFile)).isFalse();
    assertThat(redo.pending()).isEmpty();
  }
}
