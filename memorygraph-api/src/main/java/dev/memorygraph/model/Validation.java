package dev.memorygraph.model;

import dev.memorygraph.ValidationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The validation and normalisation rules shared by every record, the facade and every backend.
 *
 * <p>Every method either returns the normalised value or throws a {@link ValidationException}
 * naming the field. Records call these in their constructors, so an invalid record cannot exist
 * and no write path can skip validation.
 */
public final class Validation {
  /** Longest title, after trimming. */
  public static final int MAX_TITLE = 200;
  /** Longest content. */
  public static final int MAX_CONTENT = 50_000;
  /** Longest summary. */
  public static final int MAX_SUMMARY = 500;
  /** Most tags on one memory. */
  public static final int MAX_TAGS = 50;
  /** Longest tag. */
  public static final int MAX_TAG = 100;
  /** Longest id. */
  public static final int MAX_ID = 128;
  /** Longest context string (paths, branch names...). */
  public static final int MAX_CONTEXT_STRING = 4_096;
  /** Most entries in one context list or metadata map. */
  public static final int MAX_CONTEXT_ENTRIES = 1_000;
  /** Longest relationship context text. */
  public static final int MAX_RELATIONSHIP_CONTEXT = 10_000;
  /** Smallest storable instant (inclusive). */
  public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  /** Largest storable instant (inclusive). */
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");


  private Validation() {}

  /** The current time, truncated to microseconds, the precision every backend stores. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Checks an id: 1-128 characters of letters, digits, {@code . _ : -}, starting with a letter or
   * digit. UUIDs qualify. Nothing else does, so an id can never carry query syntax.
   */
  public static String id(String field, String value) {
    if (value == null) {
      throw new ValidationException(field, "must not be null");
    }
    if (!isId(value)) {
      throw new ValidationException(field,
          "must be 1-" + MAX_ID + " characters of letters, digits, '.', '_', ':' or '-' (was "
              + quote(value) + ")");
    }
    return value;
  }

  /**
   * {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}} by hand: every decoded memory and relationship checks
   * its ids, and the regular expression was measured as half of the time spent decoding a
   * FalkorDB traversal's rows.
   */
  private static boolean isId(String v) {
    int n = v.length();
    if (n == 0 || n > MAX_ID || !isAsciiAlnum(v.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = v.charAt(i);
      if (!isAsciiAlnum(c) && c != '.' && c != '_' && c != ':' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Like {@link #id} but null stays null. */
  public static String optionalId(String field, String value) {
    return value == null ? null : id(field, value);
  }

  /** Trims, requires 1..max characters and no control characters at all. */
  public static String requiredLine(String field, String value, int max) {
    if (value == null) {
      throw new ValidationException(field, "must not be null");
    }
    String v = value.strip();
    if (v.isEmpty()) {
      throw new ValidationException(field, "must not be blank");
    }
    checkLength(field, v, max);
    rejectControl(field, v, false);
    return v;
  }

  /** Trims; blank becomes null; otherwise at most max characters and no control characters. */
  public static String optionalLine(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return null;
    }
    checkLength(field, v, max);
    rejectControl(field, v, false);
    return v;
  }

  /** Multi-line text kept as given (not trimmed); 1..max characters, tab/CR/LF allowed. */
  public static String requiredText(String field, String value, int max) {
    if (value == null) {
      throw new ValidationException(field, "must not be null");
    }
    if (value.isBlank()) {
      throw new ValidationException(field, "must not be blank");
    }
    checkLength(field, value, max);
    rejectControl(field, value, true);
    return value;
  }

  /** Multi-line optional text: blank becomes null, otherwise as {@link #requiredText}. */
  public static String optionalText(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    checkLength(field, value, max);
    rejectControl(field, value, true);
    return value;
  }

  /** A finite number in [0, 1]. */
  public static double unit(String field, double value) {
    if (Double.isNaN(value) || value < 0.0 || value > 1.0) {
      throw new ValidationException(field, "must be a number between 0 and 1 (was " + value + ")");
    }
    return value == 0.0 ? 0.0 : value; // folds -0.0 into 0.0 so equality holds after storage
  }

  /** Null, or a number in [0, 1]. */
  public static Double optionalUnit(String field, Double value) {
    return value == null ? null : unit(field, value);
  }

  /** A count that is zero or more. */
  public static long nonNegative(String field, long value) {
    if (value < 0) {
      throw new ValidationException(field, "must be zero or more (was " + value + ")");
    }
    return value;
  }

  /** An int in [min, max]. */
  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ValidationException(field, "must be between " + min + " and " + max + " (was " + value + ")");
    }
    return value;
  }

  /** An instant in the storable range, truncated to microseconds. */
  public static Instant instant(String field, Instant value) {
    if (value == null) {
      throw new ValidationException(field, "must not be null");
    }
    return optionalInstant(field, value);
  }

  /** Like {@link #instant} but null stays null. */
  public static Instant optionalInstant(String field, Instant value) {
    if (value == null) {
      return null;
    }
    if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
      throw new ValidationException(field, "must be between year 1 and 9999 (was " + value + ")");
    }
    return value.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Normalises tags: trimmed, lower-cased (root locale), de-duplicated and sorted; each 1-100
   * characters with no control characters, at most 50.
   */
  public static List<String> tags(String field, Collection<String> tags) {
    if (tags == null || tags.isEmpty()) {
      return List.of();
    }
    TreeSet<String> out = new TreeSet<>();
    for (String t : tags) {
      if (t == null) {
        throw new ValidationException(field, "must not contain null");
      }
      out.add(requiredLine(field, t, MAX_TAG).toLowerCase(Locale.ROOT));
    }
    if (out.size() > MAX_TAGS) {
      throw new ValidationException(field, "must have at most " + MAX_TAGS + " entries (had " + out.size() + ")");
    }
    return List.copyOf(out);
  }

  /** A list of single-line strings, order kept, blanks rejected. */
  public static List<String> lines(String field, Collection<String> values) {
    if (values == null || values.isEmpty()) {
      return List.of();
    }
    if (values.size() > MAX_CONTEXT_ENTRIES) {
      throw new ValidationException(field, "must have at most " + MAX_CONTEXT_ENTRIES + " entries");
    }
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      if (v == null) {
        throw new ValidationException(field, "must not contain null");
      }
      out.add(requiredLine(field, v, MAX_CONTEXT_STRING));
    }
    return Collections.unmodifiableList(out);
  }

  /** A string map, sorted by key; keys are single lines, values may be multi-line text. */
  public static Map<String, String> metadata(String field, Map<String, String> values) {
    if (values == null || values.isEmpty()) {
      return Map.of();
    }
    if (values.size() > MAX_CONTEXT_ENTRIES) {
      throw new ValidationException(field, "must have at most " + MAX_CONTEXT_ENTRIES + " entries");
    }
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String k = requiredLine(field + " key", e.getKey(), MAX_TAG);
      if (e.getValue() == null) {
        throw new ValidationException(field + "." + k, "must not be null");
      }
      checkLength(field + "." + k, e.getValue(), MAX_CONTEXT_STRING);
      rejectControl(field + "." + k, e.getValue(), true);
      out.put(k, e.getValue());
    }
    return Collections.unmodifiableMap(out);
  }

  /** An unmodifiable enum set of the values; null or empty gives an empty set, a null element is rejected. */
  public static <E extends Enum<E>> java.util.Set<E> enums(String field, Collection<E> values, Class<E> type) {
    if (values == null || values.isEmpty()) {
      return java.util.Set.of();
    }
    java.util.EnumSet<E> out = java.util.EnumSet.noneOf(type);
    for (E e : values) {
      if (e == null) {
        throw new ValidationException(field, "must not contain null");
      }
      out.add(e);
    }
    return Collections.unmodifiableSet(out);
  }

  /** {@link #enums(String, Collection, Class)} for varargs. */
  @SafeVarargs
  public static <E extends Enum<E>> java.util.Set<E> enums(String field, Class<E> type, E... values) {
    if (values == null) {
      return java.util.Set.of();
    }
    List<E> list = new ArrayList<>(values.length);
    for (E v : values) {
      list.add(v); // a loop, not Arrays.asList: that call on a generic array warns of heap pollution
    }
    return enums(field, list, type);
  }

  /** Requires a non-null value. */
  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new ValidationException(field, "must not be null");
    }
    return value;
  }

  private static void checkLength(String field, String v, int max) {
    if (v.length() > max) {
      throw new ValidationException(field, "must be at most " + max + " characters (was " + v.length() + ")");
    }
  }

  private static void rejectControl(String field, String v, boolean allowWhitespace) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      if (control && !(allowWhitespace && (c == '\t' || c == '\n' || c == '\r'))) {
        throw new ValidationException(field, String.format("must not contain control character U+%04X", (int) c));
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1));
        if (!paired) {
          throw new ValidationException(field, "must not contain an unpaired surrogate");
        }
        i++;
      }
    }
  }

  private static String quote(String value) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    StringBuilder sb = new StringBuilder("\"");
    for (char c : shown.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.append('"').toString();
  }
}
