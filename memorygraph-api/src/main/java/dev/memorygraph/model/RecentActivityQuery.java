package dev.memorygraph.model;

/**
 * Which recent activity to summarise.
 *
 * @param days the window, 1..3650 days back from now (default 7)
 * @param limit most memories listed in each list, 1..1000 (default 20)
 * @param projectPath only this project, or null for all
 */
public record RecentActivityQuery(int days, int limit, String projectPath) {

  /** Seven days, 20 memories, all projects. */
  public static final RecentActivityQuery DEFAULT = new RecentActivityQuery(7, 20, null);

  /** Validates. */
  public RecentActivityQuery {
    Validation.range("days", days, 1, 3650);
    Validation.range("limit", limit, 1, SearchQuery.MAX_LIMIT);
    projectPath = Validation.optionalLine("project_path", projectPath, Validation.MAX_CONTEXT_STRING);
  }

  /** The default query for a number of days. */
  public static RecentActivityQuery days(int days) {
    return new RecentActivityQuery(days, DEFAULT.limit(), null);
  }
}
