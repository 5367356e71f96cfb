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
import java.util.concurrent.CompletableFuture;
import io.faunus.model.query.QueryEngine.Later;
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
              Commits commits, BiConsumer<Long, String> indexBuild,
              Authenticator authenticate) {}

  /** Resolves a secret at a snapshot (null: 401). */
  interface Authenticator {
    Auth.Scope at(long snapshot, String secret);
  }

  private final Deps deps;

  SchemaCalls(Deps deps) {
    this.deps = deps;
  }

  /**
   * Runs the call. Without a {@code later}, each commit is waited for on this thread (the answer is done when
   * this returns); with one, no thread waits for a commit: the answer follows through {@code later} once the
   * log settles it, and a conflict runs the next attempt on {@link Later#mayWait}. Never completes exceptionally.
   */
  CompletableFuture<SchemaAnswer> run(SchemaRequest req, Later later) throws InterruptedException {
    long first = deps.log().beginRead();
    Auth.Scope scope = deps.authenticate().at(first, req.secret());
    if (scope == null) return done(new SchemaAnswer.Error(ErrorCode.UNAUTHORIZED, "Invalid token, unable to authenticate request"));
    try {
      SchemaOps.authorize(scope.role(), req.call());
    } catch (SchemaFailure e) {
      return done(new SchemaAnswer.Error(e.code(), e.getMessage()));
    }
    return attempts(req, scope, 0, first, later);
  }

  private static CompletableFuture<SchemaAnswer> done(SchemaAnswer answer) {
    return CompletableFuture.completedFuture(answer);
  }

  private static final SchemaAnswer CONTENDED = new SchemaAnswer.Error(ErrorCode.CONTENDED_TRANSACTION,
      "Transaction was aborted due to detection of concurrent modifications to schema.");

  /** Attempts {@code from} onwards; {@code first} is the first one's snapshot (a fresh one when negative). */
  private CompletableFuture<SchemaAnswer> attempts(SchemaRequest req, Auth.Scope scope, int from, long first, Later later)
      throws InterruptedException {
    for (int attempt = from; attempt < ATTEMPTS_MAX; attempt++) {
      long snapshot = attempt == from && first >= 0 ? first : deps.log().beginRead();
      try {
        switch (attempt(req, scope, snapshot)) {
          case Step.Done d -> {
            return done(d.answer());
          }
          case Step.Writes w when later == null -> {
            if (deps.commits().await(w.intent()) instanceof Outcome.Committed c) return done(w.committed().apply(c.commitMicros()));
            // a conflict: the next attempt, at a newer snapshot
          }
          case Step.Writes w -> {
            int next = attempt + 1;
            return deps.commits().submitBounded(w.intent())
                .handleAsync((outcome, error) -> settled(req, scope, next, w, outcome, error, later), later.quick())
                .thenCompose(answer -> answer);
          }
        }
      } catch (SchemaFailure e) {
        return done(new SchemaAnswer.Error(e.code(), e.getMessage()));
      } catch (QueryError e) { // limits and deadlines of the writes, as for a query
        return done(new SchemaAnswer.Error(e.code(), e.getMessage()));
      }
    }
    return done(CONTENDED);
  }

  /** A call's commit is settled (on {@link Later#quick}): the answer, or the next attempts after a conflict. */
  private CompletableFuture<SchemaAnswer> settled(SchemaRequest req, Auth.Scope scope, int next, Step.Writes w,
                                                  Outcome outcome, Throwable error, Later later) {
    if (error != null) return done(answer(Commits.failed(error)));
    return switch (outcome) {
      case Outcome.Committed c -> done(w.committed().apply(c.commitMicros()));
      case Outcome.Conflict c -> next >= ATTEMPTS_MAX ? done(CONTENDED)
          : Commits.onQueryThread(later, () -> attempts(req, scope, next, -1, later), SchemaCalls::answer);
    };
  }

  private static SchemaAnswer answer(io.faunus.model.query.QueryOutcome.ProtocolError error) {
    return new SchemaAnswer.Error(error.code(), error.message());
  }

  /** What one run of a call came to: its answer, or writes for the log and the answer once they commit. */
  private sealed interface Step {
    record Done(SchemaAnswer answer) implements Step {}

    record Writes(Intent intent, java.util.function.LongFunction<SchemaAnswer> committed) implements Step {}
  }

  /** One run at {@code snapshot}. */
  private Step attempt(SchemaRequest req, Auth.Scope scope, long snapshot) {
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
      if (!txn.hasWrites()) return new Step.Done(new SchemaAnswer.Ok(SchemaView.version(scope.db(), txn), fields));
      List<String> builds = main.db().indexBuilds();
      return new Step.Writes(txn.intent(), commitMicros -> {
        for (String coll : builds) deps.indexBuild().accept(scope.db(), coll);
        // A definition written by the call shows the commit time as its ts (the items API answers one).
        ObjectV resolved = (ObjectV) io.faunus.model.engine.Materializer.resolveTxnTime(fields,
            CommitClock.toInstant(commitMicros));
        return new SchemaAnswer.Ok(commitMicros, resolved);
      });
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
