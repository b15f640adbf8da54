package dev.memorygraph.cli.commands;

import dev.memorygraph.model.MemoryContext;
import dev.memorygraph.model.Visibility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The memory-context options shared by {@code store} and {@code update}. */
public final class ContextOptions {
  @Option(names = "--project", paramLabel = "PATH", description = "Project path the memory belongs to.")
  String projectPath;

  @Option(names = "--file", paramLabel = "FILE", description = "A file involved (repeatable).")
  List<String> files;

  @Option(names = "--language", paramLabel = "LANG", description = "A language involved (repeatable).")
  List<String> languages;

  @Option(names = "--framework", paramLabel = "NAME", description = "A framework involved (repeatable).")
  List<String> frameworks;

  @Option(names = "--technology", paramLabel = "NAME", description = "A technology involved (repeatable).")
  List<String> technologies;

  @Option(names = "--git-commit", paramLabel = "SHA", description = "Git commit.")
  String gitCommit;

  @Option(names = "--git-branch", paramLabel = "BRANCH", description = "Git branch.")
  String gitBranch;

  @Option(names = "--working-dir", paramLabel = "DIR", description = "Working directory.")
  String workingDirectory;

  @Option(names = "--session", paramLabel = "ID", description = "Session id.")
  String sessionId;

  @Option(names = "--user", paramLabel = "ID", description = "User id.")
  String userId;

  @Option(names = "--tenant", paramLabel = "ID", description = "Tenant id.")
  String tenantId;

  @Option(names = "--team", paramLabel = "ID", description = "Team id.")
  String teamId;

  @Option(names = "--visibility", paramLabel = "V", description = "private, project (default), team or public.")
  Visibility visibility;

  @Option(names = "--created-by", paramLabel = "WHO", description = "Who created the memory.")
  String createdBy;

  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Free-form metadata (repeatable).")
  Map<String, String> metadata;

  /** Whether any context option was given. */
  boolean any() {
    return projectPath != null || files != null || languages != null || frameworks != null
        || technologies != null || gitCommit != null || gitBranch != null || workingDirectory != null
        || sessionId != null || userId != null || tenantId != null || teamId != null
        || visibility != null || createdBy != null || metadata != null;
  }

  /** The base context with every given option applied (lists and metadata are added to). */
  MemoryContext applyTo(MemoryContext base) {
    MemoryContext.Builder b = base.toBuilder();
    if (projectPath != null) {
      b.projectPath(projectPath);
    }
    if (files != null) {
      b.filesInvolved(concat(base.filesInvolved(), files));
    }
    if (languages != null) {
      b.languages(concat(base.languages(), languages));
    }
    if (frameworks != null) {
      b.frameworks(concat(base.frameworks(), frameworks));
    }
    if (technologies != null) {
      b.technologies(concat(base.technologies(), technologies));
    }
    if (gitCommit != null) {
      b.gitCommit(gitCommit);
    }
    if (gitBranch != null) {
      b.gitBranch(gitBranch);
    }
    if (workingDirectory != null) {
      b.workingDirectory(workingDirectory);
    }
    if (sessionId != null) {
      b.sessionId(sessionId);
    }
    if (userId != null) {
      b.userId(userId);
    }
    if (tenantId != null) {
      b.tenantId(tenantId);
    }
    if (teamId != null) {
      b.teamId(teamId);
    }
    if (visibility != null) {
      b.visibility(visibility);
    }
    if (createdBy != null) {
      b.createdBy(createdBy);
    }
    if (metadata != null) {
      Map<String, String> m = new LinkedHashMap<>(base.additionalMetadata());
      m.putAll(metadata);
      b.additionalMetadata(m);
    }
    return b.build();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    for (String s : b) {
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }
}
