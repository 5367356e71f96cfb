package io.faunus.model.stdlib;

import io.faunus.fql.Span;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Display;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.QueryError;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import io.faunus.model.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code Object} module (spec §4.7). Documents are accepted wherever an object is, as all their fields. */
final class ObjectLib {
  private ObjectLib() {}

  static void register(Map<String, Value> globals) {
    TypeMembers m = new TypeMembers()
        .method("keys", Arity.exactly(1), (in, self, args, site) -> {
          List<Value> keys = new ArrayList<>();
          fields(in, args, 0, "object", site).keySet().forEach(k -> keys.add(new StrV(k)));
          return new ArrayV(keys);
        })
        .method("values", Arity.exactly(1), (in, self, args, site) ->
            new ArrayV(new ArrayList<>(fields(in, args, 0, "object", site).values())))
        .method("entries", Arity.exactly(1), (in, self, args, site) -> {
          List<Value> entries = new ArrayList<>();
          fields(in, args, 0, "object", site).forEach((k, v) -> entries.add(ArrayV.of(new StrV(k), v)));
          return new ArrayV(entries);
        })
        .method("fromEntries", Arity.exactly(1), ObjectLib::fromEntries)
        .method("assign", Arity.exactly(2), (in, self, args, site) -> {
          Map<String, Value> out = new LinkedHashMap<>(fields(in, args, 0, "destination", site));
          out.putAll(fields(in, args, 1, "source", site));
          return new ObjectV(out);
        })
        .method("select", Arity.exactly(2), (in, self, args, site) -> {
          Value v = select(in, args, site);
          return v != null ? v : new NullV(site);
        })
        .method("hasPath", Arity.exactly(2), (in, self, args, site) -> BoolV.of(select(in, args, site) != null))
        .method("toString", Arity.exactly(1), (in, self, args, site) ->
            new StrV(Display.display(in, args.get(0))));
    // In Fauna documents and singleton objects (modules) are Objects too.
    GlobalLib.module(globals, "Object", m,
        v -> v instanceof ObjectV || v instanceof DocV || v instanceof MatDocV || v instanceof ModuleV, null);
  }

  /** The fields of an object or document argument (a missing document is an invalid argument). */
  private static Map<String, Value> fields(Interp in, List<Value> args, int i, String name, Span site) {
    Map<String, Value> fields = switch (args.get(i)) {
      case ObjectV o -> o.fields();
      case MatDocV d -> d.fields().fields();
      case DocV d -> docFields(in, d, name, site);
      default -> throw Args.type(in, name, "{ *: Any }", args.get(i), site);
    };
    in.charge(fields.size()); // every method here walks or copies the fields
    return fields;
  }

  private static Map<String, Value> docFields(Interp in, DocV doc, String name, Span site) {
    ObjectV o = in.ctx().docs().read(in, doc);
    if (o != null) return o.fields();
    try {
      in.ctx().docs().requireExists(in, doc, site);
    } catch (QueryError e) {
      // Fauna restates why the doc is missing as an argument error: "invalid argument `object`: document ...".
      String why = e.getMessage();
      throw ArgErrors.invalid(in, name, why.isEmpty() ? why : Character.toLowerCase(why.charAt(0)) + why.substring(1),
          site);
    }
    throw ArgErrors.invalid(in, name, "document does not exist", site);
  }

  /** Stricter than JavaScript: every entry must be exactly [String, value]; the last duplicate key wins. */
  private static Value fromEntries(Interp in, Value self, List<Value> args, Span site) {
    List<Value> entries = Args.array(in, args, 0, "entries", site).elems();
    in.charge(entries.size());
    Map<String, Value> out = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Value e = entries.get(i);
      if (!(e instanceof ArrayV pair)) {
        throw ArgErrors.invalid(in, "entries", "expected an array for each element of the outer array, but saw type "
            + Values.typeName(e) + " at index " + i, site);
      }
      if (pair.elems().size() != 2) {
        throw ArgErrors.invalid(in, "entries", "expected inner array of length 2 but saw length "
            + pair.elems().size() + " at index " + i, site);
      }
      if (!(pair.elems().get(0) instanceof StrV key)) {
        throw ArgErrors.invalid(in, "entries", "expected a string for the first element of each inner array, but "
            + "saw type " + Values.typeName(pair.elems().get(0)) + " at index " + i, site);
      }
      out.put(key.value(), pair.elems().get(1)); // a repeated key keeps its first position, last value
    }
    return new ObjectV(out);
  }

  /**
   * The value at {@code path} inside the object argument, or null when some step is missing or is not an
   * object. Path elements are checked only as far as the walk gets, as in Fauna.
   */
  private static Value select(Interp in, List<Value> args, Span site) {
    Value cur = new ObjectV(fields(in, args, 0, "object", site));
    for (Value step : Args.array(in, args, 1, "path", site).elems()) {
      in.tick();
      if (!(step instanceof StrV key)) throw ArgErrors.invalid(in, "path", "expected an array of strings", site);
      if (!(cur instanceof ObjectV o)) return null;
      cur = o.fields().get(key.value());
      if (cur == null) return null;
    }
    return cur;
  }
}
