package io.faunus.model.eval;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.DocV;
import io.faunus.model.value.Value.ObjectV;

/** Documents as the running query sees them (its snapshot plus its own buffered writes). */
public interface DocAccess {
  boolean exists(Interp in, DocV doc);

  /** Throws document_not_found / document_deleted when the doc does not exist. */
  void requireExists(Interp in, DocV doc, Span span);

  /** All fields in render order (id/name, coll, ts, ttl?, data fields...), or null when missing. */
  ObjectV read(Interp in, DocV doc);

  /** Field access {@code doc.name}; a missing doc fails with document_not_found at {@code span}. */
  Value field(Interp in, DocV doc, String name, Span span);

  /** Native methods of documents (update, delete, exists, ...) and of schema documents; null if none. */
  Member member(Interp in, DocV doc, String name);

  /** Why a missing doc is missing: "not found", "deleted", ... */
  String missingCause(Interp in, DocV doc);

  /** For a query without documents (step 1 and tests): every document is missing. */
  DocAccess NONE = new DocAccess() {
    public boolean exists(Interp in, DocV doc) {
      return false;
    }

    public void requireExists(Interp in, DocV doc, Span span) {
      throw in.error(ErrorCode.DOCUMENT_NOT_FOUND, "Collection `" + doc.coll() + "` does not contain document with id "
          + doc.id() + ".", span);
    }

    public ObjectV read(Interp in, DocV doc) {
      return null;
    }

    public Value field(Interp in, DocV doc, String name, Span span) {
      requireExists(in, doc, span);
      return null;
    }

    public Member member(Interp in, DocV doc, String name) {
      return null;
    }

    public String missingCause(Interp in, DocV doc) {
      return "not found";
    }
  };
}
