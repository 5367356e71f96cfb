package io.faunus.model.db;

import io.faunus.fql.Span;
import io.faunus.model.doc.Keys;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Member;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.stdlib.Args;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Credential documents (spec §7.4): a password for an identity document, stored only as a BCrypt hash.
 * {@code cred.login(password[, ttl])} mints a token for the identity; {@code cred.verify(password)} checks
 * without one. No {@code data} field and no ttl: any other field is a constraint failure.
 */
final class CredentialDocs {
  private CredentialDocs() {}

  static final String HIDDEN_PASSWORD = "\u0000password";
  private static final Set<String> FIELDS = Set.of("document", "password");

  static Value create(DbContext ctx, Interp in, ObjectV obj, Span site) {
    Failures f = new Failures();
    Map<String, Value> def = validate(ctx, in, obj, f, null);
    f.throwIfAny(in, "Failed to create Credential.", site);
    long id = ctx.ids.getAsLong();
    Writes.putNative(ctx, Keys.doc(ctx.db, Keys.CREDENTIAL, id), Keys.CREDENTIAL,
        new DocState(new ObjectV(def), TxnTimeV.INSTANCE, null));
    return DocV.byId("Credential", id);
  }

  /** {@code old}: the stored fields when updating (a password not given is kept). */
  private static Map<String, Value> validate(DbContext ctx, Interp in, ObjectV obj, Failures f, ObjectV old) {
    f.unexpected(obj, FIELDS);
    Map<String, Value> out = new LinkedHashMap<>();
    Value document = obj.get("document") != null || old == null ? obj.get("document") : old.get("document");
    DocV identity = TokenDocs.identity(ctx, in, document, f);
    if (identity != null) out.put("document", identity);
    Value pw = obj.get("password");
    if (f.expect(List.of("password"), pw, StrV.class, "String", true) && pw instanceof StrV s) {
      out.put(HIDDEN_PASSWORD, new StrV(Secrets.hashPassword(s.value())));
    } else if (old != null && old.get(HIDDEN_PASSWORD) != null) {
      out.put(HIDDEN_PASSWORD, old.get(HIDDEN_PASSWORD));
    }
    return out;
  }

  /** Credential.byDocument(doc): the identity's credential, or null. */
  static Value byDocument(DbContext ctx, Interp in, DocV identity) {
    List<Value> found = TokenDocs.withDocument(ctx, in, Keys.CREDENTIAL, "Credential", identity);
    return found.isEmpty() ? NullV.NULL : found.get(0);
  }

  static Member member(DbContext ctx, DocV doc, String name) {
    return switch (name) {
      case "login" -> new Member.Method(name, Arity.range(1, 2), (in, self, args, site) -> {
        DocState cred = existing(ctx, in, doc, site);
        if (!matches(cred, Args.str(in, args, 0, "password", site))) {
          throw in.error(ErrorCode.INVALID_SECRET, "Invalid secret.", site);
        }
        TimeV ttl = null;
        if (args.size() > 1 && !(args.get(1) instanceof NullV)) {
          if (!(args.get(1) instanceof TimeV t)) throw io.faunus.model.stdlib.Args.type(in, "ttl", "Time | Null", args.get(1), site);
          ttl = t;
        }
        Writes.checkWritable(ctx, in, "Token", Action.CREATE, site);
        return TokenDocs.mint(ctx, (DocV) cred.data().get("document"), ttl, null, doc.id());
      });
      case "verify" -> new Member.Method(name, Arity.exactly(1), (in, self, args, site) ->
          BoolV.of(matches(existing(ctx, in, doc, site), Args.str(in, args, 0, "password", site))));
      case "update", "replace" -> new Member.Method(name, Arity.exactly(1), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Credential", Action.WRITE, site);
        DocState old = existing(ctx, in, doc, site);
        Failures f = new Failures();
        Map<String, Value> def = validate(ctx, in, Args.object(in, args, 0, "data", site), f, old.data());
        f.throwIfAny(in, "Failed to update Credential with id " + doc.id() + ".", site);
        Writes.putNative(ctx, Keys.doc(ctx.db, Keys.CREDENTIAL, doc.id()), Keys.CREDENTIAL,
            new DocState(new ObjectV(def), TxnTimeV.INSTANCE, null));
        return doc;
      });
      case "delete" -> new Member.Method(name, Arity.exactly(0), (in, self, args, site) -> {
        Writes.checkWritable(ctx, in, "Credential", Action.DELETE, site);
        existing(ctx, in, doc, site);
        Writes.putNative(ctx, Keys.doc(ctx.db, Keys.CREDENTIAL, doc.id()), Keys.CREDENTIAL, null);
        return doc;
      });
      default -> null;
    };
  }

  private static DocState existing(DbContext ctx, Interp in, DocV doc, Span site) {
    DocState s = ctx.state(doc, in);
    if (s == null) throw ctx.notFound(in, doc, site);
    return s;
  }

  private static boolean matches(DocState cred, String password) {
    return cred.data().get(HIDDEN_PASSWORD) instanceof StrV h && Secrets.passwordMatches(password, h.value());
  }
}
