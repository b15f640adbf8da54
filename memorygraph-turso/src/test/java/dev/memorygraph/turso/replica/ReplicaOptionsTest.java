package dev.memorygraph.turso.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memorygraph.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Replica settings: validation names the field; the token never shows. */
class ReplicaOptionsTest {

  @Test
  void defaultsMatchTheDocumentedSettings() {
    ReplicaOptions o = ReplicaOptions.builder(Path.of("r"), "http://127.0.0.1:1").build();
    assertThat(o.autoSync()).isTrue();
    assertThat(o.syncInterval()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void badSettingsNameTheirField() {
    assertThatThrownBy(() -> ReplicaOptions.builder(null, "http://h").build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("directory");
    assertThatThrownBy(() -> ReplicaOptions.builder(Path.of("r"), " ").build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("primaryUrl");
    assertThatThrownBy(() -> ReplicaOptions.builder(Path.of("r"), "ftp://h").build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("primaryUrl");
    assertThatThrownBy(() -> ReplicaOptions.builder(Path.of("r"), "http://h").syncInterval(Duration.ofSeconds(-1)).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("syncInterval");
    assertThatThrownBy(() -> ReplicaOptions.builder(Path.of("r"), "http://h").requestTimeout(Duration.ZERO).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("requestTimeout");
  }

  @Test
  void tokenNeverAppearsInToString() {
    ReplicaOptions o = ReplicaOptions.builder(Path.of("r"), "libsql://db.example").authToken(() -> "eyJ-secret-token").build();
    assertThat(o.toString()).doesNotContain("eyJ-secret-token").contains("authToken=***");
  }
}
