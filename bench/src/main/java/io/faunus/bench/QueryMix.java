package io.faunus.bench;

import io.faunus.model.query.QueryOutcome;
import io.faunus.model.query.QueryRequest;
import io.faunus.node.Node;
import io.faunus.node.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The FQL query mixes of {@link EvalBench}. Each template is instantiated with many values of {@code $K}, and
 * the instances are shuffled, so consecutive calls parse different text, take different branches and produce
 * different answers: caching one parse tree or one result wins nothing.
 *
 * <p>{@code core} uses the language only (operators, let, lambdas, if, objects, projection, interpolation,
 * indexing) and runs on any build. {@code full} adds standard-library calls (Array map/filter/reduce/fold,
 * String methods); {@code main} probes which mixes the current build can run ({@code run-eval.sh} uses it),
 * so a mix whose functions do not exist yet is skipped with the reason instead of measuring errors.
 */
public final class QueryMix {
  private QueryMix() {}

  /** Instances per template. */
  static final int VARIANTS = 64;

  static final List<String> CORE = List.of(
      // arithmetic, integer and float
      "($K + 3) * 7 - ($K * 2) / 3 % 5 + 2 ** 3",
      "let x = $K.5\nx * 2.25 + x / 3.0 - 1.0",
      // string concatenation and interpolation
      "let s = \"user-$K\"\ns + \":\" + s + \"-\" + \"suffix\"",
      "let n = $K\nlet name = \"item#{n}\"\n\"name=#{name}, double=#{n * 2}, big=#{n > 100}\"",
      // object literals, field access, projection
      "let o = { id: $K, name: \"ann-$K\", age: $K + 20, tags: [\"a\", \"b\"], address: { city: \"c$K\", zip: \"$K\" } }\n"
          + "o { id, name, address { city } }",
      "[{ a: $K, b: 1 }, { a: $K + 1, b: 2 }, { a: $K + 2, b: 3 }] { a }",
      "let o = { a: { b: { c: $K } } }\no.a.b.c + (o.x ?? 1) + o[\"a\"][\"b\"][\"c\"]",
      // lambdas, closures, if/else
      "let add = x => y => x + y\nlet mul = (x, y) => x * y\nmul(add($K)(2), 3)",
      "let f = x => if (x > 200) \"big\" else if (x > 100) \"mid\" else \"small\"\nf($K) + \"/\" + f($K * 3)",
      // let blocks, arrays, comparisons
      "let a = $K\nlet b = { let c = a * 2\n c + 1 }\nlet xs = [a, b, a + b]\n(xs[0] < xs[1] && xs[2] != 0) || xs[1] == 5");

  /** Standard-library queries; measured only when every one of them runs (see {@link #main}). */
  static final List<String> STDLIB = List.of(
      "[$K, 1, 2, 3, 4, 5].map(x => x * 2).filter(x => x > 4).reduce((a, b) => a + b)",
      "[1, 2, 3, $K].fold(0, (acc, x) => acc + x * x)",
      "\"Hello World $K\".toUpperCase().split(\" \")",
      "let s = \"abc-$K\"\ns.length + s.concat(\"xyz\").length",
      "\"a-b-$K\".replaceAll(\"-\", \"+\")");

  static List<String> templates(String mix) {
    return switch (mix) {
      case "core" -> CORE;
      case "full" -> {
        List<String> all = new ArrayList<>(CORE);
        all.addAll(STDLIB);
        yield all;
      }
      default -> throw new IllegalArgumentException("unknown mix " + mix + " (core, full)");
    };
  }

  /** Every template instantiated {@link #VARIANTS} times, shuffled with a fixed seed. */
  static String[] texts(String mix) {
    List<String> out = new ArrayList<>();
    for (String t : templates(mix)) {
      for (int v = 0; v < VARIANTS; v++) out.add(t.replace("$K", Integer.toString(v * 7 + 1)));
    }
    java.util.Collections.shuffle(out, new Random(42));
    return out.toArray(String[]::new);
  }

  static QueryRequest request(String text) {
    return new QueryRequest("secret", text, List.of(), null, QueryRequest.Format.TAGGED, null, System.nanoTime(),
        QueryRequest.DEFAULT_TIMEOUT_MS, Long.MIN_VALUE, QueryRequest.DEFAULT_MAX_CONTENTION_RETRIES, false, false,
        null);
  }

  /** Null when {@code text} runs successfully on {@code node}, else why not. */
  static String problem(Node node, String text) {
    QueryOutcome o = node.execute(request(text));
    return switch (o) {
      case QueryOutcome.Success s -> null;
      case QueryOutcome.Failure f -> f.code() + ": " + f.message();
      case QueryOutcome.ProtocolError p -> p.code() + ": " + p.message();
    };
  }

  /** Prints which mixes run on this build; the last line is {@code SUPPORTED <mix>[,<mix>]}. */
  public static void main(String[] args) {
    List<String> ok = new ArrayList<>();
    try (Node node = Node.open(new NodeConfig(null, true, "secret"))) {
      for (String mix : List.of("core", "full")) {
        List<String> problems = new ArrayList<>();
        for (String t : templates(mix)) {
          String p = problem(node, t.replace("$K", "1"));
          if (p != null) problems.add("  " + t.replace('\n', ';') + "\n    -> " + p);
        }
        if (problems.isEmpty()) {
          ok.add(mix);
          System.out.println("mix " + mix + ": all " + templates(mix).size() + " queries run");
        } else {
          System.out.println("mix " + mix + ": SKIPPED, " + problems.size() + " of " + templates(mix).size()
              + " queries do not run on this build:");
          problems.forEach(System.out::println);
        }
      }
    }
    System.out.println("SUPPORTED " + String.join(",", ok));
  }
}
