package dev.memorygraph.turso.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The page-pull decoder as a pure function on bytes: valid streams and every kind of bad input. */
class PullDecoderTest {

  /** A header message with the given fields; negative/absent values are left out. */
  static byte[] header(String revision, long dbSize, boolean raw, boolean zstd, long streamKind, long applyMode) {
    ProtoWire.Writer w = new ProtoWire.Writer();
    w.stringField(1, revision);
    w.uintField(2, dbSize);
    if (raw) {
      w.tag(3, ProtoWire.LEN);
      w.varint(0);
    }
    if (zstd) {
      w.tag(4, ProtoWire.LEN);
      w.varint(0);
    }
    w.uintField(5, streamKind);
    w.uintField(6, applyMode);
    return w.toByteArray();
  }

  static byte[] page(long id, byte[] data) {
    ProtoWire.Writer w = new ProtoWire.Writer();
    w.uintField(1, id);
    w.bytesField(2, data);
    return w.toByteArray();
  }

  static byte[] firstPage() {
    byte[] p = new byte[PullDecoder.PAGE_SIZE];
    byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, p, 0, magic.length);
    p[16] = 0x10;
    p[17] = 0x00;
    return p;
  }

  static byte[] filled(int value) {
    byte[] p = new byte[PullDecoder.PAGE_SIZE];
    Arrays.fill(p, (byte) value);
    return p;
  }

  static byte[] stream(byte[]... messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      ProtoWire.Writer w = new ProtoWire.Writer();
      w.varint(m.length);
      out.writeBytes(w.toByteArray());
      out.writeBytes(m);
    }
    return out.toByteArray();
  }

  @Test
  void decodesHeaderAndPagesWithOmittedPageZeroId() {
    byte[] body = stream(header("17", 3, true, false, 0, 0), page(0, firstPage()), page(2, filled(7)));
    PullResponse r = PullDecoder.decode(body);
    assertThat(r.header()).isEqualTo(new PullHeader("17", 3, false));
    assertThat(r.pages()).extracting(PageImage::pageId).containsExactly(0L, 2L);
    assertThat(r.pages().get(1).data()).containsOnly((byte) 7);
    // page 0's id is the proto3 default and must not be on the wire
    assertThat(page(0, firstPage())[0]).isEqualTo((byte) 0x12);
  }

  @Test
  void headerOnlyStreamHasNoPages() {
    PullResponse r = PullDecoder.decode(stream(header("5", 2, true, false, 0, 1)));
    assertThat(r.pages()).isEmpty();
    assertThat(r.header().replaceBase()).isTrue();
  }

  @Test
  void skipsUnknownFieldsOfEveryWireType() {
    ProtoWire.Writer w = new ProtoWire.Writer();
    w.write(header("9", 1, true, false, 0, 0));
    w.uintField(7, 12345);
    w.tag(8, ProtoWire.FIXED64);
    w.write(new byte[8]);
    w.tag(9, ProtoWire.FIXED32);
    w.write(new byte[4]);
    w.bytesField(10, "future".getBytes(StandardCharsets.UTF_8));
    PullResponse r = PullDecoder.decode(stream(w.toByteArray(), page(0, firstPage())));
    assertThat(r.header().serverRevision()).isEqualTo("9");
    assertThat(r.pages()).hasSize(1);
  }

  @Test
  void rejectsEmptyBody() {
    assertThatThrownBy(() -> PullDecoder.decode(new byte[0])).isInstanceOf(PullProtocolException.class).hasMessageContaining("no header");
  }

  @Test
  void rejectsTruncationInsideAPageMessage() {
    byte[] body = stream(header("3", 2, true, false, 0, 0), page(1, filled(1)));
    byte[] cut = Arrays.copyOf(body, body.length - 100);
    assertThatThrownBy(() -> PullDecoder.decode(cut)).isInstanceOf(PullProtocolException.class).hasMessageContaining("truncated inside page message 1");
  }

  @Test
  void rejectsTruncationInsideTheHeaderAndInsideALengthPrefix() {
    byte[] body = stream(header("3", 2, true, false, 0, 0));
    assertThatThrownBy(() -> PullDecoder.decode(Arrays.copyOf(body, 3))).isInstanceOf(PullProtocolException.class).hasMessageContaining("header");
    byte[] withPrefixOnly = Arrays.copyOf(stream(header("3", 2, true, false, 0, 0), page(1, filled(1))), body.length + 1);
    assertThatThrownBy(() -> PullDecoder.decode(withPrefixOnly)).isInstanceOf(PullProtocolException.class).hasMessageContaining("length prefix");
  }

  @Test
  void rejectsWrongPageSize() {
    byte[] body = stream(header("3", 2, true, false, 0, 0), page(1, new byte[1024]));
    assertThatThrownBy(() -> PullDecoder.decode(body)).isInstanceOf(PullProtocolException.class).hasMessageContaining("1024 bytes, expected 4096");
  }

  @Test
  void rejectsADatabaseWhoseHeaderDeclaresAnotherPageSize() {
    byte[] p0 = firstPage();
    p0[16] = 0x20; // 8192
    byte[] body = stream(header("3", 2, true, false, 0, 0), page(0, p0));
    assertThatThrownBy(() -> PullDecoder.decode(body)).isInstanceOf(PullProtocolException.class).hasMessageContaining("page size is 8192");
    byte[] notSqlite = stream(header("3", 2, true, false, 0, 0), page(0, filled(1)));
    assertThatThrownBy(() -> PullDecoder.decode(notSqlite)).isInstanceOf(PullProtocolException.class).hasMessageContaining("SQLite header");
  }

  @Test
  void rejectsPagesBeyondTheDatabaseSize() {
    byte[] body = stream(header("3", 2, true, false, 0, 0), page(2, filled(1)));
    assertThatThrownBy(() -> PullDecoder.decode(body)).isInstanceOf(PullProtocolException.class).hasMessageContaining("beyond the database size");
  }

  @Test
  void rejectsUnsupportedEncodingsAndStreamKinds() {
    assertThatThrownBy(() -> PullDecoder.decode(stream(header("3", 2, true, true, 0, 0)))).hasMessageContaining("zstd");
    assertThatThrownBy(() -> PullDecoder.decode(stream(header("3", 2, false, false, 0, 0)))).hasMessageContaining("raw_encoding");
    assertThatThrownBy(() -> PullDecoder.decode(stream(header("3", 2, true, false, 1, 0)))).hasMessageContaining("stream_kind 1");
    assertThatThrownBy(() -> PullDecoder.decode(stream(header("3", 2, true, false, 0, 5)))).hasMessageContaining("apply_mode 5");
    assertThatThrownBy(() -> PullDecoder.decode(stream(header("", 2, true, false, 0, 0)))).hasMessageContaining("server_revision");
  }

  @Test
  void rejectsWrongWireTypeForAKnownField() {
    ProtoWire.Writer w = new ProtoWire.Writer();
    w.tag(2, ProtoWire.LEN); // db_size must be a varint
    w.varint(1);
    w.write(new byte[] {1});
    assertThatThrownBy(() -> PullDecoder.decode(stream(w.toByteArray()))).hasMessageContaining("db_size has wire type 2");
  }

  @Test
  void rejectsHugeLengthPrefixesWithoutAllocating() {
    ProtoWire.Writer w = new ProtoWire.Writer();
    w.varint(Integer.MAX_VALUE);
    assertThatThrownBy(() -> PullDecoder.decode(w.toByteArray())).hasMessageContaining("exceeds");
    ProtoWire.Writer inner = new ProtoWire.Writer();
    inner.tag(1, ProtoWire.LEN);
    inner.varint(1000); // field claims more bytes than its message has
    assertThatThrownBy(() -> PullDecoder.decode(stream(inner.toByteArray()))).hasMessageContaining("overruns");
  }

  @Test
  void rejectsGarbage() {
    byte[] junk = "HTTP/1.1 500 oops\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> PullDecoder.decode(junk)).isInstanceOf(PullProtocolException.class);
  }

  @Test
  void encodesRequests() {
    assertThat(PullRequest.since("").encode()).isEmpty();
    byte[] b = PullRequest.since("42").encode();
    assertThat(b).containsExactly(0x1a, 2, '4', '2');
    assertThat(new PullRequest(null, "7").encode()).containsExactly(0x12, 1, '7');
  }
}
