package io.faunus.model.fsl;

import io.faunus.fql.ParseException;
import io.faunus.fql.Source;
import io.faunus.fql.Span;
import io.faunus.fql.fsl.Fsl;
import io.faunus.fql.fsl.Item;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.SchemaStore;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.SchemaRequest;
import io.faunus.model.query.SchemaRequest.WriteItem;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of the items API (schema-v10.md §1.2 "Items API"): one item created, replaced or deleted by
 * editing the active files (create appends {@code "\n\n" + snippet} to {@code main.fsl}; replace puts the
 * snippet over the item's span, so a rename is a name change in the snippet; delete cuts the span), then an
 * active push of the edited files; while a schema is staged, the staged files are edited and staged again.
 * {@code validate=true} answers the semantic diff and changes nothing.
 */
final class Items {
  private Items() {}

  static ObjectV write(Workspace w, SchemaRequest req, long version, WriteItem c) {
    DbContext db = w.main().db();
    SchemaOps.checkVersion(req, version);
    Item.Kind kind = SchemaOps.itemKind(c.kind());
    boolean staged = SchemaStore.staged(db); // then items edit the staged schema, as a staged push would
    Map<String, String> before = staged ? Generated.latestFiles(db) : Generated.activeFiles(db);
    Located old = null;
    if (c.name() != null) {
      old = FileSchema.parse(before).byKey().get(new Located.Key(kind, c.name()));
      if (old == null) throw new SchemaFailure(ErrorCode.NOT_FOUND, "Not found");
    }
    if (c.snippet() != null && c.snippet().isBlank()) throw SchemaFailure.badRequest("No FSL snippet provided");
    Map<String, String> files = new LinkedHashMap<>(before);
    if (old == null) {
      String main = files.getOrDefault("main.fsl", "");
      files.put("main.fsl", main.isEmpty() ? c.snippet() : main + "\n\n" + c.snippet());
    } else {
      Span span = old.item().span();
      String text = old.source().text();
      files.put(old.file(), text.substring(0, span.start()) + (c.snippet() == null ? "" : c.snippet())
          + text.substring(span.end()));
    }
    Item next = c.snippet() == null ? null : single(c.snippet(), kind, files);
    if (c.validate()) { // the same checks as the write (migrations, definitions), nothing kept
      w.scratch(s -> {
        Apply.run(s, FileSchema.parse(files));
        return null;
      });
      Map<String, Value> out = new LinkedHashMap<>();
      out.put("diff", new StrV(SchemaOps.semanticDiff(before, files)));
      return new ObjectV(out);
    }
    // A deleted item is answered as it was; a written one as it now is.
    ObjectV answer = next == null ? SchemaOps.sourceItem(FileSchema.parse(before), db, kind, c.name(), staged) : null;
    if (staged) SchemaOps.stage(w, files);
    else SchemaOps.pushActive(w, files);
    return answer != null ? answer : SchemaOps.sourceItem(FileSchema.parse(files), db, kind, next.name().text(), staged);
  }

  /**
   * The body must be exactly one item of the route's kind. A snippet that does not parse is reported as Fauna
   * reports it, where it landed in the edited files ({@code at main.fsl:6:8}).
   */
  private static Item single(String snippet, Item.Kind kind, Map<String, String> edited) {
    List<Item> items;
    try {
      items = Fsl.parse(new Source("*fsl*", snippet)).items();
    } catch (ParseException e) {
      FileSchema.parse(edited); // throws the same errors, located in the files
      throw SchemaFailure.badRequest(FileSchema.render(e.diagnostics()));
    }
    if (items.size() != 1) throw SchemaFailure.badRequest("Expected a single schema item, got: " + items.size());
    if (items.get(0).kind() != kind) {
      throw SchemaFailure.badRequest("Wrong FSL snippet. Expected " + switch (kind) {
        case COLLECTION -> "a collection";
        case FUNCTION -> "a function";
        case ROLE -> "a role";
        case ACCESS_PROVIDER -> "an access provider";
      });
    }
    return items.get(0);
  }
}
