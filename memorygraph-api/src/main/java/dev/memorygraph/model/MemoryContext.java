package dev.memorygraph.model;

import static dev.memorygraph.model.Validation.MAX_CONTEXT_STRING;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where and by whom a memory was made: project, files, languages, git state, session, tenant.
 *
 * <p>Blank strings become null, null lists and maps become empty, metadata is sorted by key, so
 * that a context compares equal after a round trip through any backend. Lists keep their order.
 *
 * @param projectPath the project's root path
 * @param filesInvolved files the memory is about
 * @param languages programming languages involved
 * @param frameworks frameworks involved
 * @param technologies other technologies involved
 * @param gitCommit the commit checked out
 * @param gitBranch the branch checked out
 * @param workingDirectory the working directory
 * @param timestamp when the context was captured
 * @param sessionId the agent or user session
 * @param userId the user
 * @param additionalMetadata free-form string pairs
 * @param tenantId the tenant (multi-tenant deployments)
 * @param teamId the team
 * @param visibility who may see the memory, default {@link Visibility#PROJECT}
 * @param createdBy who created it
 */
public record MemoryContext(
    String projectPath,
    List<String> filesInvolved,
    List<String> languages,
    List<String> frameworks,
    List<String> technologies,
    String gitCommit,
    String gitBranch,
    String workingDirectory,
    Instant timestamp,
    String sessionId,
    String userId,
    Map<String, String> additionalMetadata,
    String tenantId,
    String teamId,
    Visibility visibility,
    String createdBy) {

  /** A context with nothing set but the default visibility. */
  public static final MemoryContext EMPTY = builder().build();

  /** Validates and normalises every field. */
  public MemoryContext {
    projectPath = Validation.optionalLine("context.project_path", projectPath, MAX_CONTEXT_STRING);
    filesInvolved = Validation.lines("context.files_involved", filesInvolved);
    languages = Validation.lines("context.languages", languages);
    frameworks = Validation.lines("context.frameworks", frameworks);
    technologies = Validation.lines("context.technologies", technologies);
    gitCommit = Validation.optionalLine("context.git_commit", gitCommit, MAX_CONTEXT_STRING);
    gitBranch = Validation.optionalLine("context.git_branch", gitBranch, MAX_CONTEXT_STRING);
    workingDirectory = Validation.optionalLine("context.working_directory", workingDirectory, MAX_CONTEXT_STRING);
    timestamp = Validation.optionalInstant("context.timestamp", timestamp);
    sessionId = Validation.optionalLine("context.session_id", sessionId, MAX_CONTEXT_STRING);
    userId = Validation.optionalLine("context.user_id", userId, MAX_CONTEXT_STRING);
    additionalMetadata = Validation.metadata("context.additional_metadata", additionalMetadata);
    tenantId = Validation.optionalLine("context.tenant_id", tenantId, MAX_CONTEXT_STRING);
    teamId = Validation.optionalLine("context.team_id", teamId, MAX_CONTEXT_STRING);
    visibility = visibility == null ? Visibility.PROJECT : visibility;
    createdBy = Validation.optionalLine("context.created_by", createdBy, MAX_CONTEXT_STRING);
  }

  /** True when nothing but the default visibility is set. */
  public boolean isEmpty() {
    return equals(EMPTY);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this context's values. */
  public Builder toBuilder() {
    return new Builder()
        .projectPath(projectPath).filesInvolved(filesInvolved).languages(languages)
        .frameworks(frameworks).technologies(technologies).gitCommit(gitCommit)
        .gitBranch(gitBranch).workingDirectory(workingDirectory).timestamp(timestamp)
        .sessionId(sessionId).userId(userId).additionalMetadata(additionalMetadata)
        .tenantId(tenantId).teamId(teamId).visibility(visibility).createdBy(createdBy);
  }

  /** Builds a {@link MemoryContext}; validation happens in {@link #build()}. */
  public static final class Builder {
    private String projectPath;
    private List<String> filesInvolved = List.of();
    private List<String> languages = List.of();
    private List<String> frameworks = List.of();
    private List<String> technologies = List.of();
    private String gitCommit;
    private String gitBranch;
    private String workingDirectory;
    private Instant timestamp;
    private String sessionId;
    private String userId;
    private Map<String, String> additionalMetadata = Map.of();
    private String tenantId;
    private String teamId;
    private Visibility visibility = Visibility.PROJECT;
    private String createdBy;

    private Builder() {}

    /** Sets the project path. */
    public Builder projectPath(String v) { this.projectPath = v; return this; }
    /** Sets the files involved. */
    public Builder filesInvolved(Collection<String> v) { this.filesInvolved = v == null ? null : new ArrayList<>(v); return this; }
    /** Sets the languages. */
    public Builder languages(Collection<String> v) { this.languages = v == null ? null : new ArrayList<>(v); return this; }
    /** Sets the frameworks. */
    public Builder frameworks(Collection<String> v) { this.frameworks = v == null ? null : new ArrayList<>(v); return this; }
    /** Sets the technologies. */
    public Builder technologies(Collection<String> v) { this.technologies = v == null ? null : new ArrayList<>(v); return this; }
    /** Sets the git commit. */
    public Builder gitCommit(String v) { this.gitCommit = v; return this; }
    /** Sets the git branch. */
    public Builder gitBranch(String v) { this.gitBranch = v; return this; }
    /** Sets the working directory. */
    public Builder workingDirectory(String v) { this.workingDirectory = v; return this; }
    /** Sets the capture time. */
    public Builder timestamp(Instant v) { this.timestamp = v; return this; }
    /** Sets the session id. */
    public Builder sessionId(String v) { this.sessionId = v; return this; }
    /** Sets the user id. */
    public Builder userId(String v) { this.userId = v; return this; }
    /** Sets the free-form metadata. */
    public Builder additionalMetadata(Map<String, String> v) { this.additionalMetadata = v; return this; }
    /** Sets the tenant id. */
    public Builder tenantId(String v) { this.tenantId = v; return this; }
    /** Sets the team id. */
    public Builder teamId(String v) { this.teamId = v; return this; }
    /** Sets the visibility. */
    public Builder visibility(Visibility v) { this.visibility = v; return this; }
    /** Sets who created the memory. */
    public Builder createdBy(String v) { this.createdBy = v; return this; }

    /** Validates and builds the context. */
    public MemoryContext build() {
      return new MemoryContext(projectPath, filesInvolved, languages, frameworks, technologies,
          gitCommit, gitBranch, workingDirectory, timestamp, sessionId, userId, additionalMetadata,
          tenantId, teamId, visibility, createdBy);
    }
  }
}
