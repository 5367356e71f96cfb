package io.faunus.model.stdlib;

import io.faunus.model.query.ErrorCode;

import io.faunus.fql.Span;
import io.faunus.model.eval.Access;
import io.faunus.model.eval.Arity;
import io.faunus.model.eval.Interp;
import io.faunus.model.eval.Limits;
import io.faunus.model.eval.NativeImpl;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * String members (spec §4.5). Every index a user sees counts Unicode code points, while Java strings index
 * UTF-16 chars, so every method converts at its boundary (cp ↔ char) and works on chars inside.
 */
final class StringLib {
  private StringLib() {}

  static TypeMembers members() {
    return new TypeMembers()
        .prop("length", (in, self) -> new IntV(cpLength(in, str(self))))
        .method("at", Arity.exactly(1), StringLib::at)
        .method("concat", Arity.exactly(1), (in, self, args, site) -> {
          String a = str(self), b = Args.str(in, args, 0, "other", site);
          Limits.checkString((long) a.length() + b.length(), site, in);
          in.chargeBytes((long) a.length() + b.length());
          return new StrV(a + b);
        })
        .method("includes", Arity.exactly(1), (in, self, args, site) ->
            BoolV.of(StringScans.indexOf(in, str(self), Args.str(in, args, 0, "pattern", site), 0) >= 0))
        .method("includesRegex", Arity.exactly(1), (in, self, args, site) ->
            BoolV.of(regex(in, args, 0, "regex", site).matcher(StringScans.metered(in, str(self))).find()))
        .method("startsWith", Arity.exactly(1), (in, self, args, site) -> {
          String prefix = Args.str(in, args, 0, "prefix", site);
          in.chargeBytes(prefix.length());
          return BoolV.of(str(self).startsWith(prefix));
        })
        .method("endsWith", Arity.exactly(1), (in, self, args, site) -> {
          String suffix = Args.str(in, args, 0, "suffix", site);
          in.chargeBytes(suffix.length());
          return BoolV.of(str(self).endsWith(suffix));
        })
        .method("indexOf", Arity.range(1, 2), StringLib::indexOf)
        .method("indexOfRegex", Arity.range(1, 2), StringLib::indexOfRegex)
        .method("lastIndexOf", Arity.range(1, 2), StringLib::lastIndexOf)
        .method("matches", Arity.exactly(1), (in, self, args, site) -> matches(in, self, args, site, false))
        .method("matchIndexes", Arity.exactly(1), (in, self, args, site) -> matches(in, self, args, site, true))
        .method("replace", Arity.range(2, 3), replacing("pattern", false, false))
        .method("replaceAll", Arity.exactly(2), replacing("pattern", false, true))
        .method("replaceRegex", Arity.range(2, 3), replacing("regex", true, false))
        // Fauna names replaceAllRegex's first parameter `pattern`.
        .method("replaceAllRegex", Arity.exactly(2), replacing("pattern", true, true))
        .method("slice", Arity.range(1, 2), StringLib::slice)
        .method("split", Arity.exactly(1), (in, self, args, site) ->
            split(in, str(self), literal(in, Args.str(in, args, 0, "separator", site))))
        .method("splitRegex", Arity.exactly(1), (in, self, args, site) ->
            split(in, str(self), regexFinder(in, regex(in, args, 0, "regex", site))))
        .method("splitAt", Arity.exactly(1), (in, self, args, site) -> {
          String s = str(self);
          int at = charIndexInclusive(in, s, Args.intArg(in, args, 0, "index", site), site);
          in.chargeBytes(s.length());
          return ArrayV.of(new StrV(s.substring(0, at)), new StrV(s.substring(at)));
        })
        .method("insert", Arity.exactly(2), (in, self, args, site) -> {
          String s = str(self);
          int at = charIndexInclusive(in, s, Args.intArg(in, args, 0, "index", site), site);
          String other = Args.str(in, args, 1, "other", site);
          Limits.checkString((long) s.length() + other.length(), site, in);
          in.chargeBytes((long) s.length() + other.length());
          return new StrV(s.substring(0, at) + other + s.substring(at));
        })
        .method("toLowerCase", Arity.exactly(0), (in, self, args, site) ->
            new StrV(charged(in, str(self)).toLowerCase(Locale.ROOT)))
        .method("toUpperCase", Arity.exactly(0), (in, self, args, site) ->
            new StrV(charged(in, str(self)).toUpperCase(Locale.ROOT)))
        .method("casefold", Arity.range(0, 1), StringLib::casefold)
        .method("parseInt", Arity.range(0, 1), (in, self, args, site) -> parseIntegral(in, self, args, site, false))
        .method("parseLong", Arity.range(0, 1), (in, self, args, site) -> parseIntegral(in, self, args, site, true))
        .method("parseDouble", Arity.exactly(0), (in, self, args, site) -> parseDouble(charged(in, str(self)), site))
        .method("parseNumber", Arity.exactly(0), (in, self, args, site) -> parseNumber(charged(in, str(self)), site));
  }

  static void register(Map<String, Value> globals) {
    GlobalLib.module(globals, "String", v -> v instanceof StrV, null);
  }

  private static String str(Value self) {
    return ((StrV) self).value();
  }

  // ---- code point ↔ char index conversion ---------------------------------------------------------

  /** {@code s}, after charging the query for one pass over it (most methods here scan or copy it whole). */
  private static String charged(Interp in, String s) {
    in.chargeBytes(s.length());
    return s;
  }

  static int cpLength(Interp in, String s) {
    return charged(in, s).codePointCount(0, s.length());
  }

  private static IntV cpIndex(Interp in, String s, int charIndex) {
    in.chargeBytes(charIndex);
    return new IntV(s.codePointCount(0, charIndex));
  }

  /** Char offset of code point {@code cp}, which must name an existing character (0 ≤ cp < length). */
  private static int charIndex(Interp in, String s, int cp, Span site) {
    int len = cpLength(in, s);
    if (cp < 0 || cp >= len) throw Access.outOfBounds(in, cp, len, site);
    return s.offsetByCodePoints(0, cp);
  }

  /** Like {@link #charIndex} but the end of the string (cp == length) is allowed too. */
  private static int charIndexInclusive(Interp in, String s, int cp, Span site) {
    int len = cpLength(in, s);
    if (cp < 0 || cp > len) throw Access.outOfBounds(in, cp, len, site);
    return s.offsetByCodePoints(0, cp);
  }

  /** For slice: out-of-range code point indexes clamp to the string instead of failing. */
  private static int charIndexClamped(Interp in, String s, int cp) {
    return s.offsetByCodePoints(0, Math.max(0, Math.min(cp, cpLength(in, s))));
  }

  // ---- members ----------------------------------------------------------------------------------

  private static Value at(Interp in, Value self, List<Value> args, Span site) {
    String s = str(self);
    int i = charIndex(in, s, Args.intArg(in, args, 0, "index", site), site);
    return new StrV(Character.toString(s.codePointAt(i)));
  }

  private static Value slice(Interp in, Value self, List<Value> args, Span site) {
    String s = str(self);
    int from = charIndexClamped(in, s, Args.intArg(in, args, 0, "start", site));
    int until = args.size() > 1 ? charIndexClamped(in, s, Args.intArg(in, args, 1, "end", site)) : s.length();
    return new StrV(until <= from ? "" : s.substring(from, until));
  }

  private static Value indexOf(Interp in, Value self, List<Value> args, Span site) {
    String s = str(self), pattern = Args.str(in, args, 0, "pattern", site);
    int from = args.size() > 1 ? charIndex(in, s, Args.intArg(in, args, 1, "start", site), site) : 0;
    return found(in, s, StringScans.indexOf(in, s, pattern, from), site);
  }

  private static Value lastIndexOf(Interp in, Value self, List<Value> args, Span site) {
    String s = str(self), pattern = Args.str(in, args, 0, "pattern", site);
    int end = args.size() > 1 ? charIndex(in, s, Args.intArg(in, args, 1, "end", site), site) : s.length();
    return found(in, s, StringScans.lastIndexOf(in, s, pattern, end), site);
  }

  private static Value indexOfRegex(Interp in, Value self, List<Value> args, Span site) {
    String s = str(self);
    Pattern p = regex(in, args, 0, "regex", site);
    int from = args.size() > 1 ? charIndex(in, s, Args.intArg(in, args, 1, "start", site), site) : 0;
    int[] m = regexFinder(in, p).find(s, from);
    return found(in, s, m == null ? -1 : m[0], site);
  }

  /** A char index as a code point Int, or null (no element found) when negative. */
  private static Value found(Interp in, String s, int charIndex, Span site) {
    return charIndex < 0 ? new NullV(site) : cpIndex(in, s, charIndex);
  }

  private static Value matches(Interp in, Value self, List<Value> args, Span site, boolean withIndexes) {
    String s = str(self);
    Matcher m = regex(in, args, 0, "regex", site).matcher(StringScans.metered(in, s));
    List<Value> out = new ArrayList<>();
    int cpAt = 0, charAt = 0; // code point index of char index charAt: counted on, not from 0 for each match
    while (m.find()) {
      StrV match = new StrV(m.group());
      in.chargeBytes(match.value().length());
      if (withIndexes) {
        cpAt += s.codePointCount(charAt, m.start());
        charAt = m.start();
        out.add(ArrayV.of(new IntV(cpAt), match));
      } else {
        out.add(match);
      }
    }
    return new ArrayV(out);
  }

  private static Value casefold(Interp in, Value self, List<Value> args, Span site) {
    String format = args.isEmpty() ? "NFKCCaseFold" : Args.str(in, args, 0, "format", site);
    String out = StringCaseFold.apply(charged(in, str(self)), format);
    if (out == null) {
      throw ArgErrors.invalid(in, "format",
          "expected a casefold format (one of NFKCCaseFold, NFC, NFD, NFKC, or NFKD)", site);
    }
    return new StrV(out);
  }

  // ---- parsing ----------------------------------------------------------------------------------

  private static Value parseIntegral(Interp in, Value self, List<Value> args, Span site, boolean asLong) {
    int radix = 10;
    if (!args.isEmpty()) {
      long r = Args.integer(in, args, 0, "radix", site);
      // Fauna reports the radix under the name `format`.
      if (r < Character.MIN_RADIX || r > Character.MAX_RADIX) {
        throw ArgErrors.invalid(in, "format", "invalid radix, expected a number from 2-36", site);
      }
      radix = (int) r;
    }
    try {
      String s = charged(in, str(self));
      return asLong ? new LongV(Long.parseLong(s, radix)) : new IntV(Integer.parseInt(s, radix));
    } catch (NumberFormatException e) {
      return new NullV(site);
    }
  }

  private static Value parseDouble(String s, Span site) {
    try {
      return new DoubleV(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return new NullV(site);
    }
  }

  /** The narrowest of Int, Long, Double that parses. */
  private static Value parseNumber(String s, Span site) {
    try {
      return new IntV(Integer.parseInt(s));
    } catch (NumberFormatException notInt) {
      try {
        return new LongV(Long.parseLong(s));
      } catch (NumberFormatException notLong) {
        return parseDouble(s, site);
      }
    }
  }

  // ---- regexes, replace and split ---------------------------------------------------------------

  static Pattern regex(Interp in, List<Value> args, int i, String name, Span site) {
    String pattern = charged(in, Args.str(in, args, i, name, site));
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      int at = Math.max(0, Math.min(e.getIndex(), pattern.length()));
      throw in.error(ErrorCode.INVALID_REGEX, "Invalid regular expression. " + e.getDescription() + " at index "
          + pattern.codePointCount(0, at), site);
    }
  }

  /** Finds the first match at or after char index {@code from}: {start, end} char indexes, or null. */
  @FunctionalInterface
  interface Finder {
    int[] find(String s, int from);
  }

  static Finder literal(Interp in, String pattern) {
    return (s, from) -> {
      int i = StringScans.indexOf(in, s, pattern, from);
      return i < 0 ? null : new int[] {i, i + pattern.length()};
    };
  }

  /** Matches within s[from..] as if it were its own string (so {@code ^} anchors at {@code from}), like Fauna. */
  static Finder regexFinder(Interp in, Pattern p) {
    return (s, from) -> {
      Matcher m = p.matcher(StringScans.metered(in, s)).region(from, s.length());
      return m.find() ? new int[] {m.start(), m.end()} : null;
    };
  }

  private static NativeImpl replacing(String patternName, boolean isRegex, boolean all) {
    return (in, self, args, site) -> {
      Finder finder = isRegex
          ? regexFinder(in, regex(in, args, 0, patternName, site))
          : literal(in, Args.str(in, args, 0, patternName, site));
      String replacement = Args.str(in, args, 1, "replacement", site);
      long limit = all ? Long.MAX_VALUE : args.size() > 2 ? Args.integer(in, args, 2, "amount", site) : 1;
      // Fauna names the amount `count` in this message.
      if (limit < 1) throw ArgErrors.invalid(in, "count", "must be greater than or equal to 1", site);
      return new StrV(replace(in, str(self), finder, replacement, limit, site));
    };
  }

  /**
   * Replaces up to {@code limit} matches left to right; the replacement is literal text (no group
   * references). An empty match also copies the next code point so the scan always advances, which gives
   * JavaScript's {@code "ab".replaceAll("", "-") == "-a-b-"}.
   */
  private static String replace(Interp in, String s, Finder finder, String replacement, long limit, Span site) {
    StringBuilder sb = new StringBuilder();
    int prev = 0;
    for (long done = 0; done < limit; done++) {
      int[] m = finder.find(s, prev);
      if (m == null) break;
      Limits.checkString((long) sb.length() + (m[0] - prev) + replacement.length(), site, in);
      in.chargeBytes((long) (m[0] - prev) + replacement.length());
      sb.append(s, prev, m[0]).append(replacement);
      if (m[1] > m[0]) {
        prev = m[1];
      } else if (m[1] >= s.length()) {
        prev = s.length();
        break;
      } else {
        prev = s.offsetByCodePoints(m[1], 1);
        sb.append(s, m[1], prev);
      }
    }
    Limits.checkString((long) sb.length() + (s.length() - prev), site, in);
    return sb.append(s, prev, s.length()).toString();
  }

  /**
   * Splits like Fauna (and unlike Java, which drops trailing empty strings): leading and trailing
   * separators give empty strings. An empty match splits off the next code point, without producing a
   * trailing empty string: {@code "foo".split("") == ["f", "o", "o"]}.
   */
  static ArrayV split(Interp in, String s, Finder finder) {
    List<Value> out = new ArrayList<>();
    int prev = 0;
    in.chargeBytes(s.length()); // the pieces copy the whole string
    while (prev < s.length()) {
      in.tick();
      int[] m = finder.find(s, prev);
      if (m == null) break;
      if (m[0] == m[1]) {
        int next = s.offsetByCodePoints(prev, 1);
        out.add(new StrV(s.substring(prev, next)));
        prev = next;
        if (prev < s.length() && s.offsetByCodePoints(prev, 1) == s.length()) break;
      } else {
        out.add(new StrV(s.substring(prev, m[0])));
        prev = m[1];
      }
    }
    out.add(new StrV(s.substring(prev)));
    return new ArrayV(out);
  }
}
