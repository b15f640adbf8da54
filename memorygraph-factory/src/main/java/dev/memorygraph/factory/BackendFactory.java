package dev.memorygraph.factory;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds backends through {@link ServiceLoader} and picks one by {@code MEMORY_BACKEND}.
 *
 * <p>{@code MEMORY_BACKEND} holds a provider's name or alias (case-insensitive), {@code sqlite}
 * when unset, or {@code auto}. A backend named explicitly must report itself configured
 * ({@link GraphBackendProvider#isConfigured}), else {@link BackendNotConfiguredException}; with
 * {@code auto} the configured providers are tried by descending
 * {@link GraphBackendProvider#autoPriority()} (then name), falling back to {@code sqlite}. A
 * provider that fails to load (missing class, constructor throwing, incompatible jar) is logged
 * and skipped so that the others stay usable.
 *
 * <pre>{@code
 * try (MemoryGraph graph = BackendFactory.open()) {   // reads MEMORY_BACKEND etc.
 *   graph.search("flaky test");
 * }
 * }</pre>
 */
public final class BackendFactory {
  /** The backend used when {@code MEMORY_BACKEND} is unset. */
  public static final String DEFAULT_BACKEND = "sqlite";
  /** The {@code MEMORY_BACKEND} value that picks the first configured backend. */
  public static final String AUTO = "auto";

  // ServiceLoader only promises a best effort to move past a failed entry; this bounds the loop.
  private static final int MAX_LOAD_FAILURES = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(BackendFactory.class);

  private final List<GraphBackendProvider> providers;

  private BackendFactory(List<GraphBackendProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  /** A factory over the providers visible to the thread's context class loader (or this class's). */
  public static BackendFactory discover() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return discover(cl != null ? cl : BackendFactory.class.getClassLoader());
  }

  /** A factory over the providers visible to a class loader. */
  public static BackendFactory discover(ClassLoader classLoader) {
    return new BackendFactory(load(classLoader));
  }

  /** A factory over exactly these providers (for embedding without ServiceLoader). */
  public static BackendFactory of(List<? extends GraphBackendProvider> providers) {
    return new BackendFactory(new ArrayList<>(providers));
  }

  /**
   * Creates the backend {@code MEMORY_BACKEND} selects, unconnected.
   *
   * @throws dev.memorygraph.ValidationException naming the bad setting
   * @throws UnknownBackendException when no installed backend matches
   */
  public static GraphBackend create(MemoryGraphConfig config) {
    return discover().createBackend(config);
  }

  /** Opens the graph the process environment selects: connected, schema initialised. */
  public static MemoryGraph open() {
    return open(MemoryGraphConfig.fromEnvironment());
  }

  /** Opens the graph a configuration selects: connected, schema initialised. */
  public static MemoryGraph open(MemoryGraphConfig config) {
    return discover().openGraph(config);
  }

  /** The names of the backends installed on the class path, sorted. */
  public static List<String> availableBackends() {
    return discover().names();
  }

  /** The loaded providers, sorted by name. */
  public List<GraphBackendProvider> providers() {
    return providers;
  }

  /** The names of this factory's providers, sorted. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (GraphBackendProvider p : providers) {
      out.add(p.name());
    }
    return Collections.unmodifiableList(out);
  }

  /** The provider whose name or alias is {@code name}, case-insensitively. */
  public Optional<GraphBackendProvider> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (GraphBackendProvider p : providers) {
      if (p.name().equalsIgnoreCase(n)) {
        return Optional.of(p);
      }
    }
    for (GraphBackendProvider p : providers) {
      for (String alias : p.aliases()) {
        if (alias.equalsIgnoreCase(n)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The provider a configuration selects, after {@link MemoryGraphConfig#validate()}.
   *
   * @throws UnknownBackendException when the name matches nothing installed
   * @throws BackendNotConfiguredException when the named backend lacks its settings
   */
  public GraphBackendProvider select(MemoryGraphConfig config) {
    config.validate();
    String requested = config.backend();
    if (AUTO.equals(requested)) {
      return selectAuto(config);
    }
    GraphBackendProvider p = find(requested).orElseThrow(() -> new UnknownBackendException(requested,
        "no installed backend is named '" + requested + "'", names()));
    boolean configured;
    String why;
    try {
      configured = p.isConfigured(config);
      why = p.description();
    } catch (RuntimeException e) {
      configured = false;
      why = "its settings could not be checked: " + MemoryGraphException.redact(e.getMessage());
    }
    if (!configured) {
      throw new BackendNotConfiguredException(p.name(), why, names());
    }
    return p;
  }

  /** Creates the selected backend, unconnected. */
  public GraphBackend createBackend(MemoryGraphConfig config) {
    GraphBackendProvider p = select(config);
    LOG.debug("Creating the {} backend", p.name());
    return p.create(config);
  }

  /** Creates, connects and initialises the selected backend. */
  public MemoryGraph openGraph(MemoryGraphConfig config) {
    return MemoryGraph.open(createBackend(config));
  }

  private GraphBackendProvider selectAuto(MemoryGraphConfig config) {
    List<GraphBackendProvider> ordered = new ArrayList<>(providers);
    ordered.sort(Comparator.comparingInt(GraphBackendProvider::autoPriority).reversed()
        .thenComparing(GraphBackendProvider::name));
    for (GraphBackendProvider p : ordered) {
      if (p.name().equals(DEFAULT_BACKEND)) {
        continue; // the fallback is chosen last, whatever its priority
      }
      boolean configured;
      try {
        configured = p.isConfigured(config);
      } catch (RuntimeException e) {
        // A provider that cannot even judge its settings is not a candidate; the others still are.
        LOG.warn("MEMORY_BACKEND=auto: skipping backend {}: {}", p.name(), e.getMessage());
        continue;
      }
      if (configured) {
        LOG.info("MEMORY_BACKEND=auto selected the {} backend (it is configured)", p.name());
        return p;
      }
    }
    GraphBackendProvider fallback = find(DEFAULT_BACKEND).orElseThrow(() -> new UnknownBackendException(AUTO,
        "auto found no configured backend and the default '" + DEFAULT_BACKEND + "' is not installed", names()));
    LOG.info("MEMORY_BACKEND=auto selected the {} backend (no other backend is configured)", fallback.name());
    return fallback;
  }

  private static List<GraphBackendProvider> load(ClassLoader classLoader) {
    Map<String, GraphBackendProvider> byName = new LinkedHashMap<>();
    Iterator<GraphBackendProvider> it = ServiceLoader.load(GraphBackendProvider.class, classLoader).iterator();
    int failures = 0;
    while (failures < MAX_LOAD_FAILURES) {
      GraphBackendProvider p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        // One broken jar (class missing, constructor throwing) must not hide the other backends.
        LOG.warn("Skipping a backend provider that failed to load: {}", describe(e));
        failures++;
        continue;
      }
      String name;
      try {
        name = p.name();
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("Skipping backend provider {}: name() failed: {}", p.getClass().getName(), describe(e));
        continue;
      }
      if (name == null || name.isBlank()) {
        LOG.warn("Skipping backend provider {}: it has no name", p.getClass().getName());
        continue;
      }
      String key = name.strip().toLowerCase(Locale.ROOT);
      GraphBackendProvider previous = byName.putIfAbsent(key, p);
      if (previous != null) {
        LOG.warn("Backend name '{}' is provided twice ({} and {}); keeping the first",
            key, previous.getClass().getName(), p.getClass().getName());
      }
    }
    List<GraphBackendProvider> out = new ArrayList<>(byName.values());
    out.sort(Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT)));
    return out;
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append(" (caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(')');
    }
    return MemoryGraphException.redact(sb.toString());
  }
}
