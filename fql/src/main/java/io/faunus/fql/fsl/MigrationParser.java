package io.faunus.fql.fsl;

import io.faunus.fql.Scanner;
import io.faunus.fql.Span;
import java.util.ArrayList;
import java.util.List;

/** The statements of {@code migrations { … }} (schema-v10.md §4.2), one per line or {@code ;}. */
final class MigrationParser {
  private final Reader r;
  private final Scanner s;
  private final PathParser paths;

  MigrationParser(Reader r, PathParser paths) {
    this.r = r;
    this.s = r.s;
    this.paths = paths;
  }

  List<Migration> block() {
    r.open();
    List<Migration> out = new ArrayList<>();
    while (!r.close()) {
      Migration m = statement();
      if (m != null) out.add(m);
      r.endMember();
    }
    return out;
  }

  private Migration statement() {
    int start = s.pos();
    String word = s.ident();
    if (word == null) {
      r.skipRest();
      s.report("Only migrations are allowed in migration blocks", r.from(start));
      return null;
    }
    return switch (word) {
      case "add" -> new Migration.Add(path(), r.from(start));
      case "drop" -> new Migration.Drop(path(), r.from(start));
      case "backfill" -> {
        Path field = path();
        s.skipWs();
        if (s.peek() != '=' || s.peek(1) == '=' || s.peek(1) == '>') throw s.failHere("Expected `=`");
        s.pos(s.pos() + 1);
        Fql value = r.expr();
        yield new Migration.Backfill(field, value, r.from(start));
      }
      case "split" -> {
        Path field = path();
        arrow();
        List<Path> to = new ArrayList<>();
        to.add(path());
        while (true) {
          s.skipWs();
          if (!s.eat(",")) break;
          to.add(path());
        }
        yield new Migration.Split(field, to, r.from(start));
      }
      case "move" -> {
        Path field = path();
        arrow();
        yield new Migration.Move(field, path(), r.from(start));
      }
      case "move_conflicts" -> new Migration.MoveConflicts(path(), r.from(start));
      case "move_wildcard" -> new Migration.MoveWildcard(path(), r.from(start));
      case "add_wildcard" -> new Migration.AddWildcard(r.from(start));
      default -> {
        r.skipRest();
        s.report("Only migrations are allowed in migration blocks", new Span(start, s.pos()));
        yield null;
      }
    };
  }

  private Path path() {
    return paths.path(false);
  }

  private void arrow() {
    s.skipWs();
    s.expect("->");
  }
}
