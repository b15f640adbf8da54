package dev.memorygraph.turso.pull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protocol-buffer wire primitives the page-pull messages need.
 *
 * <p>Why hand-written rather than protobuf-java: the protocol uses three tiny messages with
 * scalar, string and bytes fields only; a 150-line codec avoids a 2 MB dependency plus generated
 * code, and lets the decoder be tested as a pure function on bytes. Unknown fields are skipped as
 * the protobuf rules require, so newer servers that add fields still decode.
 */
final class ProtoWire {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int FIXED32 = 5;

  private ProtoWire() {}

  /** A cursor over a byte range; every read checks bounds and fails with a clear message. */
  static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int offset, int length) {
      this.buf = buf;
      this.pos = offset;
      this.end = offset + length;
    }

    boolean hasMore() {
      return pos < end;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new PullProtocolException("truncated varint at byte " + pos);
        }
        byte b = buf[pos++];
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new PullProtocolException("varint longer than 10 bytes at byte " + pos);
    }

    /** Returns {@code [offset, length]} of a length-delimited field and skips over it. */
    int[] lengthDelimited() {
      long len = varint();
      if (len < 0 || len > end - pos) {
        throw new PullProtocolException("length-delimited field of " + len + " bytes overruns its message (" + (end - pos) + " left)");
      }
      int[] slice = {pos, (int) len};
      pos += (int) len;
      return slice;
    }

    String string() {
      int[] s = lengthDelimited();
      return new String(buf, s[0], s[1], StandardCharsets.UTF_8);
    }

    byte[] bytes() {
      int[] s = lengthDelimited();
      byte[] out = new byte[s[1]];
      System.arraycopy(buf, s[0], out, 0, s[1]);
      return out;
    }

    void skip(int wireType) {
      switch (wireType) {
        case VARINT -> varint();
        case FIXED64 -> advance(8);
        case LEN -> lengthDelimited();
        case FIXED32 -> advance(4);
        default -> throw new PullProtocolException("unsupported protobuf wire type " + wireType);
      }
    }

    private void advance(int n) {
      if (n > end - pos) {
        throw new PullProtocolException("truncated fixed-width field");
      }
      pos += n;
    }
  }

  /** Appends fields to a growing buffer. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    void tag(int field, int wireType) {
      varint(((long) field << 3) | wireType);
    }

    /** Writes a uint field; proto3 omits defaults, so 0 writes nothing. */
    void uintField(int field, long value) {
      if (value != 0) {
        tag(field, VARINT);
        varint(value);
      }
    }

    /** Writes a string field; the proto3 default (empty) writes nothing. */
    void stringField(int field, String value) {
      if (value != null && !value.isEmpty()) {
        bytesField(field, value.getBytes(StandardCharsets.UTF_8));
      }
    }

    void bytesField(int field, byte[] value) {
      if (value != null && value.length > 0) {
        tag(field, LEN);
        varint(value.length);
        out.write(value, 0, value.length);
      }
    }

    void write(byte[] raw) {
      out.write(raw, 0, raw.length);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
