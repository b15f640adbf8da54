package dev.memorygraph.turso.pull;

/**
 * The first message of a page-pull response ({@code PullUpdatesRespProtoBody}), already checked
 * to describe a raw page stream this client can apply.
 *
 * @param serverRevision the revision the pages bring the client to
 * @param dbSizePages the database size in pages at that revision
 * @param replaceBase whether the pages replace the local file instead of patching it
 */
public record PullHeader(String serverRevision, long dbSizePages, boolean replaceBase) {}
