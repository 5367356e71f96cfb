package io.faunus.model.eval;

/** Allowed argument counts of a function, and the wording of arity errors (spec §1.6). */
public record Arity(int min, int max) {
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  public static Arity exactly(int n) {
    return new Arity(n, n);
  }

  public static Arity range(int min, int max) {
    return new Arity(min, max);
  }

  public static Arity atLeast(int n) {
    return new Arity(n, UNBOUNDED);
  }

  public boolean accepts(int n) {
    return n >= min && n <= max;
  }

  /** "exactly 1 argument", "no arguments", "1 or 2 arguments", "1, 2 or 3 arguments", "at least 1 argument". */
  public String describe() {
    if (max == UNBOUNDED) return "at least " + plural(min, "argument");
    if (min == max) return min == 0 ? "no arguments" : "exactly " + plural(min, "argument");
    StringBuilder sb = new StringBuilder();
    for (int i = min; i < max; i++) sb.append(i).append(i < max - 1 ? ", " : " ");
    return sb.append("or ").append(max).append(" arguments").toString();
  }

  /** "callee function expects exactly 2 arguments, but 1 was provided." */
  public String calleeMessage(int provided) {
    return "callee function expects " + describe() + ", but " + provided + (provided == 1 ? " was" : " were")
        + " provided.";
  }

  /** For callbacks: "requires no parameters" / "requires exactly 2 parameters". */
  public String requiresText() {
    if (max == UNBOUNDED) return "requires at least " + plural(min, "parameter");
    if (min == max) return min == 0 ? "requires no parameters" : "requires exactly " + plural(min, "parameter");
    return "requires between " + min + " and " + max + " parameters";
  }

  static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
