package dev.memorygraph.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a backend can do, and for each thing it cannot, why.
 *
 * @param unsupported each missing capability with the reason it is missing
 */
public record Capabilities(Map<Capability, String> unsupported) {

  /** Copies the map. */
  public Capabilities {
    unsupported = unsupported.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(unsupported));
  }

  /** Everything supported. */
  public static Capabilities all() {
    return new Capabilities(Map.of());
  }

  /** Everything supported except the given capabilities. */
  public static Capabilities allExcept(Map<Capability, String> missing) {
    return new Capabilities(missing);
  }

  /** Whether the capability is there. */
  public boolean supports(Capability c) {
    return !unsupported.containsKey(c);
  }

  /** Why a capability is missing, empty when it is supported. */
  public Optional<String> reason(Capability c) {
    return Optional.ofNullable(unsupported.get(c));
  }

  /** The supported capabilities. */
  public Set<Capability> supported() {
    EnumSet<Capability> s = EnumSet.allOf(Capability.class);
    s.removeAll(unsupported.keySet());
    return Collections.unmodifiableSet(s);
  }

  /** A copy with one more missing capability. */
  public Capabilities without(Capability c, String reason) {
    EnumMap<Capability, String> m = new EnumMap<>(Capability.class);
    m.putAll(unsupported);
    m.put(c, reason);
    return new Capabilities(m);
  }
}
