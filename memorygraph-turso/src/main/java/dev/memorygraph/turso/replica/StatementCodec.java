package dev.memorygraph.turso.replica;

import dev.memorygraph.turso.hrana.HranaStatement;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Binary encoding of an outbox entry's statements (exact round trip of all five value types). */
final class StatementCodec {
  private static final int VERSION = 1;

  private StatementCodec() {}

  static byte[] encode(List<HranaStatement> statements) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeInt(statements.size());
      for (HranaStatement s : statements) {
        writeBytes(out, s.sql().getBytes(StandardCharsets.UTF_8));
        out.writeInt(s.args().size());
        for (Object v : s.args()) {
          if (v == null) {
            out.writeByte(0);
          } else if (v instanceof Boolean b) {
            out.writeByte(1);
            out.writeLong(b ? 1 : 0);
          } else if (v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)) {
            // Long, Integer, Short, Byte and in-range BigInteger: all stored as SQLite integers.
            out.writeByte(1);
            out.writeLong(num.longValue());
          } else if (v instanceof Number num) {
            out.writeByte(2);
            out.writeDouble(num.doubleValue());
          } else if (v instanceof String str) {
            out.writeByte(3);
            writeBytes(out, str.getBytes(StandardCharsets.UTF_8));
          } else {
            out.writeByte(4);
            writeBytes(out, (byte[]) v);
          }
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<HranaStatement> decode(byte[] payload) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalStateException("outbox entry encoded with unknown version " + version);
      }
      int n = in.readInt();
      List<HranaStatement> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String sql = new String(readBytes(in), StandardCharsets.UTF_8);
        int argc = in.readInt();
        List<Object> args = new ArrayList<>(argc);
        for (int a = 0; a < argc; a++) {
          int tag = in.readUnsignedByte();
          args.add(switch (tag) {
            case 0 -> null;
            case 1 -> in.readLong();
            case 2 -> in.readDouble();
            case 3 -> new String(readBytes(in), StandardCharsets.UTF_8);
            case 4 -> readBytes(in);
            default -> throw new IllegalStateException("outbox entry has unknown value tag " + tag);
          });
        }
        out.add(new HranaStatement(sql, args, false));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("outbox entry is corrupt", e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0) {
      throw new IOException("negative length");
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }
}
