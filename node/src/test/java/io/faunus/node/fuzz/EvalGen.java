package io.faunus.node.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Valid-ish FQL over the fuzz schema (collection Books with an index byTitle and a unique index, documents,
 * UDFs Double1, Rec and Loop): library calls on random values, operators, lambdas, projections, blowups, and
 * mutations of all of these.
 */
final class EvalGen {
  static final String SETUP = """
      Collection.create({ name: "Books", indexes: { byTitle: { terms: [{ field: "title" }], values: [{ field: "n" }] } },
        constraints: [{ unique: ["isbn"] }] })
      Function.create({ name: "Double1", body: "x => x * 2" })
      Function.create({ name: "Rec", body: "n => if (n <= 0) 0 else Rec(n - 1) + 1" })
      Function.create({ name: "Loop", body: "x => Loop(x)" })
      Function.create({ name: "Ab", body: "x => abort(x)" })
      """;
  static final String SEED_DOCS = """
      Books.create({ id: "1", title: "t1", n: 1, isbn: "a", tags: ["x", "y"], nested: { a: { b: [1, { c: null }] } } })
      Books.create({ title: "t2", n: 2.5, isbn: "b" })
      Books.create({ title: "t1", n: -3, when: Time("2023-01-01T00:00:00Z"), d: Date("2023-02-28"), b: Bytes("AQL/") })
      """;

  static final String[] NUMBERS = {"0", "1", "-1", "2", "7", "2147483647", "2147483648", "-2147483649",
      "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1.5", "-0.0", "1e308", "-1e308",
      "4.9e-324", "Math.NaN", "Math.Infinity", "-Math.Infinity", "0x7fffffff", "16000", "16001", "100000", "-16000"};
  static final String[] STRINGS = {"\"\"", "\"abc\"", "\"t1\"", "\"\\u{1F600}x\"", "\"ß\"", "\"İ\"", "\"a,b,,c\"",
      "\"(a+)+$\"", "\"[\"", "\"%s %d\"", "\"2023-01-01T00:00:00Z\"", "\"2023-02-30\"", "\"1e5\"", "\"0x1F\"",
      "\"NaN\"", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"", "\"Books\"", "\"day\"", "\"nanoseconds\"", "\"millennia\"",
      "\"\\u0000\"", "\"#{1}\"", "'single'"};
  static final String[] MISC = {"null", "true", "false", "[]", "[1, 2, 3]", "[\"b\", \"a\", null, 1]", "[[1], [2, [3]]]",
      "{}", "{ a: 1, b: { c: [1] } }", "{ \"@int\": 1 }", "Array.sequence(0, 100)", "Set.sequence(0, 10)",
      "[1, 2].toSet()", "Set.single(1)", "Books.all()", "Books.byTitle(\"t1\")", "Books.byId(\"1\")",
      "Books.byId(\"999\")", "Books.all().first()", "Books.all().first()!.tags", "Time.now()",
      "Time(\"2023-01-01T00:00:00Z\")", "Time.epoch(0, \"second\")", "Date(\"2023-02-28\")", "Date.today()",
      "TransactionTime()", "Bytes(\"AQL/\")", "Math", "Books", "Collection", "Function", "Key", "Double1", "Rec",
      "ID(\"12\")", "newId()", "Books.definition", "Collection.byName(\"Books\")", "Books.all().toArray()",
      "x => x", "(a, b) => a", ".n", "x => abort(x)", "(...r) => r", "_ => Books.create({ title: \"w\" })",
      "Object.entries({ a: 1 })", "Books.all().paginate(1)", "Books.all().map(.title)", "Books.all().order(desc(.n))",
      "Books.byTitle(\"t1\").reverse()", "Books.all().where(.n > 0)", "Query.identity()", "Function.all()"};
  static final String[] METHODS = {"length", "map", "filter", "where", "reduce", "fold", "foldRight", "concat",
      "slice", "take", "drop", "first", "last", "at", "includes", "indexOf", "reverse", "order", "distinct", "flatten",
      "flatMap", "toSet", "toArray", "any", "every", "forEach", "append", "prepend", "entries", "aggregate", "split",
      "splitAt", "splitRegex", "replace", "replaceAll", "replaceRegex", "replaceAllRegex", "matches", "matchIndexes",
      "includesRegex", "indexOfRegex", "casefold", "toLowerCase", "toUpperCase", "insert", "parseInt", "parseDouble",
      "parseNumber", "parseLong", "startsWith", "endsWith", "toString", "add", "subtract", "difference", "toMicros",
      "dayOfWeek", "year", "update", "replace", "delete", "exists", "paginate", "pageSize", "count", "size", "isEmpty",
      "sequence", "pow", "abs", "round", "trunc", "sqrt", "log", "max", "min", "mean", "sum", "keys", "values",
      "select", "hasPath", "assign", "fromEntries", "create", "createData", "byId", "byName", "all", "firstWhere",
      "lastIndexWhere", "limit", "single", "fromString", "epoch", "fromBase64", "toBase64", "not_a_method"};
  static final String[] BINOPS = {"+", "-", "*", "/", "%", "**", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??",
      "&", "|", "^", "isa"};
  /** Patterns that try to grow a value or the work exponentially; each must stop on a limit or the timeout. */
  static final List<String> BLOWUPS = List.of(
      "Array.sequence(0, 40).fold(\"xy\", (a, _) => a + a)",
      "Array.sequence(0, 40).fold([1], (a, _) => a.concat(a))",
      "Array.sequence(0, 40).fold({ a: 1 }, (a, _) => { l: a, r: a })",
      "Array.sequence(0, 100000).fold([], (a, _) => [a])",
      "Array.sequence(0, 15000).fold([], (a, _) => [a])",
      "Array.sequence(0, 5000).fold([], (a, _) => [a]).flatten()",
      "Array.sequence(0, 16000).map(x => Array.sequence(0, 16000))",
      "Array.sequence(0, 16000).flatMap(x => Array.sequence(0, 16000)).length",
      "Set.sequence(0, 2147483647).count()",
      "Set.sequence(-9223372036854775807, 9223372036854775807).take(3).toArray()",
      "Set.sequence(0, 1000000).map(x => x * 2).reduce((a, b) => a + b)",
      "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\".matches(\"(a+)+$\")",
      "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\".includesRegex(\"(a|aa)+$\")",
      "\"x\".replaceAll(\"\", \"yy\").replaceAll(\"\", \"yy\").replaceAll(\"\", \"yy\").replaceAll(\"\", \"yy\")",
      "Loop(1)", "Rec(100000)", "Rec(2000)", "Rec(-1)", "{ let f = (f, n) => f(f, n + 1)\n f(f, 0) }",
      "\"ab\".split(\"\")", "Array.sequence(0, 16000).toString().length",
      "Books.all().map(b => Books.create({ title: b.title + \"!\", isbn: newId().toString() })).toArray().length",
      "Array.sequence(0, 200).forEach(x => Books.create({ title: \"bulk\", n: x, blob: \"x\" }))",
      "Math.pow(2, 10000)", "10 ** 400", "2 ** 64", "-9223372036854775808 / -1", "-9223372036854775808 % -1",
      "9223372036854775807 + 1", "-2147483648 * -1", "1 << 70", "Math.abs(-9223372036854775808)",
      "Time(\"+999999999-12-31T23:59:59Z\").add(1, \"day\")", "Time.now().add(9223372036854775807, \"days\")",
      "Date(\"2023-01-01\").add(9223372036854775807, \"days\")", "Time.epoch(9223372036854775807, \"seconds\")",
      "Time.now().difference(Time(\"-999999999-01-01T00:00:00Z\"), \"nanoseconds\")",
      "Array.sequence(0, 16000).order(desc(x => x))", "at (Time(\"1970-01-01T00:00:00Z\")) Books.all().toArray()",
      "at (Time.now().add(1, \"day\")) 1", "\"\\u0000value0>\"", "Books.all().paginate(16000)",
      "Set.paginate(\"garbage\")", "Set.paginate(\"AAAAAAAA\")", "Books.byId(\"-1\")", "Books.byId(\"99999999999999999999\")",
      "Books.create({ id: \"-5\" })", "Books.create({ data: { a: 1 } })", "Books.create({ ts: 1 })",
      "Books.create({ title: Array.sequence(0, 16000).toString() })",
      "Array.sequence(0, 10).map(x => Books.create({ isbn: \"same\" }))",
      "Collection.create({ name: \"Books\" })", "Collection.create({ name: \"\" })",
      "Collection.create({ name: \"C\" + newId().toString(), indexes: { i: { terms: [{ field: \"x\" }] } } })",
      "Books.definition.update({ indexes: { byTitle: null } })", "Function.create({ name: \"F\", body: \"x =>\" })",
      "Function.create({ name: \"G\" + newId().toString(), body: \"(x) => G(x)\" })",
      "Key.create({ role: \"admin\" }).secret", "Key.create({ role: \"nope\" })", "Role.create({ name: \"r\" })",
      "Database.create({ name: \"db\" + newId().toString() })", "dbg(Array.sequence(0, 16000))",
      "log(Array.sequence(0, 16000))", "abort(Array.sequence(0, 16000))", "abort(Books.all())",
      "Books.all().map(.n).distinct().order().reverse().take(-1)", "[1, 2, 3].slice(-9223372036854775808, 2)",
      "[1, 2].at(2147483648)", "\"abc\".at(-1)", "\"abc\".slice(2, 1)", "\"abc\".insert(99, \"x\")",
      "\"x\".parseInt(99)", "\"ff\".parseInt(16)", "\"1\".parseInt(-1)", "\"1\".parseNumber()",
      "Object.fromEntries([[1, 2]])", "Object.fromEntries([[\"a\"]])", "Object.select({ a: 1 }, [\"a\", 1])",
      "Object.assign({}, Books)", "{ a: 1 } { *}", "Books.all() { title, n: .n * 2 }");

  final Random rnd;

  EvalGen(Random rnd) {
    this.rnd = rnd;
  }

  String oneOf(String[] xs) {
    return xs[rnd.nextInt(xs.length)];
  }

  String next() {
    return switch (rnd.nextInt(10)) {
      case 0 -> BLOWUPS.get(rnd.nextInt(BLOWUPS.size()));
      case 1 -> mutate(BLOWUPS.get(rnd.nextInt(BLOWUPS.size())));
      case 2 -> mutate(expr(0));
      case 3 -> "let v = " + expr(1) + "\n" + expr(0).replace("x", "v");
      default -> expr(0);
    };
  }

  String value() {
    return switch (rnd.nextInt(3)) {
      case 0 -> oneOf(NUMBERS);
      case 1 -> oneOf(STRINGS);
      default -> oneOf(MISC);
    };
  }

  String expr(int depth) {
    if (depth > 3) return value();
    return switch (rnd.nextInt(12)) {
      case 0, 1 -> value();
      case 2, 3, 4 -> "(" + expr(depth + 1) + ")." + oneOf(METHODS) + "(" + args(depth) + ")";
      case 5 -> "(" + expr(depth + 1) + ") " + oneOf(BINOPS) + " (" + expr(depth + 1) + ")";
      case 6 -> oneOf(new String[] {"Math", "Time", "Date", "String", "Array", "Object", "Set", "Books", "Bytes",
          "Collection", "Function", "Query", "Key", "Double1", "Rec", "Ab"}) + "." + oneOf(METHODS) + "(" + args(depth) + ")";
      case 7 -> "[" + args(depth) + "]";
      case 8 -> "{ a: " + expr(depth + 1) + ", b: " + expr(depth + 1) + " }";
      case 9 -> "(" + expr(depth + 1) + ")" + oneOf(new String[] {"!", "?.a", ".a", "[0]", "?.[1]", " { a, b }",
          "(1)", ".length", " ?? 1"});
      case 10 -> "if (" + expr(depth + 1) + ") " + expr(depth + 1) + " else " + expr(depth + 1);
      default -> "Array.sequence(0, 5).map(x => " + expr(depth + 1) + ")";
    };
  }

  String args(int depth) {
    int n = rnd.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append(rnd.nextInt(3) == 0 ? expr(depth + 1) : value());
    return sb.toString();
  }

  String mutate(String s) {
    StringBuilder sb = new StringBuilder(s);
    int times = 1 + rnd.nextInt(3);
    for (int t = 0; t < times && sb.length() > 0; t++) {
      int a = rnd.nextInt(sb.length() + 1);
      int b = Math.min(sb.length(), a + rnd.nextInt(8));
      switch (rnd.nextInt(5)) {
        case 0 -> sb.delete(a, b);
        case 1 -> sb.insert(a, sb.substring(a, b));
        case 2 -> sb.insert(a, value());
        case 3 -> sb.insert(a, oneOf(new String[] {"(", ")", "[", "]", ".", ",", "!", "?.", "=>", "x", "0", "-",
            "\"", "{", "}"}));
        default -> sb.replace(a, b, oneOf(NUMBERS));
      }
    }
    return sb.toString();
  }
}
