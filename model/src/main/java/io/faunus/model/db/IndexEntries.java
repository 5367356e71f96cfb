package io.faunus.model.db;

import io.faunus.model.schema.IndexDef;
import io.faunus.model.value.Meter;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The entries a document contributes to an index (spec §5.3): one per combination of term and value
 * elements (mva fields fan out over their array elements). A document with only null terms is not indexed.
 */
final class IndexEntries {
  private IndexEntries() {}

  record Entry(List<Value> terms, List<Value> values) {}

  /**
   * Every entry of the document; {@code m} is charged one unit per entry, as mva fields multiply: two mva
   * values of 100 000 elements each are 10^10 entries.
   */
  static Set<Entry> of(IndexDef idx, long docId, ObjectV data, Meter m) {
    Set<Entry> out = new LinkedHashSet<>();
    if (data == null) return out;
    List<List<Value>> termChoices = new ArrayList<>();
    for (IndexDef.Term t : idx.terms()) termChoices.add(expand(t.path().read(data), t.mva()));
    List<List<Value>> valueChoices = new ArrayList<>();
    for (IndexDef.Val v : idx.values()) {
      Value x = v.path().isSingle("id") ? new IdV(docId) : v.path().read(data);
      valueChoices.add(expand(x, v.mva()));
    }
    List<List<Value>> valueTuples = product(valueChoices, m);
    for (List<Value> terms : product(termChoices, m)) {
      if (!terms.isEmpty() && terms.stream().allMatch(v -> v instanceof NullV)) continue;
      for (List<Value> values : valueTuples) {
        m.charge(1);
        out.add(new Entry(terms, values));
      }
    }
    return out;
  }

  private static List<Value> expand(Value v, boolean mva) {
    if (mva && v instanceof ArrayV a) {
      // Null elements of an mva array are not indexed: byFoo(null) must not find [1, null, 2].
      List<Value> elems = a.elems().stream().filter(x -> !(x instanceof NullV)).distinct().toList();
      return elems.isEmpty() ? List.of(NullV.NULL) : elems;
    }
    return List.of(v);
  }

  private static List<List<Value>> product(List<List<Value>> choices, Meter m) {
    List<List<Value>> out = new ArrayList<>();
    out.add(List.of());
    for (List<Value> c : choices) {
      List<List<Value>> next = new ArrayList<>();
      for (List<Value> prefix : out) {
        for (Value v : c) {
          m.charge(1);
          List<Value> l = new ArrayList<>(prefix);
          l.add(v);
          next.add(l);
        }
      }
      out = next;
    }
    return out;
  }
}
