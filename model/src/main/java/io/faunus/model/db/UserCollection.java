package io.faunus.model.db;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.eval.Module;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.IndexDef;
import io.faunus.model.set.LazySet;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import io.faunus.storage.Cf;
import io.faunus.storage.Tuple;
import java.util.List;

/** A user collection as a module: {@code Books.all()}, {@code Books.create({...})}, {@code Books.byTitle(t)} (§4.1). */
final class UserCollection implements Module {
  private final DbContext ctx;
  private final CollectionDef def;

  UserCollection(DbContext ctx, CollectionDef def) {
    this.ctx = ctx;
    this.def = def;
  }

  @Override
  public String name() {
    return def.name();
  }

  CollectionDef def() {
    return def;
  }

  @Override
  public boolean isInstance(Interp in, Value v) {
    return v instanceof DocV d && d.coll().equals(def.name()) && ctx.state(d, in) != null;
  }

  @Override
  public Member.Method callable() {
    return new Member.Method(def.name(), Arity.exactly(1), (in, self, args, site) -> byId(in, args.get(0), site));
  }

  @Override
  public Member member(Interp in, String name) {
    return switch (name) {
      case "all" -> new Member.Method(name, Arity.range(0, 1), (i, self, args, site) ->
          args.isEmpty() ? all(null) : all(Ranges.ids(i, args.get(0), site)));
      case "where" -> ScanMembers.where(() -> all(null));
      case "firstWhere" -> ScanMembers.firstWhere(() -> all(null));
      case "byId" -> new Member.Method(name, Arity.exactly(1), (i, self, args, site) -> byId(i, args.get(0), site));
      case "create" -> new Member.Method(name, Arity.exactly(1), (i, self, args, site) ->
          UserDocs.create(ctx, i, def, Args.object(i, args, 0, "data", site), false, site));
      case "createData" -> new Member.Method(name, Arity.exactly(1), (i, self, args, site) ->
          UserDocs.create(ctx, i, def, Args.object(i, args, 0, "data", site), true, site));
      case "definition" -> new Member.Property(name, (i, self) -> DocV.byName("Collection", def.name()));
      case "toString" -> new Member.Method(name, Arity.exactly(0), (i, self, args, site) -> new StrV(def.name()));
      default -> indexMethod(name);
    };
  }

  private LazySet all(KeyRange range) {
    return new DocSet(def.name(), Cf.VERSIONS, Keys.collectionPrefix(ctx.db, def.id()),
        Keys.collectionTs(ctx.db, def.id()), range, false);
  }

  private Value byId(Interp in, Value id, Span site) {
    return DocV.byId(def.name(), Ids.parse(in, id, site));
  }

  private Member indexMethod(String name) {
    IndexDef idx = def.index(name);
    if (idx == null) return null;
    int n = idx.terms().size();
    return new Member.Method(name, Arity.range(n, n + 1), (in, self, args, site) -> {
      if (!idx.queryable()) {
        throw in.error(ErrorCode.INVALID_INDEX_INVOCATION, "The index `" + def.name() + "." + name + "` is not queryable.", site);
      }
      List<Value> terms = args.subList(0, n);
      for (int i = 0; i < n; i++) {
        if (!Values.persistable(terms.get(i)) || terms.get(i) instanceof FuncV) {
          throw in.error(ErrorCode.INVALID_ARGUMENT, "invalid argument `term" + (i + 1) + "`: Argument cannot be used as lookup term", site);
        }
        Ranges.checkKeyValue(in, terms.get(i), site);
      }
      Tuple partition = Keys.indexPartition(ctx.db, def.id(), idx.id(), terms);
      KeyRange range = args.size() > n ? Ranges.values(in, idx, args.get(n), site) : null;
      return DocSet.index(def.name(), partition, range, n > 0);
    });
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserCollection u && u.def.name().equals(def.name());
  }

  @Override
  public int hashCode() {
    return def.name().hashCode();
  }
}
