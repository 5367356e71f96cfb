package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.Module;
import io.faunus.model.set.LazySet;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The native collections of a database (spec §4.10): Collection, Function, Database, Key, Role. Each is a
 * module with {@code all/where/firstWhere/create} plus {@code byName} (named) or {@code byId} (ID'd).
 */
final class Natives {
  private static final Map<String, Long> IDS = Map.of("Collection", Keys.COLLECTION, "Function", Keys.FUNCTION,
      "Database", Keys.DATABASE, "Key", Keys.KEY, "Role", Keys.ROLE, "Token", Keys.TOKEN,
      "Credential", Keys.CREDENTIAL, "AccessProvider", Keys.ACCESS_PROVIDER);
  private static final Map<String, String> ALIASES = Map.of("Credentials", "Credential");
  static final List<String> NAMED = List.of("Collection", "Function", "Database", "Role", "AccessProvider");

  private final DbContext ctx;
  private final Map<String, NativeModule> modules = new HashMap<>();

  Natives(DbContext ctx) {
    this.ctx = ctx;
  }

  /** The native collection id of a collection name, or null for user collections. */
  static Long nativeId(String coll) {
    return IDS.get(coll);
  }

  static boolean isNativeName(String name) {
    return IDS.containsKey(name) || ALIASES.containsKey(name);
  }

  Module module(String name) {
    String canonical = ALIASES.getOrDefault(name, name);
    if (!IDS.containsKey(canonical)) return null;
    return modules.computeIfAbsent(canonical, n -> new NativeModule(n, IDS.get(n)));
  }

  /** Methods on a native document: update/replace/delete per kind. */
  Member docMember(DocV doc, String name) {
    return switch (doc.coll()) {
      case "Collection" -> CollectionDocs.KIND.member(ctx, doc, name);
      case "Function" -> FunctionDocs.KIND.member(ctx, doc, name);
      case "Database" -> DatabaseDocs.KIND.member(ctx, doc, name);
      case "Role" -> RoleDocs.KIND.member(ctx, doc, name);
      case "AccessProvider" -> AccessProviderDocs.KIND.member(ctx, doc, name);
      case "Key" -> KeyDocs.member(ctx, doc, name);
      case "Token" -> TokenDocs.member(ctx, doc, name);
      case "Credential" -> CredentialDocs.member(ctx, doc, name);
      default -> null;
    };
  }

  final class NativeModule implements Module {
    private final String name;
    private final long id;

    NativeModule(String name, long id) {
      this.name = name;
      this.id = id;
    }

    @Override
    public String name() {
      return name;
    }

    boolean named() {
      return NAMED.contains(name);
    }

    @Override
    public boolean isInstance(Interp in, Value v) {
      if (name.equals("Function") && v instanceof io.faunus.model.value.Value.FuncV) return true;
      return v instanceof DocV d && d.coll().equals(name) && ctx.state(d, in) != null;
    }

    @Override
    public Member.Method callable() {
      if (!name.equals("Collection") && !name.equals("Function")) return null;
      return new Member.Method(name, Arity.exactly(1), (in, self, args, site) -> {
        String n = Args.str(in, args, 0, name.equals("Collection") ? "collection" : "function", site);
        Value v = name.equals("Collection") ? (ctx.schema().collection(n) != null ? ctx.global(in, n) : null)
            : (ctx.schema().function(n) != null ? ctx.global(in, n) : null);
        if (v == null || Natives.isNativeName(n) && name.equals("Collection")) {
          throw in.error(ErrorCode.INVALID_ARGUMENT, "invalid argument `" + name.toLowerCase() + "`: No such user "
              + name.toLowerCase() + " `" + n + "`.", site);
        }
        return v;
      });
    }

    LazySet all() {
      return new DocSet(name, Cf.VERSIONS, Keys.collectionPrefix(ctx.db, id), Keys.collectionTs(ctx.db, id),
          null, false);
    }

    @Override
    public Member member(Interp in, String m) {
      return switch (m) {
        case "all" -> new Member.Method(m, Arity.exactly(0), (i, self, args, site) -> all());
        case "where" -> ScanMembers.where(() -> all());
      case "firstWhere" -> ScanMembers.firstWhere(() -> all());
        case "byName" -> named() ? new Member.Method(m, Arity.exactly(1), (i, self, args, site) ->
            DocV.byName(name, Args.str(i, args, 0, "name", site))) : null;
        case "byId" -> named() ? null : new Member.Method(m, Arity.exactly(1), (i, self, args, site) ->
            DocV.byId(name, Ids.parse(i, args.get(0), site)));
        case "create" -> new Member.Method(m, Arity.exactly(1), (i, self, args, site) ->
            create(i, Args.object(i, args, 0, "data", site), site));
        case "toString" -> new Member.Method(m, Arity.exactly(0), (i, self, args, site) -> new StrV(name));
        case "byDocument" -> !name.equals("Token") && !name.equals("Credential") ? null
            : new Member.Method(m, Arity.exactly(1), (i, self, args, site) -> {
              if (!(args.get(0) instanceof DocV d)) throw Args.type(i, "document", "Document", args.get(0), site);
              return name.equals("Token") ? TokenDocs.byDocument(ctx, i, d) : CredentialDocs.byDocument(ctx, i, d);
            });
        default -> null;
      };
    }

    private Value create(Interp in, ObjectV obj, Span site) {
      Writes.checkWritable(ctx, in, name, Action.CREATE, site);
      return switch (name) {
        case "Collection" -> CollectionDocs.KIND.create(ctx, in, obj, site);
        case "Function" -> FunctionDocs.KIND.create(ctx, in, obj, site);
        case "Database" -> DatabaseDocs.KIND.create(ctx, in, obj, site);
        case "Key" -> KeyDocs.create(ctx, in, obj, site);
        case "Role" -> RoleDocs.KIND.create(ctx, in, obj, site);
        case "AccessProvider" -> AccessProviderDocs.KIND.create(ctx, in, obj, site);
        case "Token" -> TokenDocs.create(ctx, in, obj, site);
        case "Credential" -> CredentialDocs.create(ctx, in, obj, site);
        default -> throw in.error(ErrorCode.INVALID_FUNCTION_INVOCATION, "`" + name + ".create` is not supported yet.", site);
      };
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NativeModule n && n.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }
}
