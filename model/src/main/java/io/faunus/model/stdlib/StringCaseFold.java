package io.faunus.model.stdlib;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * {@code casefold(format)}. NFC/NFD/NFKC/NFKD are the JDK's normalizers. Fauna's default, ICU's
 * NFKC_Casefold, is not in the JDK (and ICU4J is not a dependency), so it is approximated as: NFKC, then
 * full case folding (lower-casing each code point on its own, plus the foldings where the fold differs
 * from the lower case: ß → ss, final sigma → σ, ...), dropping default-ignorable code points, then NFKC
 * again. This agrees with ICU for Latin, Greek, Cyrillic, Turkish dotted/dotless i and compatibility forms.
 */
final class StringCaseFold {
  private StringCaseFold() {}

  /** Case foldings (CaseFolding.txt, status C/F) that differ from {@code toLowerCase(Locale.ROOT)}. */
  private static final Map<Integer, String> FOLD_NOT_LOWER = Map.ofEntries(
      Map.entry(0x00B5, "\u03BC"), // micro sign → μ
      Map.entry(0x00DF, "ss"),
      Map.entry(0x1E9E, "ss"),
      Map.entry(0x0149, "\u02BCn"),
      Map.entry(0x017F, "s"),
      Map.entry(0x01F0, "j\u030C"),
      Map.entry(0x0345, "\u03B9"),
      Map.entry(0x0390, "\u03B9\u0308\u0301"),
      Map.entry(0x03B0, "\u03C5\u0308\u0301"),
      Map.entry(0x03C2, "\u03C3"), // final sigma
      Map.entry(0x03D0, "\u03B2"),
      Map.entry(0x03D1, "\u03B8"),
      Map.entry(0x03D5, "\u03C6"),
      Map.entry(0x03D6, "\u03C0"),
      Map.entry(0x03F0, "\u03BA"),
      Map.entry(0x03F1, "\u03C1"),
      Map.entry(0x03F5, "\u03B5"),
      Map.entry(0x0587, "\u0565\u0582"),
      Map.entry(0x1E96, "h\u0331"),
      Map.entry(0x1E97, "t\u0308"),
      Map.entry(0x1E98, "w\u030A"),
      Map.entry(0x1E99, "y\u030A"),
      Map.entry(0x1E9A, "a\u02BE"),
      Map.entry(0x1E9B, "\u1E61"),
      Map.entry(0x1FBE, "\u03B9"));

  /** The folded string, or null when {@code format} is not a known format. */
  static String apply(String s, String format) {
    return switch (format) {
      case "NFKCCaseFold" -> nfkcCasefold(s);
      case "NFC" -> Normalizer.normalize(s, Normalizer.Form.NFC);
      case "NFD" -> Normalizer.normalize(s, Normalizer.Form.NFD);
      case "NFKC" -> Normalizer.normalize(s, Normalizer.Form.NFKC);
      case "NFKD" -> Normalizer.normalize(s, Normalizer.Form.NFKD);
      default -> null;
    };
  }

  private static String nfkcCasefold(String s) {
    String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder sb = new StringBuilder(nfkc.length());
    nfkc.codePoints().forEach(cp -> {
      if (defaultIgnorable(cp)) return;
      String fold = FOLD_NOT_LOWER.get(cp);
      // One code point at a time so context rules (final sigma) never apply.
      sb.append(fold != null ? fold : Character.toString(cp).toLowerCase(Locale.ROOT));
    });
    return Normalizer.normalize(sb, Normalizer.Form.NFKC);
  }

  /** The common Default_Ignorable_Code_Point ranges, which NFKC_Casefold removes. */
  private static boolean defaultIgnorable(int cp) {
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x3164
        || cp == 0xFEFF || cp == 0xFFA0
        || (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F)
        || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F)
        || (cp >= 0xFFF0 && cp <= 0xFFF8) || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
        || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
  }
}
