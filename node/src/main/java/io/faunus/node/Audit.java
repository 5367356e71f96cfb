package io.faunus.node;

import io.faunus.log.Applier;
import io.faunus.log.CommitLog;
import io.faunus.model.doc.Keys;
import io.faunus.storage.Cf;
import io.faunus.storage.KeyElement;
import io.faunus.storage.Tuple;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one line per change to schema (collections, functions, FSL files), keys, credentials,
 * roles, access providers and databases, as applied on this node (every replica logs what it applies, so
 * any node's audit log is complete). A line names the database id, the kind, the document's name or id,
 * whether it was written or deleted, and the commit time; the query log's line with the same
 * {@code txn_ts} says which key did it. Never a document's content (a key's hash, a credential's).
 */
public final class Audit implements CommitLog.AppliedListener {
  /** The logger the server routes to audit.log. */
  public static final String LOGGER = "faunus.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  /** The native collections whose changes are audited, by their fixed ids (tokens are sessions: not). */
  private static final Map<Long, String> KINDS = Map.of(Keys.COLLECTION, "collection", Keys.FUNCTION, "function",
      Keys.DATABASE, "database", Keys.KEY, "key", Keys.ROLE, "role", Keys.CREDENTIAL, "credential",
      Keys.ACCESS_PROVIDER, "access_provider", Keys.SCHEMA_FILES, "schema_file", Keys.STAGED_FILES, "staged_schema_file");

  @Override
  public void applied(List<Applier.Change> changes, long lastCommitMicros) {
    if (!LOG.isInfoEnabled()) return;
    for (Applier.Change c : changes) {
      if (c.cf() != Cf.VERSIONS) continue;
      Tuple t;
      try {
        t = Tuple.decode(c.key());
      } catch (RuntimeException notATuple) { // settings and the like: not audited
        continue;
      }
      if (t.size() != 3 || !(t.get(0) instanceof KeyElement.Int db) || !(t.get(1) instanceof KeyElement.Int coll)) continue;
      String kind = KINDS.get(coll.value());
      if (kind == null) continue;
      String which = switch (t.get(2)) {
        case KeyElement.Int id -> Long.toString(id.value());
        case KeyElement.Text name -> name.value();
        default -> t.get(2).toString();
      };
      LOG.atInfo().addKeyValue("database", "db:" + db.value()).addKeyValue("kind", kind).addKeyValue("doc", which)
          .addKeyValue("change", c.deleted() ? "delete" : "write").addKeyValue("txn_ts", c.commitMicros())
          .log("{} {}", kind, c.deleted() ? "deleted" : "written");
    }
  }
}
