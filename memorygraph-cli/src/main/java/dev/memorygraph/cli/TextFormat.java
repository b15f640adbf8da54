package dev.memorygraph.cli;

import dev.memorygraph.model.Memory;
import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.Relationship;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human-readable renderings of memories and relationships for the default (non-JSON) output. */
public final class TextFormat {
  private static final DateTimeFormatter SHORT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private TextFormat() {}

  /** A timestamp to the second, or "-". */
  public static String time(Instant t) {
    return t == null ? "-" : SHORT.format(t);
  }

  /** A score with two decimals. */
  public static String score(double d) {
    return String.format(Locale.ROOT, "%.2f", d);
  }

  /** One line: type, title and id. */
  public static String line(Memory m) {
    return String.format(Locale.ROOT, "%-13s %s  [%s]", m.type().id(), m.title(), m.id());
  }

  /** One line for a relationship: from -TYPE-> to, with its state. */
  public static String line(Relationship r) {
    StringBuilder sb = new StringBuilder()
        .append(r.fromId()).append(" -[").append(r.type().name()).append("]-> ").append(r.toId())
        .append("  strength ").append(score(r.strength()))
        .append("  valid from ").append(time(r.validFrom()));
    if (r.validUntil() != null) {
      sb.append(" until ").append(time(r.validUntil())).append(" (invalidated");
      if (r.invalidatedBy() != null) {
        sb.append(" by ").append(r.invalidatedBy());
      }
      sb.append(')');
    } else {
      sb.append(" (current)");
    }
    return sb.append("  [").append(r.id()).append(']').toString();
  }

  /** Every field of a memory, as a readable block. */
  public static String full(Memory m) {
    List<String> lines = new ArrayList<>();
    lines.add(m.title());
    field(lines, "id", m.id());
    field(lines, "type", m.type().id());
    field(lines, "tags", m.tags().isEmpty() ? null : String.join(", ", m.tags()));
    field(lines, "summary", m.summary());
    field(lines, "importance", score(m.importance()) + "   confidence " + score(m.confidence())
        + (m.effectiveness() != null ? "   effectiveness " + score(m.effectiveness()) : ""));
    field(lines, "created", time(m.createdAt()));
    field(lines, "updated", time(m.updatedAt()) + "   version " + m.version()
        + (m.updatedBy() != null ? " by " + m.updatedBy() : ""));
    if (m.usageCount() > 0 || m.lastAccessed() != null) {
      field(lines, "used", m.usageCount() + " times, last " + time(m.lastAccessed()));
    }
    MemoryContext c = m.context();
    field(lines, "project", c.projectPath());
    field(lines, "files", c.filesInvolved().isEmpty() ? null : String.join(", ", c.filesInvolved()));
    field(lines, "languages", c.languages().isEmpty() ? null : String.join(", ", c.languages()));
    field(lines, "frameworks", c.frameworks().isEmpty() ? null : String.join(", ", c.frameworks()));
    field(lines, "technologies", c.technologies().isEmpty() ? null : String.join(", ", c.technologies()));
    field(lines, "git", c.gitBranch() == null && c.gitCommit() == null ? null
        : (c.gitBranch() != null ? c.gitBranch() : "") + (c.gitCommit() != null ? " @ " + c.gitCommit() : ""));
    field(lines, "directory", c.workingDirectory());
    field(lines, "session", c.sessionId());
    field(lines, "user", c.userId());
    field(lines, "tenant", c.tenantId());
    field(lines, "team", c.teamId());
    field(lines, "visibility", c.visibility().id());
    field(lines, "created by", c.createdBy());
    c.additionalMetadata().forEach((k, v) -> field(lines, k, v));
    lines.add("");
    lines.add(m.content());
    return String.join("\n", lines);
  }

  private static void field(List<String> lines, String name, String value) {
    if (value != null && !value.isBlank()) {
      lines.add(String.format(Locale.ROOT, "  %-12s %s", name + ":", value));
    }
  }
}
