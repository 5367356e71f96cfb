package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.fql.ast.Expr;
import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.engine.EvalContext;
import io.faunus.model.eval.DocAccess;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.QueryError;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.FunctionDef;
import io.faunus.model.value.Meter;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One database as one query attempt sees it: its schema (as of the snapshot), its documents through the
 * transaction's read view and write buffer, and the native collections. The evaluator reaches it through
 * {@link DocAccess} and {@link EvalContext.Schema}.
 */
public final class DbContext implements DocAccess, EvalContext.Schema {
  /** Names of user fields that would collide with document metadata; rendered under {@code data}. */
  static final Set<String> META_FIELDS = Set.of("id", "coll", "ts", "ttl", "data");

  final long db;
  final Txn txn;
  final LongSupplier ids;
  final SchemaView schema;
  final Natives natives;
  /** The caller's permissions; a UDF with a role and a role predicate run with others for a while. */
  Permissions perms;
  /** Role predicates running now: they may not write. */
  private int predicateDepth;
  private final Instant snapshotTime;
  private long readTs;
  private final Map<String, Value> globals = new HashMap<>();
  /** Secrets of keys created by this query: shown in its result only (spec §2.2). */
  private final Map<DocV, String> freshSecrets = new HashMap<>();
  /** A version being validated (check constraints) that reads of its document must see. */
  private DocV pendingRef;
  private DocState pendingState;

  /** A token's identity document and the token (null for keys). */
  private final DocV identity, token;
  /** An access provider's token (null otherwise): Query.token() returns its claims. */
  private final Auth.JwtGrant jwt;

  public DbContext(long db, String role, Txn txn, LongSupplier ids, Instant snapshotTime, SchemaView schema) {
    this(new Auth.Scope(db, role), txn, ids, snapshotTime, schema);
  }

  public DbContext(Auth.Scope scope, Txn txn, LongSupplier ids, Instant snapshotTime, SchemaView schema) {
    this.db = scope.db();
    this.identity = scope.identity();
    this.token = scope.token();
    this.jwt = scope.jwt();
    this.perms = scope.identity() != null ? RolePermissions.forIdentity(scope.identity())
        : jwt != null && !jwt.conditional().isEmpty() ? RolePermissions.forJwt(scope.role(), jwt)
        : Permissions.of(scope.role());
    this.txn = txn;
    this.ids = ids;
    this.snapshotTime = snapshotTime;
    this.readTs = txn.snapshotMicros();
    this.schema = schema;
    this.natives = new Natives(this);
  }

  public long db() {
    return db;
  }

  DocV identity() {
    return identity;
  }

  /** Query.token(): the Token document, a JWT's claims, or null for keys. */
  Value token() {
    return jwt != null ? jwt.claims() : token;
  }

  public Txn txn() {
    return txn;
  }

  public SchemaView schema() {
    return schema;
  }

  /** Whether log()/dbg() output may be returned to this caller. */
  public boolean canLog() {
    return perms.canLog();
  }

  /** Runs {@code body} with {@code p}'s permissions (a UDF's role), then the caller's again. */
  <T> T runAs(Permissions p, Supplier<T> body) {
    Permissions saved = perms;
    perms = p;
    try {
      return body.get();
    } finally {
      perms = saved;
    }
  }

  /** Runs a role predicate: reads with admin rights, writes refused (invalid_effect). */
  <T> T asPredicate(Supplier<T> body) {
    predicateDepth++;
    try {
      return runAs(Permissions.Builtin.ADMIN, body);
    } finally {
      predicateDepth--;
    }
  }

  boolean inPredicate() {
    return predicateDepth > 0;
  }

  Instant snapshotTime() {
    return snapshotTime;
  }

  /** Reads run at this time: the snapshot, or an earlier one inside at() and cursor replays. */
  long readTs() {
    return readTs;
  }

  /** True inside at() and cursor replays: reads run at an earlier time than the snapshot. */
  public boolean historicalRead() {
    return historical();
  }

  boolean historical() {
    return readTs != txn.snapshotMicros();
  }

  /** The database context of the running query (sets replayed from cursors read through it). */
  static DbContext of(Interp in) {
    return (DbContext) in.ctx().docs();
  }

  private static final Set<String> WRITE_METHODS =
      Set.of("update", "replace", "updateData", "replaceData", "delete", "login", "verify");

  /** Depth of explicit {@code at()} expressions being evaluated (not cursor replays). */
  private int atDepth;

  /** Runs body as the body of an explicit {@code at()}: its reads are history reads (action history_read). */
  <T> T historyReading(Supplier<T> body) {
    atDepth++;
    try {
      return body.get();
    } finally {
      atDepth--;
    }
  }

  /**
   * The action a read asks for: {@code history_read} inside {@code at()}, as FaunaDB checks it for documents read
   * at a given time; {@code read} otherwise (cursor replays of a set read at its snapshot are plain reads).
   */
  Action readAction() {
    return atDepth > 0 ? Action.HISTORY_READ : Action.READ;
  }

  /** The action reading {@code doc} asks for: a document read at a time of its own is a history read. */
  Action readAction(DocV doc) {
    return doc.atMicros() != 0 ? Action.HISTORY_READ : readAction();
  }

  /** Runs body reading at {@code micros} (at(), cursor replays); writes inside fail with invalid_write. */
  @Override
  public <T> T readingAt(long micros, Supplier<T> body) {
    long saved = readTs;
    readTs = micros;
    try {
      return body.get();
    } finally {
      readTs = saved;
    }
  }

  // ---- names ------------------------------------------------------------------------------------

  @Override
  public Value global(Interp in, String name) {
    Value v = globals.get(name);
    if (v != null) return v;
    v = name.equals("Query") ? QueryModule.INSTANCE : natives.module(name);
    if (v == null) {
      CollectionDef c = schema.collection(name);
      if (c != null) v = new UserCollection(this, c);
    }
    if (v == null) {
      FunctionDef f = schema.function(name);
      if (f != null) v = new Udf(this, f);
    }
    if (v != null) globals.put(name, v);
    return v;
  }

  @Override
  public Value at(Interp in, Expr.At at, Env env) {
    return Temporal.at(this, in, at, env);
  }

  // ---- documents --------------------------------------------------------------------------------

  /** Storage key of a document reference, or null when its collection does not exist. */
  byte[] key(DocV d) {
    // The last key again: one document is often read several times in a row (a set's liveness check, `!`,
    // `.field`), and the key is a function of the name and id alone (the schema view is fixed per attempt).
    DocV last = lastKeyDoc;
    if (last != null && last.id() == d.id() && last.coll().equals(d.coll()) && java.util.Objects.equals(last.name(), d.name())) {
      return lastKey;
    }
    byte[] key;
    Long native_ = Natives.nativeId(d.coll());
    if (native_ != null) key = d.named() ? Keys.namedDoc(db, native_, d.name()) : Keys.doc(db, native_, d.id());
    else {
      CollectionDef c = schema.collection(d.coll());
      key = c == null ? null : Keys.doc(db, c.id(), d.id());
    }
    lastKeyDoc = d;
    lastKey = key;
    return key;
  }

  private DocV lastKeyDoc;
  private byte[] lastKey;

  /** Collections whose indexes this query marked as building (the node starts their builders). */
  private final java.util.List<String> indexBuilds = new java.util.ArrayList<>();

  void requestIndexBuild(String coll) {
    indexBuilds.add(coll);
  }

  public java.util.List<String> indexBuilds() {
    return indexBuilds;
  }

  void freshSecret(DocV key, String secret) {
    freshSecrets.put(key, secret);
  }

  String freshSecret(DocV key) {
    return freshSecrets.get(key);
  }

  /** Runs body while reads of {@code ref} see {@code state} (check constraints see the new version). */
  <T> T withPending(DocV ref, DocState state, Supplier<T> body) {
    DocV savedRef = pendingRef;
    DocState savedState = pendingState;
    pendingRef = ref;
    pendingState = state;
    try {
      return body.get();
    } finally {
      pendingRef = savedRef;
      pendingState = savedState;
    }
  }

  /** The document's current state as this query sees it (own writes included), or null. */
  public DocState state(DocV d) {
    return state(d, Meter.NONE);
  }

  /**
   * {@link #state(DocV)}, charging {@code m} for the bytes decoded: reading any field decodes the whole
   * version, which may be 8 MiB, so a loop over one field of a large document is real work.
   */
  public DocState state(DocV d, Meter m) {
    if (d.atMicros() != 0 && d.atMicros() != readTs) return readingAt(d.atMicros(), () -> state(d, m));
    DocState s = rawState(d, m);
    return s == null || perms.mayRead(this, m instanceof Interp in ? in : null, d, s) ? s : null;
  }

  /** The document's state whatever the caller may read (writes, and the permission checks themselves). */
  DocState rawState(DocV d) {
    return rawState(d, Meter.NONE);
  }

  DocState rawState(DocV d, Meter m) {
    if (d.equals(pendingRef)) return pendingState;
    byte[] key = key(d);
    if (key == null) return null;
    Txn.Read r = historical() ? txn.getAt(Cf.VERSIONS, key, readTs) : txn.get(Cf.VERSIONS, key, () -> describe(d));
    if (billing) txn.billDocument(key, readTs, r);
    if (r == null) return null;
    m.chargeBytes(r.value().length);
    DocState s = decoded(r);
    if (s.ttl() != null && !s.ttl().value().isAfter(snapshotTime)) return null;
    return s;
  }

  /**
   * Versions decoded by this query, by the stored bytes' identity: the transaction hands out the same array for
   * every read of an unchanged document ({@code Txn.get} memoizes snapshot reads; a pending write is one array
   * until it is written again), and a decoded state is immutable. Bounded by {@link #DECODED_MAX} versions and
   * {@link #DECODED_BYTES_MAX} of their stored bytes (the map keeps the arrays alive); past that, versions are
   * decoded again.
   */
  private final java.util.IdentityHashMap<byte[], DocState> decoded = new java.util.IdentityHashMap<>();
  private long decodedBytes;
  private static final int DECODED_MAX = 256;
  private static final long DECODED_BYTES_MAX = 1L << 20;

  private DocState decoded(Txn.Read r) {
    DocState s = decoded.get(r.value());
    if (s != null) return s;
    s = DocState.decode(r.value(), r.pending() ? -1 : r.tsMicros());
    if (decoded.size() < DECODED_MAX && decodedBytes + r.value().length <= DECODED_BYTES_MAX) {
      decoded.put(r.value(), s);
      decodedBytes += r.value().length;
    }
    return s;
  }

  /** Document reads are billed as read ops unless {@link #unbilled} says otherwise. */
  private boolean billing = true;

  /**
   * Runs body without billing the document reads it makes (stats-metering §2.2): the liveness check of a
   * scanned index entry, {@code .id} and {@code .coll}, which Fauna answers from the reference.
   */
  <T> T unbilled(Supplier<T> body) {
    boolean saved = billing;
    billing = false;
    try {
      return body.get();
    } finally {
      billing = saved;
    }
  }

  /** "Coll(123)" / "Collection.byName(\"X\")": how contention errors name a document. */
  static String describe(DocV d) {
    return d.named() ? d.coll() + ".byName(\"" + d.name() + "\")" : d.coll() + "(" + d.id() + ")";
  }

  @Override
  public boolean exists(Interp in, DocV doc) {
    return state(doc, in) != null;
  }

  @Override
  public void requireExists(Interp in, DocV doc, Span span) {
    if (state(doc, in) == null) throw notFound(in, doc, span);
  }

  QueryError notFound(Interp in, DocV d, Span span) {
    String msg = d.named() ? d.coll() + " `" + d.name() + "` not found."
        : "Collection `" + d.coll() + "` does not contain document with id " + d.id() + ".";
    return in.error(ErrorCode.DOCUMENT_NOT_FOUND, msg, span);
  }

  @Override
  public ObjectV read(Interp in, DocV doc) {
    DocState s = state(doc, in);
    return s == null ? null : Render.fields(this, in, doc, s);
  }

  @Override
  public Value field(Interp in, DocV doc, String name, Span span) {
    boolean reference = name.equals("id") || name.equals("coll");
    DocState s = reference ? unbilled(() -> state(doc, in)) : state(doc, in);
    if (s == null) throw notFound(in, doc, span);
    return Render.field(this, in, doc, s, name);
  }

  @Override
  public Member member(Interp in, DocV doc, String name) {
    // A document read in the past is written as it is now: its writes act on the current version.
    return DocMethods.member(this, WRITE_METHODS.contains(name) ? doc.current() : doc, name);
  }

  @Override
  public String missingCause(Interp in, DocV doc) {
    if (doc.atMicros() != 0 && doc.atMicros() != readTs) return readingAt(doc.atMicros(), () -> missingCause(in, doc));
    if (!perms.mayRead(this, in, doc, rawState(doc, in))) return "permission denied";
    byte[] key = key(doc);
    if (key == null) return "collection deleted";
    return txn.deletedAt(Cf.VERSIONS, key, readTs) ? "deleted" : "not found";
  }

  /** User fields with metadata-colliding names moved under {@code data} (spec §2.2). */
  static Map<String, Value> userFields(ObjectV data) {
    Map<String, Value> out = new LinkedHashMap<>();
    Map<String, Value> nested = new LinkedHashMap<>();
    data.fields().forEach((k, v) -> (META_FIELDS.contains(k) ? nested : out).put(k, v));
    if (!nested.isEmpty()) out.put("data", new ObjectV(nested));
    return out;
  }
}
