package io.faunus.model.db;

import io.faunus.fql.ParseException;
import io.faunus.fql.cache.ParseCache;
import io.faunus.fql.Span;
import io.faunus.model.eval.Env;
import io.faunus.model.eval.Fn;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The permissions of custom roles (spec §7.5): the union of their privileges. A privilege names a resource
 * (a user collection, a function, or a native collection) and grants actions, each {@code true} or an FQL
 * predicate (the source of a lambda) that must return {@code true}. Everything not granted is denied.
 *
 * <p>Predicates run read-only (a write fails with invalid_effect) and read with admin rights, so a predicate
 * reading a document the role may not read neither fails nor asks itself again. Role documents are read
 * once per query, at its snapshot.
 */
final class RolePermissions implements Permissions {
  private final List<String> roles;
  /** A token's identity: its roles are those whose membership it matches (then {@code roles} is empty). */
  private final DocV identity;
  /** An access provider's token: its conditional roles hold when their predicates accept its claims. */
  private final Auth.JwtGrant jwt;
  /** resource → action → grants (several roles may grant the same action). */
  private Map<String, Map<Action, List<Value>>> grants;
  private final Map<String, Fn> predicates = new HashMap<>();
  /**
   * Work units one predicate run may take (about a million evaluation steps, milliseconds of CPU); past them it
   * denies, as any failure inside a predicate does, instead of spending the query's deadline on one document.
   */
  static final long PREDICATE_WORK_UNITS_MAX = 1_000_000;

  RolePermissions(List<String> roles) {
    this(roles, null, null);
  }

  private RolePermissions(List<String> roles, DocV identity, Auth.JwtGrant jwt) {
    this.roles = List.copyOf(roles);
    this.identity = identity;
    this.jwt = jwt;
  }

  /** A token's permissions: the union of the roles whose membership its identity document matches. */
  static RolePermissions forIdentity(DocV identity) {
    return new RolePermissions(List.of(), identity, null);
  }

  /** A JWT's permissions: {@code role} ("client" or "@role/A,B") and the conditional roles that accept it. */
  static RolePermissions forJwt(String role, Auth.JwtGrant jwt) {
    List<String> roles = role.startsWith("@role/") ? List.of(role.substring("@role/".length()).split(",")) : List.of();
    return new RolePermissions(roles, null, jwt);
  }

  @Override
  public boolean admin() {
    return false;
  }

  @Override
  public boolean canLog() {
    return false;
  }

  @Override
  public boolean mayRead(DbContext ctx, Interp in, DocV doc, DocState state) {
    Action read = ctx.readAction(doc);
    if (state == null) return !grants(ctx, in, doc.coll(), read).isEmpty(); // a missing document: not found
    return allowed(ctx, in, doc.coll(), read, () -> List.of(Render.fields(ctx, in, doc, state)), null);
  }

  @Override
  public void requireScan(DbContext ctx, Interp in, String coll, Span site) {
    if (grants(ctx, in, coll, ctx.readAction()).isEmpty()) throw Permissions.denied(in, site);
  }

  @Override
  public void requireWrite(DbContext ctx, Interp in, String coll, Action action, Supplier<List<Value>> args, Span site) {
    if (allowed(ctx, in, coll, action, args, site)) return;
    // As in FaunaDB: without create_with_id, create plus history_write also allow choosing the id.
    if (action == Action.CREATE_WITH_ID && allowed(ctx, in, coll, Action.CREATE, args, site)
        && grants(ctx, in, coll, Action.HISTORY_WRITE).contains(BoolV.TRUE)) {
      return;
    }
    throw Permissions.denied(in, site);
  }

  @Override
  public void requireCall(DbContext ctx, Interp in, String function, List<Value> args, Span site) {
    if (!allowed(ctx, in, function, Action.CALL, () -> args, site)) throw Permissions.denied(in, site);
  }

  /** {@code in} null (a read outside evaluation): only grants of {@code true} count. */
  private boolean allowed(DbContext ctx, Interp in, String resource, Action action, Supplier<List<Value>> args, Span site) {
    for (Value g : grants(ctx, in, resource, action)) {
      if (g == BoolV.TRUE) return true;
      if (g instanceof StrV src && in != null && predicate(ctx, in, resource, action, src.value(), args, site)) return true;
    }
    return false;
  }

  /**
   * Runs a predicate read-only with admin reads (its arguments are built there too: rendering a document
   * may read others); anything but {@code true}, or an error inside it, denies.
   */
  private boolean predicate(DbContext ctx, Interp in, String resource, Action action, String src,
                            Supplier<List<Value>> args, Span site) {
    Fn fn = predicates.computeIfAbsent(resource + "\u0000" + action.key + "\u0000" + src, k -> compile(in, src));
    if (fn == null) return false;
    try {
      return in.withWorkBudget(PREDICATE_WORK_UNITS_MAX,
          () -> ctx.asPredicate(() -> fn.invoke(in, fit(fn, args.get()), site == null ? Span.NONE : site))) == BoolV.TRUE;
    } catch (QueryError e) {
      if (e.protocol()) throw e; // a deadline or size limit stops the query, not just the predicate
      return false;
    }
  }

  /** Predicates may take fewer parameters than the action offers (create_with_id takes 1 or 2). */
  private static List<Value> fitted(List<Value> args, int n) {
    return args.size() <= n ? args : args.subList(args.size() - n, args.size());
  }

  private static List<Value> fit(Fn fn, List<Value> args) {
    for (int n = args.size(); n >= 0; n--) {
      if (fn.arity().accepts(n)) return n == args.size() ? args : fitted(args, n);
    }
    return args;
  }

  private static Fn compile(Interp in, String src) {
    try {
      // Parsed once per predicate text in the process (it was parsed on every check of a right).
      var parsed = ParseCache.shared().expr("*predicate*", src);
      return in.evalIn(parsed.source(), parsed.tree(), Env.EMPTY) instanceof Fn f ? f : null;
    } catch (ParseException | QueryError e) {
      return null; // a predicate that does not compile grants nothing
    }
  }

  /**
   * {@code in} null (a read outside evaluation): membership predicates cannot run, so an identity's grants
   * are computed without them and not kept.
   */
  private List<Value> grants(DbContext ctx, Interp in, String resource, Action action) {
    Map<String, Map<Action, List<Value>>> g = grants;
    if (g == null) {
      g = load(ctx, in);
      if (in != null || (identity == null && jwt == null)) grants = g;
    }
    return g.getOrDefault(resource, Map.of()).getOrDefault(action, List.of());
  }

  private Map<String, Map<Action, List<Value>>> load(DbContext ctx, Interp in) {
    Map<String, Map<Action, List<Value>>> out = new HashMap<>();
    for (String role : identity != null ? memberships(ctx, in) : jwt != null ? jwtRoles(ctx, in) : roles) {
      DocState doc = ctx.rawState(DocV.byName("Role", role));
      if (doc == null) continue; // deleted since authentication: grants nothing
      for (Value p : privileges(doc.data().get("privileges"))) {
        if (!(p instanceof ObjectV priv) || !(priv.get("resource") instanceof StrV res)
            || !(priv.get("actions") instanceof ObjectV actions)) continue;
        for (Action a : Action.values()) {
          Value g = actions.get(a.key);
          if (g == BoolV.TRUE || g instanceof StrV) {
            out.computeIfAbsent(res.value(), k -> new HashMap<>()).computeIfAbsent(a, k -> new ArrayList<>()).add(g);
          }
        }
      }
    }
    return out;
  }

  /**
   * The roles whose {@code membership} lists the identity's collection, with no predicate or one that returns
   * true for the identity document (spec §7.5).
   */
  private List<String> memberships(DbContext ctx, Interp in) {
    List<String> out = new ArrayList<>();
    DocState self = ctx.rawState(identity);
    if (self == null) return out;
    for (var it = ctx.txn().scan(io.faunus.storage.Cf.VERSIONS, io.faunus.model.doc.Keys.collectionPrefix(ctx.db,
        io.faunus.model.doc.Keys.ROLE), false, ctx.readTs()); it.hasNext(); ) {
      var e = it.next();
      DocState role = DocState.decode(e.value(), e.tsMicros());
      if (!(role.data().get("name") instanceof StrV name)) continue;
      for (Value m : privileges(role.data().get("membership"))) {
        if (!(m instanceof ObjectV member) || !(member.get("resource") instanceof StrV res)
            || !res.value().equals(identity.coll())) continue;
        Value pred = member.get("predicate");
        boolean matches = pred == null || pred instanceof NullV
            || (pred instanceof StrV src && in != null && predicate(ctx, in, "membership:" + name.value(), Action.READ,
                src.value(), () -> List.of(Render.fields(ctx, in, identity, self)), null));
        if (matches) {
          out.add(name.value());
          break;
        }
      }
    }
    return out;
  }

  /** The provider's unconditional roles, then each conditional one whose predicate accepts the claims. */
  private List<String> jwtRoles(DbContext ctx, Interp in) {
    List<String> out = new ArrayList<>(roles);
    if (in == null) return out;
    for (Auth.ConditionalRole c : jwt.conditional()) {
      if (!out.contains(c.role()) && predicate(ctx, in, "provider:" + c.role(), Action.READ, c.predicate(),
          () -> List.of(jwt.claims()), null)) {
        out.add(c.role());
      }
    }
    return out;
  }

  private static List<Value> privileges(Value v) {
    return switch (v) {
      case ArrayV a -> a.elems();
      case ObjectV o -> List.of(o);
      case null, default -> List.of();
    };
  }
}
