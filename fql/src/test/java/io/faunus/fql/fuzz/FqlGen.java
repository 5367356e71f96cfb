package io.faunus.fql.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Random FQL-ish text: noise, mutations of a corpus, grammar-directed expressions and deep nesting. */
final class FqlGen {
  static final String PUNCT = "(){}[].,;:=>+-*/%!?&|^~<>\"'`\\$#@_\n\r\t ";
  static final String[] TOKENS = {
      "(", ")", "{", "}", "[", "]", ".", "?.", ",", ";", ":", "=>", "=", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*",
      "/", "%", "**", "!", "~", "&&", "||", "??", "&", "|", "^", "...", "\n", " ", "\"", "'", "#{", "\\", "<<-END\n",
      "<<+END\n", "\nEND", "/*", "*/", "//", "if", "else", "at", "let", "match", "case", "isa", "null", "true", "false",
      "x", "_", "FQL", "Math", "Time", "Collection", "0", "1", "-1", "1.5e308", "0x", "0b", "0o", "1_000", "1e",
      "\u0000value0>", "\u0000value", "\u0000value99999999999>", "\u0000value-1>", "\\u{", "\\x", "\\u", "\ud83d",
      "\ude00", "\ufeff", "\u2028", "\u0000", "\u007f", "{ * }", "abort", "dbg", "log", "=~"};

  final Random rnd;
  final List<String> corpus;

  FqlGen(Random rnd, List<String> corpus) {
    this.rnd = rnd;
    this.corpus = corpus;
  }

  String next() {
    return switch (rnd.nextInt(10)) {
      case 0 -> randomChars(rnd.nextInt(64));
      case 1 -> randomBytes(rnd.nextInt(64));
      case 2 -> tokens(1 + rnd.nextInt(40));
      case 3, 4, 5 -> mutate(pick(), 1 + rnd.nextInt(4));
      case 6, 7 -> expr(0);
      case 8 -> mutate(expr(0), 1 + rnd.nextInt(3));
      default -> rnd.nextInt(20) == 0 ? huge() : deep();
    };
  }

  /** A long input (up to ~1 MB) made of one repeated piece: catches parsing that is quadratic in the input. */
  String huge() {
    String[] pieces = {"9", "f", "1_", "0", "a", "x.", " ", "\\n", "#", "'", "\"", "/*", "*/", "//", "+1", "[1],", "ab",
        "\\u{41}", "\n", "<<-E\n", "\u00e9", "\ud83d\ude00"};
    String[] prefixes = {"", "0x", "0b", "0o", "1.", "1e", "'", "\"", "<<-E\n", "<<+E\n", "/*", "[", "x => ", "-"};
    String p = pieces[rnd.nextInt(pieces.length)];
    return prefixes[rnd.nextInt(prefixes.length)] + p.repeat((50_000 + rnd.nextInt(950_000)) / p.length())
        + (rnd.nextBoolean() ? "" : pieces[rnd.nextInt(pieces.length)]);
  }

  String pick() {
    return corpus.get(rnd.nextInt(corpus.size()));
  }

  String randomChars(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int k = rnd.nextInt(10);
      if (k < 5) sb.append(PUNCT.charAt(rnd.nextInt(PUNCT.length())));
      else if (k < 8) sb.append((char) (0x20 + rnd.nextInt(0x5f)));
      else if (k < 9) sb.append((char) rnd.nextInt(0x20));
      else sb.append((char) rnd.nextInt(0x10000)); // lone surrogates included
    }
    return sb.toString();
  }

  String randomBytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return new String(b, rnd.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
  }

  String tokens(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(TOKENS[rnd.nextInt(TOKENS.length)]);
      if (rnd.nextInt(3) == 0) sb.append(' ');
    }
    return sb.toString();
  }

  /** Insert/delete/duplicate/swap/replace spans, splice in other corpus pieces, truncate. */
  String mutate(String s, int times) {
    StringBuilder sb = new StringBuilder(s);
    for (int t = 0; t < times; t++) {
      int len = sb.length();
      int a = len == 0 ? 0 : rnd.nextInt(len + 1);
      int b = Math.min(len, a + rnd.nextInt(1 + Math.min(16, len)));
      switch (rnd.nextInt(8)) {
        case 0 -> sb.insert(a, TOKENS[rnd.nextInt(TOKENS.length)]);
        case 1 -> sb.delete(a, b);
        case 2 -> sb.insert(a, sb.substring(a, b).repeat(1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 3)));
        case 3 -> {
          if (len > 1) {
            int c = rnd.nextInt(len), d = Math.min(len, c + rnd.nextInt(8));
            String x = sb.substring(a, b), y = sb.substring(Math.min(c, d), d);
            if (b <= c) {
              sb.replace(c, d, x);
              sb.replace(a, b, y);
            }
          }
        }
        case 4 -> sb.replace(a, b, randomChars(b - a));
        case 5 -> {
          String other = pick();
          int oa = rnd.nextInt(other.length() + 1), ob = Math.min(other.length(), oa + rnd.nextInt(40));
          sb.insert(a, other, oa, ob);
        }
        case 6 -> sb.setLength(a);
        default -> {
          if (len > 0) sb.setCharAt(Math.min(a, len - 1), PUNCT.charAt(rnd.nextInt(PUNCT.length())));
        }
      }
    }
    return sb.toString();
  }

  static final String[] BINOPS = {"+", "-", "*", "/", "%", "**", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??",
      "&", "|", "^", "isa", "=~"};
  static final String[] IDENTS = {"x", "y", "Math", "Time", "Collection", "Books", "FQL", "a'", "_x1", "abort"};

  String expr(int depth) {
    if (depth > 6) return atom();
    return switch (rnd.nextInt(18)) {
      case 0, 1, 2 -> atom();
      case 3 -> expr(depth + 1) + " " + BINOPS[rnd.nextInt(BINOPS.length)] + (rnd.nextInt(5) == 0 ? "\n" : " ")
          + expr(depth + 1);
      case 4 -> new String[] {"-", "!", "~", "- ", "-/*c*/"}[rnd.nextInt(5)] + expr(depth + 1);
      case 5 -> expr(depth + 1) + (rnd.nextBoolean() ? "." : "?.") + IDENTS[rnd.nextInt(IDENTS.length)]
          + (rnd.nextBoolean() ? "(" + args(depth) + ")" : "");
      case 6 -> expr(depth + 1) + (rnd.nextBoolean() ? "[" : "?.[") + expr(depth + 1) + "]";
      case 7 -> "[" + args(depth) + "]";
      case 8 -> "{ " + fields(depth) + " }";
      case 9 -> "(" + params() + ") => " + expr(depth + 1);
      case 10 -> "if (" + expr(depth + 1) + ") " + expr(depth + 1) + (rnd.nextBoolean() ? "\nelse " + expr(depth + 1) : "");
      case 11 -> "at (" + expr(depth + 1) + ") " + expr(depth + 1);
      case 12 -> "{\n  let v = " + expr(depth + 1) + "\n  " + expr(depth + 1) + "\n}";
      case 13 -> "\"s#{" + expr(depth + 1) + "}" + escapes() + "\"";
      case 14 -> expr(depth + 1) + " { " + projection(depth) + " }";
      case 15 -> "<<" + (rnd.nextBoolean() ? "+" : "-") + "EOT\n  line #{" + expr(depth + 1) + "}\n    more\n  EOT";
      case 16 -> "." + IDENTS[rnd.nextInt(IDENTS.length)] + " > " + expr(depth + 1);
      default -> expr(depth + 1) + "!";
    };
  }

  String atom() {
    return switch (rnd.nextInt(12)) {
      case 0 -> String.valueOf(rnd.nextLong());
      case 1 -> String.valueOf(rnd.nextDouble() * Math.pow(10, rnd.nextInt(700) - 350));
      case 2 -> oneOf(new String[] {"0x7fffffffffffffff", "0xFFFFFFFFFFFFFFFFFF", "0b", "0o9", "1_", "1__0", "9".repeat(400),
          "1e999", "1e999999999999", "-1E-2621000376", "1.e5", "0.0000000000000000001e-400", "-0", "+5", "00"});
      case 3 -> "'" + escapes() + "'";
      case 4 -> "\"" + escapes() + "\"";
      case 5 -> "\u0000value" + rnd.nextInt(5) + ">";
      case 6 -> new String[] {"null", "true", "false"}[rnd.nextInt(3)];
      default -> IDENTS[rnd.nextInt(IDENTS.length)];
    };
  }

  String oneOf(String[] xs) {
    return xs[rnd.nextInt(xs.length)];
  }

  String escapes() {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(new String[] {"\\n", "\\u{1F600}", "\\u{110000}", "\\u{D800}", "\\uD83D", "\\x4", "\\x41", "\\u{}",
          "\\u{1234567}", "\\`", "\\#", "#", "#{", "\\0", "\\q", "\\", "plain", "\u2028", "\t"}[rnd.nextInt(19)]);
    }
    return sb.toString();
  }

  String args(int depth) {
    int n = rnd.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append(expr(depth + 1));
    if (rnd.nextInt(6) == 0) sb.append(",");
    return sb.toString();
  }

  String fields(int depth) {
    int n = rnd.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? ", " : "").append(rnd.nextBoolean() ? IDENTS[rnd.nextInt(IDENTS.length)] : "\"k" + escapes() + "\"")
          .append(": ").append(expr(depth + 1));
    }
    return sb.toString();
  }

  String params() {
    return new String[] {"", "x", "x, y", "_", "...r", "x, ...r", "x, x", "if", "...", "x,"}[rnd.nextInt(10)];
  }

  String projection(int depth) {
    return new String[] {"a", "a, b", "a { b }", "a: " + expr(depth + 1), "*", ""}[rnd.nextInt(6)];
  }

  /** One opener repeated to a depth near or far past the parser's cap. */
  String deep() {
    String[] openers = {"(", "[", "{", "{ a: ", "x => ", "\"#{", "f(", "if (true) ", "-", "!", "~", "x { y { ",
        "at (Time.now()) ", "{ let a = 1\n", "<<+E\n#{", "(x) => ", "[1, ", "/*", "1 + ", "a.", "a?.", "a[0]", "f()"};
    String o = openers[rnd.nextInt(openers.length)];
    int n = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(20_000) : 100 + rnd.nextInt(60);
    StringBuilder sb = new StringBuilder(o.repeat(n)).append("1");
    if (rnd.nextBoolean()) {
      String close = switch (o) {
        case "(", "f(", "\"#{" -> ")";
        case "[", "[1, " -> "]";
        case "{", "{ a: ", "{ let a = 1\n", "<<+E\n#{" -> "}";
        case "/*" -> "*/";
        default -> "";
      };
      sb.append(close.repeat(n));
    }
    return sb.toString();
  }
}
