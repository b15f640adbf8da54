package dev.memorygraph.turso;

import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.spi.GraphBackend;
import dev.memorygraph.tck.GraphBackendTck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The backend contract in LOCAL mode: a new SQLite file per backend through sqlite-jdbc. */
class TursoLocalTckTest extends GraphBackendTck {
  private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "turso-local-tck");
  private final Map<GraphBackend, MemoryGraphConfig> configs = new IdentityHashMap<>();

  @Override
  protected GraphBackend newBackend(MemoryGraphConfig settings) {
    Path file = DIR.resolve(UUID.randomUUID() + ".db");
    MemoryGraphConfig c = settings.with(ConfigKeys.MEMORY_TURSO_PATH, file.toString());
    TursoBackend b = TursoBackend.fromConfig(c);
    configs.put(b, c);
    return b;
  }

  @Override
  protected GraphBackend reopen(GraphBackend backend) {
    TursoBackend b = TursoBackend.fromConfig(configs.get(backend));
    configs.put(b, configs.get(backend));
    return b;
  }

  @Override
  protected void cleanup(List<GraphBackend> backends) {
    for (GraphBackend b : backends) {
      MemoryGraphConfig c = configs.remove(b);
      if (c == null) {
        continue;
      }
      String f = c.get(ConfigKeys.MEMORY_TURSO_PATH).orElseThrow();
      for (String suffix : List.of("", "-wal", "-shm")) {
        try {
          Files.deleteIfExists(Path.of(f + suffix));
        } catch (IOException ignored) {
          // another backend over the same file may still hold it; target/ is wiped by the build
        }
      }
    }
  }
}
