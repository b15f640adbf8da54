package dev.memorygraph.turso.hrana;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;

/**
 * The Hrana value encoding, both ways.
 *
 * <p>Wire forms: {@code {"type":"null"}}; {@code {"type":"integer","value":"42"}} (a decimal
 * STRING, so that 64-bit integers survive JSON parsers that use doubles; servers reject a JSON
 * number); {@code {"type":"float","value":2.5}} (a JSON number); {@code {"type":"text","value":"x"}};
 * {@code {"type":"blob","base64":"..."}} (servers may omit the padding, so decoding accepts both).
 */
public final class HranaValues {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private HranaValues() {}

  /**
   * Whether a Java value can be sent: null, {@link Long}, {@link Integer}, {@link Short},
   * {@link Byte}, {@link Boolean} (as 1/0), {@link BigInteger} within 64 bits (as integers),
   * finite {@link Double}/{@link Float} (as floats), {@link String} (text), {@code byte[]} (blob).
   */
  public static boolean encodable(Object v) {
    if (v == null || v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof Byte || v instanceof Boolean || v instanceof String || v instanceof byte[]) {
      return true;
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0;
    }
    if (v instanceof Double || v instanceof Float) {
      return Double.isFinite(((Number) v).doubleValue());
    }
    return false;
  }

  /** Writes one value object. */
  static void write(JsonGenerator g, Object v) throws IOException {
    g.writeStartObject();
    if (v == null) {
      g.writeStringField("type", "null");
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      g.writeStringField("type", "integer");
      g.writeStringField("value", v.toString());
    } else if (v instanceof Boolean) {
      g.writeStringField("type", "integer");
      g.writeStringField("value", ((Boolean) v) ? "1" : "0");
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("NaN and infinite floats cannot be sent");
      }
      g.writeStringField("type", "float");
      g.writeFieldName("value");
      // The shortest decimal, so that a safe float (see ExactFloats) goes out in its exact form.
      g.writeNumber(d == 0 ? (1 / d < 0 ? "-0.0" : "0.0") : ExactFloats.decimal(d).toString());
    } else if (v instanceof String) {
      g.writeStringField("type", "text");
      g.writeStringField("value", (String) v);
    } else if (v instanceof byte[]) {
      g.writeStringField("type", "blob");
      g.writeStringField("base64", Base64.getEncoder().encodeToString((byte[]) v));
    } else {
      throw new IllegalArgumentException("unsupported argument type " + v.getClass().getName());
    }
    g.writeEndObject();
  }

  /**
   * Decodes one value object.
   *
   * @throws HranaProtocolException when the object is not a valid Hrana value
   */
  static Object read(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new HranaProtocolException("a value is not an object");
    }
    String type = n.path("type").asText("");
    switch (type) {
      case "null":
        return null;
      case "integer": {
        JsonNode v = n.get("value");
        if (v != null && v.isTextual()) {
          try {
            return Long.parseLong(v.textValue());
          } catch (NumberFormatException e) {
            throw new HranaProtocolException("integer value is not a 64-bit decimal: " + abbreviate(v.textValue()));
          }
        }
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
          return v.longValue(); // lenient: some servers send small integers as numbers
        }
        throw new HranaProtocolException("integer value missing or malformed");
      }
      case "float": {
        JsonNode v = n.get("value");
        if (v != null && v.isNumber()) {
          return v.doubleValue();
        }
        if (v != null && v.isTextual()) {
          try {
            return Double.parseDouble(v.textValue());
          } catch (NumberFormatException e) {
            throw new HranaProtocolException("float value is not a number: " + abbreviate(v.textValue()));
          }
        }
        throw new HranaProtocolException("float value missing or malformed");
      }
      case "text": {
        JsonNode v = n.get("value");
        if (v == null || !v.isTextual()) {
          throw new HranaProtocolException("text value missing");
        }
        return v.textValue();
      }
      case "blob": {
        JsonNode v = n.get("base64");
        if (v == null || !v.isTextual()) {
          throw new HranaProtocolException("blob value missing");
        }
        try {
          // java.util.Base64's decoder accepts both padded and unpadded input.
          return Base64.getDecoder().decode(v.textValue());
        } catch (IllegalArgumentException e) {
          throw new HranaProtocolException("blob value is not base64");
        }
      }
      default:
        throw new HranaProtocolException("unknown value type '" + abbreviate(type) + "'");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
