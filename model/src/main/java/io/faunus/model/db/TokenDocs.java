package io.faunus.model.db;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.set.ArraySet;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.storage.Cf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token documents (spec §7.4): {@code Token.create({ document, ttl?, data? })} or a credential's login mints
 * one, whose secret (shown once) authenticates as the identity {@code document}. Storage keeps the secret's
 * hash and the identity collection's internal id, so authentication can check the identity still exists.
 */
final class TokenDocs {
  private TokenDocs() {}

  static final String HIDDEN_COLL_ID = "\u0000coll";
  /** The credential a login token came from: deleting the credential revokes its tokens. */
  static final String HIDDEN_CREDENTIAL_ID = "\u0000credential";
  private static final Set<String> FIELDS = Set.of("document", "ttl", "data");

  static Value create(DbContext ctx, Interp in, ObjectV obj, Span site) {
    Failures f = new Failures();
    f.unexpected(obj, FIELDS);
    DocV identity = identity(ctx, in, obj.get("document"), f);
    f.expect(List.of("ttl"), obj.get("ttl"), TimeV.class, "Time", true);
    f.expect(List.of("data"), obj.get("data"), ObjectV.class, "{ *: Any }", true);
    f.throwIfAny(in, "Failed to create Token.", site);
    return mint(ctx, identity, obj.get("ttl") instanceof TimeV t ? t : null, obj.get("data") instanceof ObjectV d ? d : null, -1);
  }

  /**
   * A new token for {@code identity} (which exists in a user collection); its secret is shown in this query.
   * {@code credentialId}: the credential it logs in with, or -1.
   */
  static DocV mint(DbContext ctx, DocV identity, TimeV ttl, ObjectV data, long credentialId) {
    long id = ctx.ids.getAsLong();
    String secret = Secrets.generate(Secrets.Kind.TOKEN, ctx.db, id);
    Map<String, Value> def = new LinkedHashMap<>();
    def.put("document", identity);
    if (data != null) def.put("data", data);
    def.put(KeyDocs.HIDDEN_HASH, new BytesV(Secrets.hash(secret)));
    def.put(HIDDEN_COLL_ID, new IdV(ctx.schema().collection(identity.coll()).id()));
    if (credentialId >= 0) def.put(HIDDEN_CREDENTIAL_ID, new IdV(credentialId));
    Writes.putNative(ctx, Keys.doc(ctx.db, Keys.TOKEN, id), Keys.TOKEN, new DocState(new ObjectV(def), TxnTimeV.INSTANCE, ttl));
    DocV ref = DocV.byId("Token", id);
    ctx.freshSecret(ref, secret);
    return ref;
  }

  /** The identity a token or credential names: a document of a user collection that exists. */
  static DocV identity(DbContext ctx, Interp in, Value v, Failures f) {
    if (!(v instanceof DocV d) || d.named()) {
      f.add(List.of("document"), "Expected a document of a user collection, provided " + Failures.typeOf(v));
      return null;
    }
    CollectionDef def = ctx.schema().collection(d.coll());
    if (def == null || ctx.rawState(d, in) == null) f.add(List.of("document"), "The document does not exist.");
    return d;
  }

  /** Token.byDocument(doc): the identity's tokens, in id order. */
  static Value byDocument(DbContext ctx, Interp in, DocV identity) {
    return new ArraySet(withDocument(ctx, in, Keys.TOKEN, "Token", identity));
  }

  /** Documents of native collection {@code nativeId} whose {@code document} field is {@code identity}. */
  static List<Value> withDocument(DbContext ctx, Interp in, long nativeId, String coll, DocV identity) {
    List<Value> out = new ArrayList<>();
    ctx.perms.requireScan(ctx, in, coll, null);
    for (Iterator<io.faunus.model.doc.Txn.Entry> it = ctx.txn().scan(Cf.VERSIONS, Keys.collectionPrefix(ctx.db, nativeId),
        false, ctx.readTs()); it.hasNext(); ) {
      in.tick();
      io.faunus.storage.Tuple key = io.faunus.storage.Tuple.decode(it.next().key());
      DocV doc = DocV.byId(coll, ((io.faunus.storage.KeyElement.Int) key.get(key.size() - 1)).value());
      DocState s = ctx.state(doc, in);
      if (s != null && identity.equals(s.data().get("document"))) out.add(doc);
    }
    return out;
  }

  static Member member(DbContext ctx, DocV doc, String name) {
    return switch (name) {
      case "delete" -> new Member.Method(name, Arity.exactly(0), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Token", Action.DELETE, site);
        if (ctx.state(doc, in) == null) throw ctx.notFound(in, doc, site);
        Writes.putNative(ctx, Keys.doc(ctx.db, Keys.TOKEN, doc.id()), Keys.TOKEN, null);
        return doc;
      });
      case "update" -> new Member.Method(name, Arity.exactly(1), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Token", Action.WRITE, site);
        DocState old = ctx.state(doc, in);
        if (old == null) throw ctx.notFound(in, doc, site);
        ObjectV patch = Args.object(in, args, 0, "data", site);
        Failures f = new Failures();
        f.unexpected(patch, Set.of("ttl", "data"));
        f.expect(List.of("ttl"), patch.get("ttl"), TimeV.class, "Time", true);
        f.expect(List.of("data"), patch.get("data"), ObjectV.class, "{ *: Any }", true);
        f.throwIfAny(in, "Failed to update Token with id " + doc.id() + ".", site);
        Map<String, Value> def = new LinkedHashMap<>(old.data().fields());
        if (patch.get("data") instanceof ObjectV d) def.put("data", d);
        TimeV ttl = patch.fields().containsKey("ttl") ? (patch.get("ttl") instanceof TimeV t ? t : null) : old.ttl();
        Writes.putNative(ctx, Keys.doc(ctx.db, Keys.TOKEN, doc.id()), Keys.TOKEN, new DocState(new ObjectV(def), TxnTimeV.INSTANCE, ttl));
        return doc;
      });
      default -> null;
    };
  }
}
