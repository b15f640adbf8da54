package dev.memorygraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.config.MemoryGraphConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigAndSecretsTest {

  @Test
  void defaultsAndOverrides() {
    MemoryGraphConfig c = MemoryGraphConfig.of(Map.of());
    assertThat(c.backend()).isEqualTo("sqlite");
    assertThat(c.allowCycles()).isTrue();
    assertThat(c.sqlitePath().toString()).endsWith(".memorygraph/memory.db");
    MemoryGraphConfig o = c.toBuilder().backend("NEO4J").set("MEMORY_ALLOW_CYCLES", "no").build();
    assertThat(o.backend()).isEqualTo("neo4j");
    assertThat(o.allowCycles()).isFalse();
    assertThat(o.getSeconds("MEMORY_TURSO_SYNC_INTERVAL", Duration.ofSeconds(300))).hasSeconds(300);
  }

  @Test
  void malformedValuesNameTheKeyButNeverShowSecrets() {
    MemoryGraphConfig c = MemoryGraphConfig.of(Map.of("MEMORY_ALLOW_CYCLES", "maybe", "MEMORY_FALKORDB_PASSWORD", "hunter2x"));
    assertThatThrownBy(c::validate).isInstanceOf(ValidationException.class).hasMessageContaining("MEMORY_ALLOW_CYCLES");
    assertThatThrownBy(() -> c.getInt("MEMORY_FALKORDB_PASSWORD", 0))
        .hasMessageContaining("MEMORY_FALKORDB_PASSWORD").hasMessageNotContaining("hunter2x");
  }

  @Test
  void toStringRedactsSecrets() {
    MemoryGraphConfig c = MemoryGraphConfig.of(Map.of("TURSO_AUTH_TOKEN", "eyJsecret", "NEO4J_PASSWORD", "pw123456",
        "TURSO_DATABASE_URL", "libsql://db.example", "PATH", "/usr/bin"));
    assertThat(c.toString()).doesNotContain("eyJsecret").doesNotContain("pw123456")
        .contains("TURSO_DATABASE_URL").doesNotContain("/usr/bin");
    assertThat(c.redacted()).containsEntry("TURSO_AUTH_TOKEN", "***");
  }

  @Test
  void redactRemovesCredentialsFromDriverMessages() {
    assertThat(MemoryGraphException.redact("connect bolt://neo4j:s3cret@host:7687 failed"))
        .doesNotContain("s3cret").contains("neo4j:***@host");
    assertThat(MemoryGraphException.redact("header Authorization: Bearer abc.def-ghi"))
        .doesNotContain("abc.def-ghi");
    assertThat(MemoryGraphException.redact("password=hunter2 user=x")).doesNotContain("hunter2").contains("user=x");
    assertThat(new BackendUnavailableException("token: zzz999").getMessage()).doesNotContain("zzz999");
  }
}
