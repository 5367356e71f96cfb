package io.faunus.fql.fsl;

import io.faunus.fql.Scanner;
import io.faunus.fql.Span;
import io.faunus.fql.fsl.CollectionItem.*;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code collection Name { … }} (schema-v10.md §3.2), after the name. */
final class CollectionParser {
  private final Reader r;
  private final Scanner s;
  private final PathParser paths;

  private final List<Field> fields = new ArrayList<>();
  private Wildcard wildcard;
  private final List<Computed> computed = new ArrayList<>();
  private final List<Index> indexes = new ArrayList<>();
  private final List<Constraint> constraints = new ArrayList<>();
  private Setting<Long> historyDays, ttlDays;
  private Setting<Boolean> documentTtls;
  private Migrations migrations;
  private final Reader.Seen fieldNames;
  private final Reader.Seen indexNames;
  private final Reader.Seen checkNames;
  private final List<List<String>> uniqueSets = new ArrayList<>();

  CollectionParser(Reader r) {
    this.r = r;
    this.s = r.s;
    this.paths = new PathParser(r);
    this.fieldNames = r.new Seen();
    this.indexNames = r.new Seen();
    this.checkNames = r.new Seen();
  }

  CollectionItem parse(int start, Item.Name name, Item.Name alias) {
    r.open();
    while (!r.close()) {
      member();
      r.endMember();
    }
    return new CollectionItem(name, alias, fields, wildcard, computed, indexes, constraints, historyDays, ttlDays,
        documentTtls, migrations, r.from(start));
  }

  private void member() {
    int start = s.pos();
    if (s.eat("*")) {
      wildcard(start);
      return;
    }
    Item.Name word = r.nameOrNull();
    if (word == null) {
      r.skipRest();
      s.report("Invalid field or member", r.from(start));
      return;
    }
    s.skipWs();
    // A name followed by `:` is a field, even when it is also a member keyword (`index: Int`).
    if (s.peek() == ':') {
      field(start, word);
      return;
    }
    if (s.peek() == '=' && s.peek(1) != '=') {
      r.skipRest();
      s.report("Expected a type signature", word.span());
      return;
    }
    switch (word.text()) {
      case "compute" -> computed(start);
      case "index" -> index(start);
      case "unique" -> unique(start);
      case "check" -> check(start);
      case "history_days" -> {
        Long n = r.integer();
        if (historyDays != null) s.report("Duplicate history days", r.from(start));
        else if (n != null) historyDays = new Setting<>(n, r.from(start));
      }
      case "ttl_days" -> {
        Long n = r.integer();
        if (ttlDays != null) s.report("Duplicate ttl days", r.from(start));
        else if (n != null) ttlDays = new Setting<>(n, r.from(start));
      }
      case "document_ttls" -> {
        Boolean b = r.bool();
        if (documentTtls != null) s.report("Duplicate document TTLs", r.from(start));
        else if (b != null) documentTtls = new Setting<>(b, r.from(start));
      }
      case "migrations" -> migrations(start);
      default -> {
        r.skipRest();
        s.report("Invalid field or member `" + word.text() + "`", word.span());
      }
    }
  }

  private void field(int start, Item.Name name) {
    s.pos(s.pos() + 1); // the colon
    s.skipWs();
    FslType type = new TypeParser(r, true).type();
    Fql dflt = null;
    s.skipWs();
    if (s.peek() == '=' && s.peek(1) != '=') {
      s.pos(s.pos() + 1);
      dflt = r.expr();
    }
    Span span = r.from(start);
    if (Names.RESERVED_FIELDS.contains(name.text())) {
      s.report("Invalid reserved name `" + name.text() + "`", name.span());
      return;
    }
    if (fieldNames.add(name.text(), name.span(), "Duplicate field")) fields.add(new Field(name, type, dflt, span));
  }

  private void wildcard(int start) {
    s.skipWs();
    s.expect(":");
    s.skipWs();
    FslType type = new TypeParser(r, false).type();
    s.skipWs();
    if (s.peek() == '=' && s.peek(1) != '=') {
      int at = s.pos();
      r.skipRest();
      s.report("No default allowed for wildcard field", new Span(at, s.pos()));
    }
    Span span = r.from(start);
    if (!(type instanceof FslType.Named n && n.name().equals("Any"))) {
      s.report("Top-level wildcard must have type `Any`", type.span());
    }
    if (wildcard != null) s.report("Duplicate wildcard", span, r.hint("Originally defined here", wildcard.span()));
    else wildcard = new Wildcard(type, span);
  }

  /** {@code compute name [: Type] = lambda}. */
  private void computed(int start) {
    Item.Name name = r.name();
    FslType type = null;
    s.skipWs();
    if (s.eat(":")) {
      s.skipWs();
      type = new TypeParser(r, false).type();
      s.skipWs();
    }
    if (s.peek() != '=' || s.peek(1) == '=' || s.peek(1) == '>') {
      throw s.fail("Expected `=`", new Span(s.pos(), s.pos() + 1));
    }
    s.pos(s.pos() + 1);
    Fql body = r.lambda(false, "Expected lambda", null);
    if (Names.RESERVED_FIELDS.contains(name.text())) {
      s.report("Invalid reserved name `" + name.text() + "`", name.span());
      return;
    }
    if (body != null && fieldNames.add(name.text(), name.span(), "Duplicate field")) {
      computed.add(new Computed(name, type, body, r.from(start)));
    }
  }

  /** {@code index name { terms […]; values […] }}. */
  private void index(int start) {
    Item.Name name = r.identifier();
    r.open();
    List<Term> terms = null;
    List<CollectionItem.Value> values = null;
    while (!r.close()) {
      int at = s.pos();
      String word = s.ident();
      if ("terms".equals(word)) {
        List<Term> t = paths.terms();
        if (terms != null) s.report("Duplicate terms", r.from(at));
        else terms = t;
      } else if ("values".equals(word)) {
        List<CollectionItem.Value> v = paths.values();
        if (values != null) s.report("Duplicate values", r.from(at));
        else values = v;
      } else {
        r.skipRest();
        s.report("Invalid member" + (word == null ? "" : " `" + word + "`"), r.from(at));
      }
      r.endMember();
    }
    if (indexNames.add(name.text(), name.span(), "Duplicate index name")) {
      indexes.add(new Index(name, terms, values, r.from(start)));
    }
  }

  private void unique(int start) {
    List<Term> terms = paths.terms();
    Span span = r.from(start);
    if (terms.isEmpty()) {
      s.report("Expected non-empty terms for a unique constraint", span);
      return;
    }
    List<String> key = terms.stream().map(t -> (t.mva() ? "mva:" : "") + t.path().text()).sorted().toList();
    if (uniqueSets.contains(key)) {
      s.report("Duplicate unique constraint.", span);
      return;
    }
    uniqueSets.add(key);
    constraints.add(new Unique(terms, span));
  }

  private void check(int start) {
    Item.Name name = r.identifier();
    Fql body = r.lambda(true, "Expected lambda check predicate", "Check constraints require parenthesis around the lambda");
    if (body != null && checkNames.add(name.text(), name.span(), "Duplicate check constraint name")) {
      constraints.add(new Check(name, body, r.from(start)));
    }
  }

  private void migrations(int start) {
    List<Migration> statements = new MigrationParser(r, paths).block();
    Span span = r.from(start);
    if (statements.isEmpty()) s.report("Empty migration blocks are not allowed", span);
    if (migrations != null) s.report("Duplicate migration block", span);
    else migrations = new Migrations(statements, span);
  }
}
