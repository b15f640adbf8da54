package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memorygraph.MemoryGraphException;
import dev.memorygraph.ValidationException;
import dev.memorygraph.cli.ExitCodes;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.config.ConfigKeys;
import dev.memorygraph.config.MemoryGraphConfig;
import dev.memorygraph.factory.BackendFactory;
import dev.memorygraph.spi.GraphBackendProvider;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;

/** {@code memorygraph config}: the effective settings, secrets hidden. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {
        "Show the effective settings and the installed backends.",
        "",
        "Settings come from the environment plus --backend/--db. Secret values (passwords, tokens) are shown as ***. Does not connect to anything. Exit code 2 when the settings select no usable backend (the settings are still shown)."},
    footerHeading = "%nExamples:%n",
    footer = {"  memorygraph config", "  MEMORY_BACKEND=auto memorygraph config --json"})
public final class ConfigCommand extends BaseCommand {

  @Override
  public Integer call() {
    MemoryGraphConfig config = root.config();
    BackendFactory factory = BackendFactory.discover();
    // Shown even when the selection fails: this command is where users diagnose that.
    GraphBackendProvider selected = null;
    ValidationException problem = null;
    try {
      selected = factory.select(config);
    } catch (ValidationException e) {
      problem = e;
    }
    Map<String, String> settings = new TreeMap<>(config.redacted());
    if (selected != null && selected.name().equals(BackendFactory.DEFAULT_BACKEND)) {
      settings.putIfAbsent(ConfigKeys.MEMORY_SQLITE_PATH, config.sqlitePath() + " (default)");
    }
    if (json()) {
      ObjectNode n = JsonCodec.object();
      n.put("requested_backend", config.backend());
      n.put("selected_backend", selected == null ? null : selected.name());
      n.put("problem", problem == null ? null : MemoryGraphException.redact(problem.getMessage()));
      ObjectNode s = n.putObject("settings");
      settings.forEach((k, v) -> s.put(k, MemoryGraphException.redact(v)));
      ArrayNode available = n.putArray("available_backends");
      for (GraphBackendProvider p : factory.providers()) {
        ObjectNode a = available.addObject();
        a.put("name", p.name());
        a.set("aliases", JsonCodec.strings(new java.util.TreeSet<>(p.aliases())));
        a.put("description", p.description());
      }
      printJson(n);
    } else {
      if (selected != null) {
        println("Backend: " + selected.name()
            + (config.backend().equals(selected.name()) ? "" : " (MEMORY_BACKEND=" + config.backend() + ")"));
      } else {
        println("Backend: none usable: " + MemoryGraphException.redact(problem.getMessage()));
      }
      println("Settings:");
      settings.forEach((k, v) -> println("  " + k + "=" + MemoryGraphException.redact(v)));
      println("Installed backends:");
      for (GraphBackendProvider p : factory.providers()) {
        println("  " + p.name() + (p.aliases().isEmpty() ? "" : " (aliases: " + String.join(", ", new java.util.TreeSet<>(p.aliases())) + ")")
            + "  " + p.description());
      }
    }
    return problem == null ? ExitCodes.OK : ExitCodes.USAGE;
  }
}
