package io.faunus.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The workloads of {@code ./faunus bench} (docs/benchmarks.md, "Faunus against PostgreSQL"). */
enum Workload {
  READ("read", "point read of one document by id"),
  INDEX("index", "lookup by a unique-valued index term, then read the document"),
  INSERT("insert", "insert one new document"),
  RMW("rmw", "read one document and write it back incremented"),
  PLACE_ORDER("place-order", "the store's placeOrder: 3 products, stock check and decrement, order and 3 lines");

  final String id;
  final String what;

  Workload(String id, String what) {
    this.id = id;
    this.what = what;
  }

  /** Writes that the correctness checks count: retries and conflicts only mean something for these. */
  boolean contended() {
    return this == RMW || this == PLACE_ORDER;
  }

  static Workload parse(String s) {
    for (Workload w : values()) if (w.id.equals(s)) return w;
    throw new IllegalArgumentException("unknown workload '" + s + "' (one of " + ids() + ")");
  }

  static String ids() {
    return Arrays.stream(values()).map(w -> w.id).collect(Collectors.joining(", "));
  }
}
