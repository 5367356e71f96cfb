package io.faunus.node;

import io.faunus.fql.Source;
import io.faunus.log.CommitClock;
import io.faunus.log.CommitLog;
import io.faunus.log.Intent;
import io.faunus.log.Outcome;
import io.faunus.model.db.Auth;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.SchemaView;
import io.faunus.model.doc.Txn;
import io.faunus.model.engine.CursorTokens;
import io.faunus.model.engine.EvalContext;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.fsl.SchemaFailure;
import io.faunus.model.fsl.SchemaOps;
import io.faunus.model.fsl.Workspace;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.SchemaAnswer;
import io.faunus.model.query.SchemaRequest;
import io.faunus.model.value.Value.ObjectV;
import io.faunus.storage.Engine;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code /schema/1} calls (schema-v10.md §1) on the query path: authenticate at a snapshot, run the call in a
 * transaction, hand its writes to the {@link CommitLog} like any query's (so a schema change replicates), and
 * retry at a newer snapshot when something it read changed meanwhile.
 */
final class SchemaCalls {
  /** Attempts before a call that keeps conflicting gives up (schema changes are rare and small). */
  static final int ATTEMPTS_MAX = 5;
  /** The deadline of a schema call's evaluation work (applying definitions builds small indexes). */
  static final long TIMEOUT_MS = 120_000;

  /** What the node lends a schema call. */
  record Deps(Engine engine, CommitLog log, IdGenerator ids, CursorTokens cursors, SchemaView.Cache schemas,
              Function<Intent, Outcome> commit, BiConsumer<Long, String> indexBuild,
              Authenticator authenticate) {}

  /** Resolves a secret at a snapshot (null: 401). */
  interface Authenticator {
    Auth.Scope at(long snapshot, String secret);
  }

  private final Deps deps;

  SchemaCalls(Deps deps) {
    this.deps = deps;
  }

  SchemaAnswer run(SchemaRequest req) throws InterruptedException {
    long first = deps.log().beginRead();
    Auth.Scope scope = deps.authenticate().at(first, req.secret());
    if (scope == null) return new SchemaAnswer.Error(ErrorCode.UNAUTHORIZED, "Invalid token, unable to authenticate request");
    try {
      SchemaOps.authorize(scope.role(), req.call());
      for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
        SchemaAnswer answer = attempt(req, scope, attempt == 0 ? first : deps.log().beginRead());
        if (answer != null) return answer;
      }
      return new SchemaAnswer.Error(ErrorCode.CONTENDED_TRANSACTION,
          "Transaction was aborted due to detection of concurrent modifications to schema.");
    } catch (SchemaFailure e) {
      return new SchemaAnswer.Error(e.code(), e.getMessage());
    } catch (QueryError e) { // limits and deadlines of the writes, as for a query
      return new SchemaAnswer.Error(e.code(), e.getMessage());
    }
  }

  /** One run at {@code snapshot}; null when it conflicted and must run again. */
  private SchemaAnswer attempt(SchemaRequest req, Auth.Scope scope, long snapshot) {
    try (Txn txn = new Txn(deps.engine().snapshot(), snapshot, false)) {
      Workspace.Session main = session(scope, txn, snapshot);
      Workspace w = new Workspace() {
        @Override
        public Session main() {
          return main;
        }

        @Override
        public <T> T scratch(Function<Session, T> body) {
          try (Txn scratch = new Txn(deps.engine().snapshot(), snapshot, false)) {
            return body.apply(session(scope, scratch, snapshot));
          }
        }

        @Override
        public boolean root() {
          return scope.db() == Auth.ROOT_DB;
        }
      };
      ObjectV fields = SchemaOps.run(w, req);
      if (!txn.hasWrites()) return new SchemaAnswer.Ok(SchemaView.version(scope.db(), txn), fields);
      return switch (deps.commit().apply(txn.intent())) {
        case Outcome.Conflict c -> null;
        case Outcome.Committed c -> {
          for (String coll : main.db().indexBuilds()) deps.indexBuild().accept(scope.db(), coll);
          // A definition written by the call shows the commit time as its ts (the items API answers one).
          ObjectV resolved = (ObjectV) io.faunus.model.engine.Materializer.resolveTxnTime(fields,
              CommitClock.toInstant(c.commitMicros()));
          yield new SchemaAnswer.Ok(c.commitMicros(), resolved);
        }
      };
    }
  }

  private Workspace.Session session(Auth.Scope scope, Txn txn, long snapshot) {
    Instant at = CommitClock.toInstant(snapshot);
    DbContext db = new DbContext(scope, txn, deps.ids()::next, at,
        SchemaView.load(scope.db(), txn, deps.schemas()));
    EvalContext ctx = new EvalContext(List.of(), System.nanoTime(), TIMEOUT_MS, at, deps.ids()::next,
        deps.cursors().forDatabase(scope.db()), db, db);
    return new Workspace.Session(db, new Interp(ctx, Source.query("")));
  }
}
