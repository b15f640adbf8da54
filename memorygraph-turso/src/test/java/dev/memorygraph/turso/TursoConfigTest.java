package dev.memorygraph.turso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.UnsupportedCapabilityException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.model.Capability;
import dev.memorygraph.spi.GraphBackendProvider;
import dev.memorygraph.spi.SyncCapable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Settings, mode selection, secrets and provider registration (no server needed). */
class TursoConfigTest {
  private static final String TOKEN = "eyJ-secret-token-value";

  private static TursoConfig of(Map<String, String> m) {
    return TursoConfig.from(MemoryGraphConfig.of(m));
  }

  @Test
  void theSettingsPickTheMode() {
    assertThat(of(Map.of(ConfigKeys.MEMORY_TURSO_PATH, "/tmp/a.db")).mode()).isEqualTo(TursoConfig.Mode.LOCAL);
    assertThat(of(Map.of(ConfigKeys.TURSO_DATABASE_URL, "libsql://db.example.io")).mode()).isEqualTo(TursoConfig.Mode.REMOTE);
    assertThat(of(Map.of(ConfigKeys.MEMORY_TURSO_PATH, "/tmp/r", ConfigKeys.TURSO_DATABASE_URL, "http://127.0.0.1:1")).mode())
        .isEqualTo(TursoConfig.Mode.REPLICA);
  }

  @Test
  void syncSettingsParseWithDefaults() {
    TursoConfig d = of(Map.of(ConfigKeys.MEMORY_TURSO_PATH, "/tmp/a.db"));
    assertThat(d.autoSync()).isTrue();
    assertThat(d.syncInterval()).isEqualTo(Duration.ofSeconds(300));
    TursoConfig c = of(Map.of(ConfigKeys.MEMORY_TURSO_PATH, "/tmp/a.db", ConfigKeys.MEMORY_TURSO_AUTO_SYNC, "off",
        ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "0"));
    assertThat(c.autoSync()).isFalse();
    assertThat(c.syncInterval()).isZero();
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey(ConfigKeys.MEMORY_TURSO_AUTO_SYNC, () -> of(Map.of(ConfigKeys.MEMORY_TURSO_PATH, "/a", ConfigKeys.MEMORY_TURSO_AUTO_SYNC, "maybe")));
    assertKey(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, () -> of(Map.of(ConfigKeys.MEMORY_TURSO_PATH, "/a", ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "5m")));
    assertKey(ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, () -> of(Map.of(ConfigKeys.MEMORY_TURSO_PATH, "/a", ConfigKeys.MEMORY_TURSO_SYNC_INTERVAL, "-1")));
    assertKey(ConfigKeys.TURSO_DATABASE_URL, () -> of(Map.of(ConfigKeys.TURSO_DATABASE_URL, "mysql://x")).validate());
    assertKey(ConfigKeys.TURSO_DATABASE_URL, () -> TursoBackend.builder().url("https://u:" + TOKEN + "@h.example").build());
    assertKey(ConfigKeys.MEMORY_TURSO_PATH, () -> of(Map.of()).validate());
  }

  private static void assertKey(String key, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
      assertThat(e.field()).isEqualTo(key);
      assertThat(e.getMessage()).doesNotContain(TOKEN);
    });
  }

  @Test
  void theTokenIsNeverShown() {
    MemoryGraphConfig c = MemoryGraphConfig.of(Map.of(ConfigKeys.TURSO_DATABASE_URL, "libsql://db.example.io?authToken=" + TOKEN,
        ConfigKeys.TURSO_AUTH_TOKEN, TOKEN));
    TursoConfig t = TursoConfig.from(c);
    assertThat(t.authToken().get()).isEqualTo(TOKEN);
    assertThat(t.toString()).doesNotContain(TOKEN).contains("https://db.example.io");
    TursoBackend b = TursoBackend.fromConfig(c);
    assertThat(b.toString()).doesNotContain(TOKEN);
    assertThat(TursoBackend.builder().url("libsql://x.example").authToken(TOKEN).toString()).doesNotContain(TOKEN);
    assertThat(t.newClient().toString()).doesNotContain(TOKEN);
    b.close();
  }

  @Test
  void theProviderIsRegisteredAsTursoAndLibsql() {
    GraphBackendProvider p = ServiceLoader.load(GraphBackendProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(x -> x.name().equals("turso")).findFirst().orElseThrow();
    assertThat(p).isInstanceOf(TursoBackendProvider.class);
    assertThat(p.aliases()).containsExactly("libsql");
    assertThat(p.isConfigured(MemoryGraphConfig.of(Map.of()))).isFalse();
    assertThat(p.isConfigured(MemoryGraphConfig.of(Map.of(ConfigKeys.TURSO_DATABASE_URL, "libsql://h.example")))).isTrue();
    assertThat(p.create(MemoryGraphConfig.of(Map.of(ConfigKeys.MEMORY_TURSO_PATH, "/tmp/x.db")))).isInstanceOf(TursoBackend.class);
  }

  @Test
  void syncOutsideReplicaModeSaysWhy() {
    TursoBackend b = TursoBackend.builder().path(Path.of(System.getProperty("java.io.tmpdir"), "never-opened.db")).build();
    assertThat(b.capabilities().supports(Capability.SYNC)).isFalse();
    assertThat(b.capabilities().reason(Capability.SYNC)).hasValueSatisfying(r -> assertThat(r).contains("replica"));
    assertThatThrownBy(() -> b.sync().join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(UnsupportedCapabilityException.class);
    assertThat(((SyncCapable) b).syncStatus().mode()).isEqualTo("local");
    assertThatThrownBy(() -> b.outbox().join()).hasCauseInstanceOf(UnsupportedCapabilityException.class);
    assertThatThrownBy(() -> b.dropOutboxEntries(java.util.List.of(1L)).join())
        .hasCauseInstanceOf(UnsupportedCapabilityException.class);
    b.close();
  }
}
