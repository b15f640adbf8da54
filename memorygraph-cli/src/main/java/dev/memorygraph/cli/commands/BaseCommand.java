package dev.memorygraph.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memorygraph.MemoryGraph;
import dev.memorygraph.cli.JsonCodec;
import dev.memorygraph.cli.MemoryGraphCli;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the root command's settings, the output streams and JSON
 * printing. A subcommand implements {@link #call()} and returns an exit code.
 */
public abstract class BaseCommand implements Callable<Integer> {
  /** The root command, holding the global options and the environment. */
  @ParentCommand
  protected MemoryGraphCli root;

  /** This command's model, for its output streams. */
  @Spec
  protected CommandSpec spec;

  /** Standard output. */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Standard error (progress, notes that must not pollute output). */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Whether {@code --json} output was asked for. */
  protected boolean json() {
    return root.json();
  }

  /** Opens the configured graph; the caller closes it. */
  protected MemoryGraph open() {
    return root.openGraph();
  }

  /** Prints a JSON value (pretty, newline-terminated). */
  protected void printJson(JsonNode node) {
    out().print(JsonCodec.pretty(node));
    out().flush();
  }

  /** Prints a line of text. */
  protected void println(String line) {
    out().println(line);
    out().flush();
  }
}
