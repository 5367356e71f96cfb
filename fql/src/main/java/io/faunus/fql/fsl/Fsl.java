package io.faunus.fql.fsl;

import io.faunus.fql.ParseException;
import io.faunus.fql.Scanner;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The FSL parser (schema-v10.md §3): a file is a sequence of items separated by newlines or {@code ;}, each
 * optionally preceded by annotations. Problems a declaration survives are collected and reported together;
 * a malformed expression or type ends the file. Either way the failure is a {@link ParseException} carrying
 * every diagnostic, with spans into the file.
 */
public final class Fsl {
  private Fsl() {}

  public static FslFile parse(Source source) {
    // NUL marks template placeholders in FQL text; a file has no template values, so it has no place in FSL.
    int nul = source.text().indexOf('\u0000');
    if (nul >= 0) {
      throw new ParseException(List.of(io.faunus.fql.Diagnostic.error("Invalid character in FSL",
          new io.faunus.fql.Diagnostic.Location(source, new Span(nul, nul + 1)))));
    }
    Scanner s = new Scanner(source);
    Reader r = new Reader(s);
    List<Item> items = new ArrayList<>();
    while (true) {
      r.skipSeparators();
      if (s.eof()) break;
      int before = s.pos();
      if (s.peek() == '}') { // a brace closing nothing (recovery elsewhere never consumes one)
        s.report("Unexpected `}`", new Span(before, before + 1));
        s.pos(before + 1);
        continue;
      }
      Item item = item(r);
      if (item != null) items.add(item);
      r.endMember();
      if (s.pos() == before) s.pos(before + 1); // every round consumes something, whatever went wrong
    }
    if (!s.errors().isEmpty()) throw new ParseException(s.errors());
    return new FslFile(source, items);
  }

  /** A signature as definitions store it ({@code "(x: Number) => Number"}, {@code "String?"}). */
  public static FslType parseType(Source source) {
    return TypeParser.parse(source);
  }

  private record Annotation(String key, Item.Name value, Span span) {}

  private static Item item(Reader r) {
    Scanner s = r.s;
    int start = s.pos();
    Map<String, Annotation> annotations = new HashMap<>();
    List<Annotation> order = new ArrayList<>();
    while (s.peek() == '@') {
      Annotation a = annotation(r);
      if (annotations.putIfAbsent(a.key, a) != null) s.report("Duplicate annotation `" + a.key + "`", a.span);
      else order.add(a);
      s.skipNl();
    }
    int wordStart = s.pos();
    String word = s.ident();
    if (word == null) {
      r.skipRest();
      s.report("Invalid schema item", new Span(wordStart, Math.max(wordStart + 1, s.pos())));
      return null;
    }
    Span wordSpan = r.from(wordStart);
    switch (word) {
      case "collection" -> {
        allow(r, order, List.of("alias"), "Annotation not supported here");
        Item.Name name = r.name();
        return new CollectionParser(r).parse(start, name, value(annotations, "alias"));
      }
      case "function" -> {
        allow(r, order, List.of("alias", "role"), "Annotation not supported here");
        Item.Name name = r.name();
        return new FunctionParser(r).parse(start, name, value(annotations, "alias"), value(annotations, "role"));
      }
      case "role" -> {
        allow(r, order, List.of(), "Annotations are not allowed here");
        Item.Name name = r.name();
        return new RoleParser(r).role(start, name);
      }
      case "access" -> {
        allow(r, order, List.of(), "Annotations are not allowed here");
        s.skipWs();
        int at = s.pos();
        if (!"provider".equals(s.ident())) throw s.fail("Expected `provider`", new Span(at, at + 1));
        Item.Name name = r.name();
        return new RoleParser(r).accessProvider(start, name);
      }
      default -> {
        r.skipRest();
        s.report("Invalid schema item `" + word + "`", wordSpan);
        return null;
      }
    }
  }

  /** {@code @name(Value)}. */
  private static Annotation annotation(Reader r) {
    Scanner s = r.s;
    int start = s.pos();
    s.expect("@");
    String key = s.ident();
    if (key == null) throw s.failHere("Expected identifier");
    s.skipWs();
    s.expect("(");
    s.skipWs();
    Item.Name value = r.name();
    s.skipWs();
    s.expect(")");
    return new Annotation(key, value, r.from(start));
  }

  private static void allow(Reader r, List<Annotation> given, List<String> allowed, String message) {
    for (Annotation a : given) if (!allowed.contains(a.key)) r.s.report(message, a.span);
  }

  private static Item.Name value(Map<String, Annotation> annotations, String key) {
    Annotation a = annotations.get(key);
    return a == null ? null : a.value;
  }
}
