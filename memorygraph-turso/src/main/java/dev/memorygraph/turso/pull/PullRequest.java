package dev.memorygraph.turso.pull;

/**
 * A page-pull request ({@code PullUpdatesReqProtoBody}) for raw 4096-byte pages of the whole
 * database, no selectors, page stream kind.
 *
 * @param clientRevision the revision the client already holds; empty for a full snapshot
 * @param serverRevision the revision to pull up to; empty for the latest
 */
public record PullRequest(String clientRevision, String serverRevision) {
  /** Normalises nulls to the protocol's empty default. */
  public PullRequest {
    clientRevision = clientRevision == null ? "" : clientRevision;
    serverRevision = serverRevision == null ? "" : serverRevision;
  }

  /** A request for everything changed after {@code clientRevision} (null/empty = full snapshot). */
  public static PullRequest since(String clientRevision) {
    return new PullRequest(clientRevision, "");
  }

  /** The protobuf body: field 1 encoding (0 raw, omitted), 2 server_revision, 3 client_revision. */
  public byte[] encode() {
    ProtoWire.Writer w = new ProtoWire.Writer();
    w.uintField(1, 0);
    w.stringField(2, serverRevision);
    w.stringField(3, clientRevision);
    return w.toByteArray();
  }
}
