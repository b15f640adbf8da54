package dev.memorygraph.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.MemoryGraph;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryType;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.spi.GraphBackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery and selection against the real SQLite provider, with deliberately broken providers
 * registered beside it in the test class path's {@code META-INF/services}.
 */
class BackendFactoryTest {
  private Path dir;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "factory-tests",
        UUID.randomUUID().toString()));
  }

  private MemoryGraphConfig config(String backend) {
    MemoryGraphConfig.Builder b = MemoryGraphConfig.builder()
        .set(ConfigKeys.MEMORY_SQLITE_PATH, dir.resolve("memory.db").toString());
    if (backend != null) {
      b.backend(backend);
    }
    return b.build();
  }

  @Test
  void brokenProvidersDoNotHideTheWorkingOnes() {
    // The services file lists a provider whose constructor throws and a class that does not
    // exist before the usable ones; discovery must skip both and still find the rest.
    assertThat(BackendFactory.availableBackends())
        .contains("sqlite", "probe", "misjudging")
        .doesNotContain("broken");
  }

  @Test
  void defaultSelectionIsSqliteAndReallyStores() {
    GraphBackendProvider p = BackendFactory.discover().select(config(null));
    assertThat(p.name()).isEqualTo("sqlite");

    Path db = dir.resolve("memory.db");
    try (MemoryGraph graph = BackendFactory.open(config(null))) {
      assertThat(graph.backend().backendName()).isEqualTo("sqlite");
      Memory m = graph.store(Memory.builder().id("factory-1").type(MemoryType.SOLUTION)
          .title("Factory default works").content("stored through BackendFactory.open").build());
      assertThat(graph.get("factory-1")).contains(m);
    }
    assertThat(db).exists();
    try (MemoryGraph again = BackendFactory.open(config("sqlite"))) {
      assertThat(again.get("factory-1")).map(Memory::title).contains("Factory default works");
    }
  }

  @Test
  void namesAndAliasesMatchCaseInsensitively() {
    BackendFactory f = BackendFactory.discover();
    assertThat(f.select(config("SQLite")).name()).isEqualTo("sqlite");
    assertThat(f.select(config("  sqlite ")).name()).isEqualTo("sqlite");
    assertThat(f.select(config("PROBE-ALIAS").with("MEMORY_PROBE_ENABLED", "true")).name()).isEqualTo("probe");
    assertThat(f.find("probe-alias")).map(GraphBackendProvider::name).contains("probe");
    assertThat(f.find("nope")).isEmpty();
  }

  @Test
  void createReturnsAnUnconnectedBackendOfTheSelectedKind() {
    GraphBackend backend = BackendFactory.create(config("probe").with("MEMORY_PROBE_ENABLED", "yes"));
    try {
      assertThat(backend.backendName()).isEqualTo("sqlite");
    } finally {
      backend.close();
    }
  }

  @Test
  void unknownBackendNamesTheAvailableOnes() {
    assertThatThrownBy(() -> BackendFactory.create(config("cassandra")))
        .isInstanceOf(UnknownBackendException.class)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("MEMORY_BACKEND")
        .hasMessageContaining("cassandra")
        .hasMessageContaining("sqlite")
        .hasMessageContaining("probe")
        .satisfies(e -> {
          UnknownBackendException u = (UnknownBackendException) e;
          assertThat(u.field()).isEqualTo("MEMORY_BACKEND");
          assertThat(u.requested()).isEqualTo("cassandra");
          assertThat(u.available()).contains("sqlite", "probe");
        });
  }

  @Test
  void explicitlySelectedBackendWithoutItsSettingsFailsClearly() {
    assertThatThrownBy(() -> BackendFactory.create(config("probe")))
        .isInstanceOf(BackendNotConfiguredException.class)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("MEMORY_BACKEND")
        .hasMessageContaining("'probe' backend is selected but not configured")
        .hasMessageContaining("sqlite");
    // A provider whose check throws is reported, not propagated raw.
    assertThatThrownBy(() -> BackendFactory.create(config("misjudging")))
        .isInstanceOf(BackendNotConfiguredException.class)
        .hasMessageContaining("cannot tell");
  }

  @Test
  void malformedBackendNameIsRejectedByConfigValidation() {
    assertThatThrownBy(() -> BackendFactory.create(config("sql lite; drop")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("MEMORY_BACKEND");
  }

  @Test
  void invalidSettingIsRejectedBeforeAnythingIsCreated() {
    MemoryGraphConfig bad = config(null).with(ConfigKeys.MEMORY_ALLOW_CYCLES, "maybe");
    assertThatThrownBy(() -> BackendFactory.open(bad))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(ConfigKeys.MEMORY_ALLOW_CYCLES);
    assertThat(dir.resolve("memory.db")).doesNotExist();
  }

  @Test
  void autoFallsBackToSqliteWhenNothingElseIsConfigured() {
    // "misjudging" has the highest priority but its check throws: it must be skipped.
    GraphBackendProvider p = BackendFactory.discover().select(config("auto"));
    assertThat(p.name()).isEqualTo("sqlite");
    try (MemoryGraph graph = BackendFactory.open(config("AUTO"))) {
      assertThat(graph.health().healthy()).isTrue();
    }
  }

  @Test
  void autoPrefersAConfiguredBackend() {
    MemoryGraphConfig c = config("auto").with("MEMORY_PROBE_ENABLED", "true");
    assertThat(BackendFactory.discover().select(c).name()).isEqualTo("probe");
  }

  @Test
  void autoWithoutTheDefaultInstalledFailsNamingWhatExists() {
    BackendFactory onlyProbe = BackendFactory.of(java.util.List.of(new ProbeProvider()));
    assertThatThrownBy(() -> onlyProbe.select(config("auto")))
        .isInstanceOf(UnknownBackendException.class)
        .hasMessageContaining("available backends: probe");
  }

  @Test
  void emptyFactoryReportsThatNothingIsInstalled() {
    BackendFactory none = BackendFactory.of(java.util.List.of());
    assertThatThrownBy(() -> none.select(MemoryGraphConfig.of(Map.of())))
        .isInstanceOf(UnknownBackendException.class)
        .hasMessageContaining("(none installed)");
  }
}
