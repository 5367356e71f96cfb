package io.faunus.model.db;

import io.faunus.model.doc.Keys;
import io.faunus.model.doc.Txn;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;
import java.time.Instant;
import java.util.Set;

/**
 * Secrets to (database, role) (spec §7.1-§7.3): the configured root secret, key secrets, and scoped
 * secrets {@code <secret>:<db path>:<role>}. Any failure is null (401); nothing says why, on purpose.
 * Verification is one SHA-256 and one point read, so no cache of verified secrets is needed: a deleted or
 * expired key stops working at the next request.
 */
public final class Auth {
  private Auth() {}

  public static final long ROOT_DB = 0;
  private static final Set<String> ROLES = Set.of("admin", "server", "server-readonly", "client");

  /**
   * Who a request acts as. {@code role} is a built-in role name, {@code @role/Name}, or {@link #IDENTITY} for
   * a token, whose rights are the roles its identity document is a member of. {@code identity} and
   * {@code token} are the token's documents (null for keys). {@code jwt}: an access provider's token, whose
   * claims {@code Query.token()} returns and whose roles with predicates are granted when those accept it.
   */
  public record Scope(long db, String role, DocV identity, DocV token, JwtGrant jwt) {
    public Scope(long db, String role) {
      this(db, role, null, null, null);
    }

    public Scope(long db, String role, DocV identity, DocV token) {
      this(db, role, identity, token, null);
    }
  }

  /**
   * A verified JWT: its claims, and the provider's roles that hold only when their predicate, given the
   * claims, returns true (the provider's unconditional roles are in the scope's role).
   */
  public record JwtGrant(ObjectV claims, java.util.List<ConditionalRole> conditional) {
    public JwtGrant {
      conditional = java.util.List.copyOf(conditional);
    }
  }

  /** A provider role entry {@code { role, predicate }}: {@code predicate} is the source of a lambda. */
  public record ConditionalRole(String role, String predicate) {}

  /** The role of a token's scope: the identity's role memberships decide. */
  static final String IDENTITY = "@identity";

  public static Scope resolve(Txn txn, Instant now, String rootSecret, String secret) {
    return resolve(txn, now, rootSecret, secret, Jwks.NONE);
  }

  /**
   * The scope of a secret that {@link #resolve} answers without reading storage (the root secret itself, with
   * no scope suffix), or null: then call {@link #resolve}. Lets a node skip opening a snapshot for it.
   */
  public static Scope withoutReads(String rootSecret, String secret) {
    if (secret == null || !secret.equals(rootSecret) || jwtShaped(secret) || secret.indexOf(':') >= 0) return null;
    return new Scope(ROOT_DB, "admin");
  }

  private static boolean jwtShaped(String secret) {
    return secret.startsWith("ey") && secret.indexOf('.') > 0;
  }

  /** {@code jwks}: the signing keys of access providers, for bearer tokens that are JWTs (spec §7.1). */
  public static Scope resolve(Txn txn, Instant now, String rootSecret, String secret, Jwks jwks) {
    if (secret == null || secret.isEmpty()) return null;
    if (jwtShaped(secret)) return Jwts.resolve(txn, now, secret, jwks);
    int colon = secret.indexOf(':');
    String base = colon < 0 ? secret : secret.substring(0, colon);
    Scope own = base(txn, now, rootSecret, base);
    if (own == null || colon < 0) return own;
    return scoped(txn, own, secret.substring(colon + 1));
  }

  private static Scope base(Txn txn, Instant now, String rootSecret, String base) {
    if (base.equals(rootSecret)) return new Scope(ROOT_DB, "admin");
    Secrets.Parsed p = Secrets.parse(base);
    if (p == null || !live(txn, p.dbId())) return null;
    if (p.kind() == Secrets.Kind.TOKEN) return token(txn, now, base, p);
    Txn.Read r = txn.getAt(Cf.VERSIONS, Keys.doc(p.dbId(), Keys.KEY, p.keyId()), txn.snapshotMicros());
    if (r == null) return null;
    DocState key = DocState.decode(r.value(), r.tsMicros());
    if (key.ttl() != null && !key.ttl().value().isAfter(now)) return null;
    if (!(key.data().get(KeyDocs.HIDDEN_HASH) instanceof BytesV h) || !Secrets.matches(base, h.value())) return null;
    String role = ((StrV) key.data().get("role")).value();
    long db = p.dbId();
    if (key.data().get("database") instanceof StrV child) {
      db = child(txn, db, child.value());
      if (db < 0) return null;
    }
    return new Scope(db, roleName(role));
  }

  /**
   * A token acts as its identity document, while the token, its TTL, the identity and (for a login token)
   * its credential all hold: deleting any of them revokes it.
   */
  private static Scope token(Txn txn, Instant now, String secret, Secrets.Parsed p) {
    Txn.Read r = txn.getAt(Cf.VERSIONS, Keys.doc(p.dbId(), Keys.TOKEN, p.keyId()), txn.snapshotMicros());
    if (r == null) return null;
    DocState token = DocState.decode(r.value(), r.tsMicros());
    if (token.ttl() != null && !token.ttl().value().isAfter(now)) return null;
    if (!(token.data().get(KeyDocs.HIDDEN_HASH) instanceof BytesV h) || !Secrets.matches(secret, h.value())) return null;
    if (!(token.data().get("document") instanceof DocV identity)
        || !(token.data().get(TokenDocs.HIDDEN_COLL_ID) instanceof IdV coll)) return null;
    Txn.Read doc = txn.getAt(Cf.VERSIONS, Keys.doc(p.dbId(), coll.value(), identity.id()), txn.snapshotMicros());
    if (doc == null) return null;
    if (token.data().get(TokenDocs.HIDDEN_CREDENTIAL_ID) instanceof IdV cred
        && txn.getAt(Cf.VERSIONS, Keys.doc(p.dbId(), Keys.CREDENTIAL, cred.value()), txn.snapshotMicros()) == null) {
      return null; // the credential it logged in with is gone
    }
    DocState d = DocState.decode(doc.value(), doc.tsMicros());
    if (d.ttl() != null && !d.ttl().value().isAfter(now)) return null;
    return new Scope(p.dbId(), IDENTITY, identity, DocV.byId("Token", p.keyId()));
  }

  /**
   * Applies a scope: {@code [path:]role}, where role is exactly a built-in role, {@code @role/Name} of a role
   * that exists in the target database, or {@code @doc/...}. Anything else is 401. FaunaDB ignores a scope
   * that does not parse ({@code secret:db:Admin} acts as the key's own database and role); Faunus refuses
   * it on purpose (issue 18): a miscased role must not silently run in another database.
   */
  private static Scope scoped(Txn txn, Scope own, String scope) {
    if (own.identity() != null) return own; // token secrets ignore scopes (spec §7.2)
    String[] parts = scope.split(":", -1);
    String role = parts[parts.length - 1];
    String docRef = docRef(role);
    boolean roleLike = ROLES.contains(role) || role.startsWith("@role/") || docRef != null;
    if (!roleLike || parts.length > 2) return null;
    // Role scopes and @doc scopes with a path: admin keys (and the root) only; @doc without a path: server too.
    boolean allowed = own.role().equals("admin") || (docRef != null && parts.length == 1 && own.role().equals("server"));
    if (!allowed) return null;
    long db = own.db();
    if (parts.length == 2) {
      for (String name : parts[0].split("/", -1)) {
        db = child(txn, db, name);
        if (db < 0) return null;
      }
    }
    if (docRef != null) return identityScope(txn, db, docRef);
    if (role.startsWith("@role/")) {
      String name = role.substring("@role/".length());
      if (txn.getAt(Cf.VERSIONS, Keys.namedDoc(db, Keys.ROLE, name), txn.snapshotMicros()) == null) return null;
    }
    return new Scope(db, role);
  }

  /** {@code Coll/id} of {@code @doc/Coll/id} (or the legacy {@code collections/} and {@code classes/} forms), else null. */
  private static String docRef(String role) {
    for (String prefix : new String[] {"@doc/", "collections/", "classes/"}) {
      if (role.startsWith(prefix)) return role.substring(prefix.length());
    }
    return null;
  }

  /** Acting as a document of a user collection that exists, with its memberships' rights (like a token). */
  private static Scope identityScope(Txn txn, long db, String ref) {
    int slash = ref.indexOf('/');
    if (slash <= 0 || slash == ref.length() - 1) return null;
    String coll = ref.substring(0, slash);
    long id;
    try {
      id = Long.parseLong(ref.substring(slash + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    Txn.Read def = txn.getAt(Cf.VERSIONS, Keys.namedDoc(db, Keys.COLLECTION, coll), txn.snapshotMicros());
    if (def == null) return null;
    long collId = ((IdV) DocState.decode(def.value(), def.tsMicros()).data().get(SchemaView.HIDDEN_ID)).value();
    if (txn.getAt(Cf.VERSIONS, Keys.doc(db, collId, id), txn.snapshotMicros()) == null) return null;
    return new Scope(db, IDENTITY, DocV.byId(coll, id), null);
  }


  /** How a key or function names a role ("admin", "Manager") as a scope names it ("admin", "@role/Manager"). */
  static String roleName(String role) {
    return ROLES.contains(role) ? role : "@role/" + role;
  }

  /** The root and every database in the registry whose ancestors all exist. */
  public static java.util.List<Long> liveDatabases(Txn txn) {
    java.util.List<Long> out = new java.util.ArrayList<>();
    out.add(ROOT_DB);
    for (java.util.Iterator<Txn.Entry> it = txn.scan(Cf.VERSIONS, Keys.collectionPrefix(ROOT_DB, Keys.DB_REGISTRY),
        false, txn.snapshotMicros()); it.hasNext(); ) {
      io.faunus.storage.Tuple key = io.faunus.storage.Tuple.decode(it.next().key());
      long db = ((io.faunus.storage.KeyElement.Int) key.get(key.size() - 1)).value();
      if (live(txn, db)) out.add(db);
    }
    return out;
  }

  /** Databases nest at most this deep; the registry walk is bounded by it. */
  static final int DEPTH_MAX = 64;

  /**
   * The database's effective {@code typechecked} setting (schema-v10.md §6.1): the first one set, walking
   * up through its ancestors; true when none is set (the root's default).
   */
  public static boolean typechecked(Txn txn, long db) {
    for (int depth = 0; db != ROOT_DB && depth < DEPTH_MAX; depth++) {
      Txn.Read r = txn.getAt(Cf.VERSIONS, Keys.doc(ROOT_DB, Keys.DB_REGISTRY, db), txn.snapshotMicros());
      if (r == null) return true;
      ObjectV entry = DocState.decode(r.value(), r.tsMicros()).data();
      if (entry.get("typechecked") instanceof BoolV b) return b.value();
      db = ((IdV) entry.get("parent")).value();
    }
    return true;
  }

  /**
   * Data directories written before the registry carried {@code typechecked} (schema-v10.md §6.1) have entries
   * without it, so a database created with {@code typechecked: false} would be typechecked: copies the setting
   * from every database's definition into its registry entry where they differ. Reads what it fixes, so a
   * concurrent change conflicts. Idempotent (nothing to write once done); returns the number of entries fixed.
   */
  public static int backfillTypechecked(Txn txn) {
    int fixed = 0;
    for (long db : liveDatabases(txn)) {
      for (java.util.Iterator<Txn.Entry> it = txn.scan(Cf.VERSIONS,
          Keys.collectionPrefix(db, Keys.DATABASE), false, txn.snapshotMicros()); it.hasNext(); ) {
        Txn.Entry e = it.next();
        ObjectV def = DocState.decode(e.value(), e.tsMicros()).data();
        if (!(def.get("typechecked") instanceof BoolV setting) || !(def.get(SchemaView.HIDDEN_ID) instanceof IdV id)) continue;
        byte[] key = Keys.doc(ROOT_DB, Keys.DB_REGISTRY, id.value());
        Txn.Read r = txn.get(Cf.VERSIONS, key, "registry entry of " + def.get("name"));
        if (r == null) continue;
        ObjectV entry = DocState.decode(r.value(), r.tsMicros()).data();
        if (entry.get("typechecked") instanceof BoolV b && b.value() == setting.value()) continue;
        txn.recordRead(Cf.VERSIONS, e.key(), "Database " + def.get("name"));
        java.util.Map<String, io.faunus.model.value.Value> m = new java.util.LinkedHashMap<>(entry.fields());
        m.put("typechecked", setting);
        txn.put(Cf.VERSIONS, key, new DocState(new ObjectV(m), TxnTimeV.INSTANCE, null).encode());
        fixed++;
      }
    }
    return fixed;
  }

  /** True when the database and all its ancestors still exist. */
  static boolean live(Txn txn, long db) {
    for (int depth = 0; db != ROOT_DB; depth++) {
      if (depth >= DEPTH_MAX) return false;
      Txn.Read r = txn.getAt(Cf.VERSIONS, Keys.doc(ROOT_DB, Keys.DB_REGISTRY, db), txn.snapshotMicros());
      if (r == null) return false;
      db = ((IdV) DocState.decode(r.value(), r.tsMicros()).data().get("parent")).value();
    }
    return true;
  }

  private static long child(Txn txn, long parent, String name) {
    if (name.isEmpty()) return -1;
    Txn.Read r = txn.getAt(Cf.VERSIONS, Keys.namedDoc(parent, Keys.DATABASE, name), txn.snapshotMicros());
    if (r == null) return -1;
    return ((IdV) DocState.decode(r.value(), r.tsMicros()).data().get(SchemaView.HIDDEN_ID)).value();
  }
}
