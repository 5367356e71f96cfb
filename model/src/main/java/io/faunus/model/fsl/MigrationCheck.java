package io.faunus.model.fsl;

import io.faunus.fql.Diagnostic;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.fsl.CollectionItem;
import io.faunus.fql.fsl.FslPrinter;
import io.faunus.fql.fsl.FslType;
import io.faunus.fql.fsl.Migration;
import io.faunus.fql.fsl.Path;
import io.faunus.model.schema.TypeMatch;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Whether a changed collection may replace the live one (schema-v10.md §4): for a collection holding
 * documents, every change of its defined fields or wildcard must be explained by migration statements. The
 * statements new in this push are found by the continuation rule (§4.3: the longest prefix of the submitted
 * list that equals a suffix of the live list is already applied), then replayed on the live shape, which must
 * end up exactly the submitted one. Where the spec leaves room, the check looks at the data instead of
 * refusing: a changed field type is accepted when every document's value has the new type, and an added
 * field's existing values need {@code move_conflicts} only when one of them does not fit.
 */
final class MigrationCheck {
  private MigrationCheck() {}

  /** The statements to run on the documents, in order (empty: nothing to rewrite). */
  record Plan(List<Migration> statements, CollectionItem submitted, Source source) {
    static final Plan NONE = new Plan(List.of(), null, null);
  }

  /** {@code documents} walks the live documents' user fields (only called when the collection has some). */
  static Plan check(Located submitted, ObjectV liveDef, boolean hasDocuments, Consumer<Consumer<ObjectV>> documents) {
    CollectionItem sub = (CollectionItem) submitted.item();
    CollectionItem live = FromDefinition.collection(liveDef);
    List<Migration> fresh = continuation(live, sub);
    if (!hasDocuments) return Plan.NONE;
    new Replay(submitted.source(), live, sub, documents).run(fresh);
    return new Plan(fresh, sub, submitted.source());
  }

  /** The submitted statements past the longest prefix that equals a suffix of the live ones. */
  static List<Migration> continuation(CollectionItem live, CollectionItem sub) {
    List<String> was = texts(live), now = texts(sub);
    for (int k = Math.min(was.size(), now.size()); k >= 0; k--) {
      if (now.subList(0, k).equals(was.subList(was.size() - k, was.size()))) {
        return sub.migrations() == null ? List.of() : sub.migrations().statements().subList(k, now.size());
      }
    }
    return List.of(); // unreachable: k = 0 always matches
  }

  private static List<String> texts(CollectionItem c) {
    return c.migrations() == null ? List.of()
        : c.migrations().statements().stream().map(FslPrinter::migration).toList();
  }

  /** The live shape with each new statement applied, collecting every problem found. */
  private static final class Replay {
    final Source source;
    final CollectionItem sub;
    final Consumer<Consumer<ObjectV>> documents;
    final Map<String, FslType> shape = new LinkedHashMap<>();
    /** Fields whose type in {@link #shape} came from the live schema (not set by a statement). */
    final Set<String> fromLive = new HashSet<>();
    final Map<String, CollectionItem.Field> submitted = new LinkedHashMap<>();
    boolean wildcard;
    /** The submitted collection allows undeclared fields: a wildcard, or no defined fields at all. */
    final boolean subWildcard;
    final List<Diagnostic> errors = new ArrayList<>();
    final Set<String> added = new HashSet<>(), backfilled = new HashSet<>(), split = new HashSet<>();
    boolean moveConflicts, addedWildcard;

    Replay(Source source, CollectionItem live, CollectionItem sub, Consumer<Consumer<ObjectV>> documents) {
      this.source = source;
      this.sub = sub;
      this.documents = documents;
      for (CollectionItem.Field f : live.fields()) {
        shape.put(f.name().text(), f.type());
        fromLive.add(f.name().text());
      }
      // A collection without defined fields accepts anything: an implicit `*: Any` (§4.1).
      wildcard = live.wildcard() != null || live.fields().isEmpty();
      for (CollectionItem.Field f : sub.fields()) submitted.put(f.name().text(), f);
      subWildcard = sub.wildcard() != null || sub.fields().isEmpty();
    }

    void run(List<Migration> fresh) {
      for (Migration m : fresh) {
        if (m instanceof Migration.MoveConflicts) moveConflicts = true;
      }
      for (Migration m : fresh) statement(m);
      compare();
      if (!errors.isEmpty()) throw SchemaFailure.badRequest(FileSchema.render(errors));
    }

    private void statement(Migration m) {
      switch (m) {
        case Migration.Add a -> {
          String f = name(a.field());
          if (backfilled.contains(f)) error("Cannot add field `" + a.field().text() + "` after it's backfilled", m.span());
          else if (!added.add(f)) error("Cannot add field `" + a.field().text() + "` twice", m.span());
          else if (shape.containsKey(f)) {
            error("Field `" + a.field().text() + "` is in the live schema, so it cannot be added or backfilled", m.span());
          } else if (!submitted.containsKey(f)) {
            error("Cannot add field `" + a.field().text() + "`, as it is not in the submitted schema", m.span());
          } else {
            FslType type = submitted.get(f).type();
            if (wildcard && !moveConflicts && anyDocument(d -> d.fields().containsKey(f) && !TypeMatch.matches(d.get(f), type))) {
              error("Cannot add field, as `" + a.field().text() + "` conflicts with the wildcard", m.span(),
                  "Add a `move_conflicts .conflicts` migration to keep the values that do not fit");
            }
            shape.put(f, type);
          }
        }
        case Migration.Backfill b -> {
          String f = name(b.field());
          if (!submitted.containsKey(f)) {
            error("Cannot backfill field `" + b.field().text() + "`, as it is not in the submitted schema", m.span());
          } else if (!backfilled.add(f)) {
            error("Cannot backfill field `" + b.field().text() + "` multiple times", m.span());
          } else if (shape.containsKey(f) && !added.contains(f) && fromLive.contains(f)) {
            error("Field `" + b.field().text() + "` is in the live schema, so it cannot be added or backfilled", m.span());
          } else {
            shape.put(f, submitted.get(f).type()); // a backfill adds the field when no `add` did
            fromLive.remove(f);
          }
        }
        case Migration.Drop d -> {
          String f = name(d.field());
          if (split.contains(f)) error("Cannot drop field that was split", m.span());
          else if (submitted.containsKey(f)) {
            error("Cannot drop field `" + d.field().text() + "`. Dropped fields must be removed from schema", m.span(),
                "Field defined here", submitted.get(f).span());
          } else if (!shape.containsKey(f) && !wildcard) {
            error("Field `" + d.field().text() + "` was dropped but it doesn't exist in the live schema", m.span());
          }
          shape.remove(f);
        }
        case Migration.Move mv -> {
          String from = name(mv.field()), to = name(mv.to());
          if (from.equals(to)) error("Cannot move a field to itself", m.span());
          else if (submitted.containsKey(from)) {
            error("Cannot move field `" + mv.field().text() + "`, as it is in the submitted schema", m.span());
          } else if (!shape.containsKey(from)) {
            error("Cannot move field `" + mv.field().text() + "`, as it is not in the live schema", m.span());
          } else {
            shape.remove(from);
            if (submitted.containsKey(to)) {
              shape.put(to, submitted.get(to).type());
              fromLive.remove(to);
            }
          }
        }
        case Migration.Split s -> {
          String from = name(s.field());
          if (s.to().size() < 2) error("Cannot split field: expected at least two fields to split into", m.span());
          else if (!split.add(from)) error("Cannot split field twice", m.span());
          else {
            shape.remove(from);
            for (Path t : s.to()) {
              if (submitted.containsKey(name(t))) {
                shape.put(name(t), submitted.get(name(t)).type());
                fromLive.remove(name(t));
              }
            }
          }
        }
        case Migration.MoveConflicts mc -> {
          if (!subWildcard) {
            error("Cannot move wildcard conflicts, as there is no wildcard in the submitted schema", m.span());
          }
          conflictsField(mc.into(), m.span());
        }
        case Migration.MoveWildcard mw -> {
          if (subWildcard) {
            error("Cannot move wildcard, as there is still a wildcard in the submitted schema", m.span());
          } else if (!wildcard) {
            error("Wildcard was not present in the live schema", m.span());
          }
          wildcard = false;
          conflictsField(mw.into(), m.span());
        }
        case Migration.AddWildcard aw -> {
          if (addedWildcard) error("Cannot add a wildcard twice", m.span());
          else if (!subWildcard) error("Cannot add wildcard, as the submitted schema lacks a wildcard", m.span());
          addedWildcard = true;
          wildcard = true;
        }
      }
    }

    /** Where conflicting or undeclared values go: a declared field of type {@code { *: Any }?}. */
    private void conflictsField(Path into, Span at) {
      CollectionItem.Field f = submitted.get(name(into));
      boolean ok = f != null && TypeMatch.matches(NullV.NULL, f.type()) && TypeMatch.matches(ObjectV.EMPTY, f.type());
      if (!ok) error("Wildcard conflicts field must have the type `{ *: Any } | Null`", at);
      else if (!shape.containsKey(name(into))) {
        shape.put(name(into), f.type());
        fromLive.remove(name(into));
      }
    }

    /** After the statements, the live shape must be the submitted one. */
    private void compare() {
      Span collection = sub.name().span();
      for (CollectionItem.Field f : sub.fields()) {
        String n = f.name().text();
        FslType was = shape.get(n);
        boolean optional = TypeMatch.matches(NullV.NULL, f.type()) || f.defaultValue() != null;
        if (was == null) {
          if (!optional) {
            errors.add(new Diagnostic(Diagnostic.Severity.ERROR, "Field `." + n + "` is not present in the live schema",
                loc(f.span()), List.of(), List.of(hint("Provide an `add` migration for this field", f.span()),
                hint("Add a default value to this field", f.span()), hint("Make the field nullable", f.span()))));
          }
          continue;
        }
        if (added.contains(n) && !backfilled.contains(n) && !optional) {
          error("Cannot declare non-nullable field `." + n + "`: it has no default and no backfill value", f.span());
        }
        if (fromLive.contains(n) && !was.display().equals(f.type().display())
            && anyDocument(d -> !TypeMatch.matches(d.get(n), f.type()))) {
          error("Field `." + n + "` of type `" + f.type().display() + "` does not match the live type `"
              + was.display() + "`", f.span(), "Use a `split` migration to move values of other types to another field");
        }
      }
      for (String n : shape.keySet()) {
        if (!submitted.containsKey(n)) {
          error("Field `." + n + "` is missing from the submitted schema", collection,
              "Provide a `drop ." + n + "` migration to remove the field from existing documents");
        }
      }
      if (wildcard && !subWildcard) {
        errors.add(new Diagnostic(Diagnostic.Severity.ERROR, "Missing wildcard definition", loc(collection), List.of(),
            List.of(new Diagnostic.Hint("Collections with no fields defined allow arbitrary fields by default. To keep "
                + "this behavior, add a wildcard declaration to the schema definition", null))));
      }
    }

    private boolean anyDocument(java.util.function.Predicate<ObjectV> test) {
      boolean[] found = {false};
      documents.accept(d -> {
        if (!found[0] && test.test(d)) found[0] = true;
      });
      return found[0];
    }

    private static String name(Path p) {
      String t = p.text();
      return t.startsWith(".") ? t.substring(1) : t;
    }

    private Diagnostic.Location loc(Span span) {
      return new Diagnostic.Location(source, span);
    }

    private Diagnostic.Hint hint(String message, Span at) {
      return new Diagnostic.Hint(message, loc(at));
    }

    private void error(String message, Span at) {
      errors.add(Diagnostic.error(message, loc(at)));
    }

    private void error(String message, Span at, String hint) {
      errors.add(new Diagnostic(Diagnostic.Severity.ERROR, message, loc(at), List.of(),
          List.of(new Diagnostic.Hint(hint, null))));
    }

    private void error(String message, Span at, String hint, Span hintAt) {
      errors.add(new Diagnostic(Diagnostic.Severity.ERROR, message, loc(at), List.of(), List.of(hint(hint, hintAt))));
    }
  }
}
