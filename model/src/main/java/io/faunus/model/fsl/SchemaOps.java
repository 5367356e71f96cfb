package io.faunus.model.fsl;

import io.faunus.fql.fsl.Item;
import io.faunus.model.db.DbContext;
import io.faunus.model.db.SchemaStore;
import io.faunus.model.db.StagedIndexes;
import io.faunus.model.query.ErrorCode;
import io.faunus.model.query.SchemaRequest;
import io.faunus.model.query.SchemaRequest.*;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /schema/1} calls (schema-v10.md §1.1-§1.4) inside one transaction: file reads, pushes (active or
 * staged), diffs, staged status, commit and abandon. A staged schema is kept as its files beside the active
 * ones; it is applied to the definition documents only at commit, so queries keep using the active schema.
 * A staged push is validated by applying it in a scratch transaction that is thrown away.
 * Returns the fields of the answer after {@code version} (which the engine adds: the commit time when the call
 * wrote, the current schema version otherwise); failures are {@link SchemaFailure}s.
 */
public final class SchemaOps {
  private SchemaOps() {}

  private static final Set<String> READERS = Set.of("admin", "server", "server-readonly");

  /** Read calls need a built-in admin, server or server-readonly key; writes need admin (§1.0). */
  public static void authorize(String role, SchemaRequest.Call call) {
    boolean ok = call.writes() ? role.equals("admin") : READERS.contains(role);
    if (!ok) throw new SchemaFailure(ErrorCode.FORBIDDEN, "Insufficient privileges to perform the action.");
  }

  public static ObjectV run(Workspace w, SchemaRequest req) {
    DbContext db = w.main().db();
    long version = SchemaStore.version(db);
    return switch (req.call()) {
      case ListFiles c -> {
        checkVersion(req, version);
        List<Value> names = new ArrayList<>();
        for (String name : files(db, c.staged()).keySet()) names.add(obj("filename", new StrV(name)));
        yield obj("files", new ArrayV(names));
      }
      case GetFile c -> {
        checkVersion(req, version);
        String content = files(db, c.staged()).get(c.name());
        if (content == null) throw new SchemaFailure(ErrorCode.NOT_FOUND, "Not found");
        yield obj("content", new StrV(content));
      }
      case GetItem c -> {
        checkVersion(req, version);
        Item.Kind kind = itemKind(c.kind());
        yield sourceItem(FileSchema.parse(Generated.activeFiles(db)), db, kind, c.name(), false);
      }
      case WriteItem c -> Items.write(w, req, version, c);
      case Update c -> update(w, req, version, c);
      case Diff c -> {
        checkVersion(req, version);
        boolean staged = SchemaStore.staged(db);
        Map<String, String> base = c.staged() || !staged ? Generated.latestFiles(db) : Generated.activeFiles(db);
        FileSchema next = FileSchema.parse(merge(base, c.files(), c.override()));
        w.scratch(s -> {
          Apply.run(s, next);
          return null;
        });
        yield obj("diff", new StrV(diff(base, next, c.format(), c.color())));
      }
      case Status c -> {
        checkVersion(req, version);
        boolean staged = !w.root() && SchemaStore.staged(db);
        List<StagedIndexes.Pending> pending = staged ? StagedIndexes.pending(db) : List.of();
        Map<String, Value> out = new LinkedHashMap<>();
        out.put("status", new StrV(!staged ? "none" : pending.isEmpty() ? "ready" : "pending"));
        if (c.format() != null) {
          out.put("pending_summary", new StrV(StagedIndexes.summary(pending)));
          String text = "";
          if (staged) {
            Map<String, String> active = Generated.activeFiles(db);
            text = diff(active, FileSchema.parse(Generated.latestFiles(db)), c.format(), c.color());
          }
          out.put("diff", new StrV(text));
        }
        yield new ObjectV(out);
      }
      case Commit c -> {
        if (w.root()) throw SchemaFailure.badRequest("Schema cannot be staged in the root database");
        checkVersion(req, version);
        if (!SchemaStore.staged(db)) throw SchemaFailure.badRequest("There is no staged schema to commit");
        if (!StagedIndexes.pending(db).isEmpty()) {
          throw SchemaFailure.badRequest("Cannot commit schema before it is in the `ready` state. Check schema status for details.");
        }
        Map<String, String> files = Generated.latestFiles(db); // with what FQL created meanwhile
        Apply.run(w.main(), FileSchema.parse(files)); // adopts the staged indexes built meanwhile
        StagedIndexes.clear(db);
        SchemaStore.replaceFiles(db, SchemaStore.Area.ACTIVE, files);
        SchemaStore.replaceFiles(db, SchemaStore.Area.STAGED, Map.of());
        SchemaStore.clearStaged(db);
        yield ObjectV.EMPTY;
      }
      case Abandon c -> {
        if (w.root()) throw SchemaFailure.badRequest("Schema cannot be staged in the root database");
        checkVersion(req, version);
        if (!SchemaStore.staged(db)) throw SchemaFailure.badRequest("There is no staged schema to abandon");
        StagedIndexes.clear(db); // builds still running find nothing to build and stop
        SchemaStore.replaceFiles(db, SchemaStore.Area.STAGED, Map.of());
        SchemaStore.clearStaged(db);
        yield ObjectV.EMPTY;
      }
      case Refused c -> throw new SchemaFailure(c.code(), c.message());
    };
  }

  /** POST /schema/1/update: version check, then validate, then apply (active) or stage. */
  private static ObjectV update(Workspace w, SchemaRequest req, long version, Update c) {
    DbContext db = w.main().db();
    checkVersion(req, version);
    if (c.staged() && w.root()) throw SchemaFailure.badRequest("Schema cannot be staged in the root database");
    boolean staged = SchemaStore.staged(db);
    if (!c.staged() && staged) refuseWhileStaged();
    Map<String, String> base = c.staged() ? Generated.latestFiles(db) : Generated.activeFiles(db);
    Map<String, String> files = merge(base, c.files(), c.override());
    if (c.staged()) {
      stage(w, files);
    } else {
      Apply.run(w.main(), FileSchema.parse(files));
      SchemaStore.replaceFiles(db, SchemaStore.Area.ACTIVE, files);
    }
    return ObjectV.EMPTY;
  }

  /**
   * A staged push of {@code files} (the complete set): validated by applying it in a scratch transaction, whose
   * background index builds become the staged ones; then stored as the staged files.
   */
  static void stage(Workspace w, Map<String, String> files) {
    DbContext db = w.main().db();
    FileSchema next = FileSchema.parse(files);
    w.scratch(s -> {
      Apply.run(s, next);
      StagedIndexes.stage(db, s.db()); // what the scratch had to build in the background, built while staged
      return null;
    });
    SchemaStore.replaceFiles(db, SchemaStore.Area.STAGED, files);
    SchemaStore.setStaged(db, Generated.liveItems(db));
  }

  /** The route's word for a kind of item; anything else is 404. */
  static Item.Kind itemKind(String word) {
    return switch (word) {
      case "collections" -> Item.Kind.COLLECTION;
      case "functions" -> Item.Kind.FUNCTION;
      case "roles" -> Item.Kind.ROLE;
      case "access_providers" -> Item.Kind.ACCESS_PROVIDER;
      default -> throw new SchemaFailure(ErrorCode.NOT_FOUND, "Not found");
    };
  }

  /**
   * The item's source where {@code schema} declares it (file, character span, text) and its definition: the live
   * document, or, for an item only staged, the document it will become (without {@code ts}).
   */
  static ObjectV sourceItem(FileSchema schema, DbContext db, Item.Kind kind, String name, boolean staged) {
    Located found = schema.byKey().get(new Located.Key(kind, name));
    ObjectV definition = found == null ? null
        : staged ? SchemaStore.shown(kind, ToDefinition.of(found.item()), null) : SchemaStore.shown(db, kind, name);
    if (found == null || definition == null) throw new SchemaFailure(ErrorCode.NOT_FOUND, "Not found");
    io.faunus.fql.Span span = found.item().span();
    Map<String, Value> out = new LinkedHashMap<>();
    out.put("filename", new StrV(found.file()));
    Map<String, Value> at = new LinkedHashMap<>();
    at.put("start", new IntV(span.start()));
    at.put("end", new IntV(span.end()));
    out.put("span", new ObjectV(at));
    out.put("content", new StrV(found.source().slice(span)));
    out.put("definition", definition);
    return new ObjectV(out);
  }

  /** An active push of {@code files}, as {@code /schema/1/update} makes it (refused while a schema is staged). */
  static void pushActive(Workspace w, Map<String, String> files) {
    DbContext db = w.main().db();
    if (SchemaStore.staged(db)) refuseWhileStaged();
    Apply.run(w.main(), FileSchema.parse(files));
    SchemaStore.replaceFiles(db, SchemaStore.Area.ACTIVE, files);
  }

  /** Fauna would fold an active push into the staged schema (§1.4); refusing keeps the two apart. */
  private static void refuseWhileStaged() {
    throw SchemaFailure.badRequest("Cannot push an active schema while a schema is staged: "
        + "commit or abandon the staged schema first.");
  }

  static String semanticDiff(Map<String, String> base, Map<String, String> next) {
    return diff(base, FileSchema.parse(next), DiffFormat.SEMANTIC, false);
  }

  /** §1.0: with {@code force} nothing is checked; a given version must equal the current one. */
  static void checkVersion(SchemaRequest req, long current) {
    if (req.force() || req.version() == SchemaRequest.NO_VERSION) return;
    if (req.version() != current) throw new SchemaFailure(ErrorCode.STALE_SCHEMA_VERSION, "Stale schema version provided");
  }

  private static Map<String, String> files(DbContext db, boolean staged) {
    return staged ? Generated.latestFiles(db) : Generated.activeFiles(db);
  }

  /**
   * The file set a push leaves: with {@code override} exactly the submitted files, otherwise the stored ones
   * with the submitted ones replacing theirs; a submitted blank file deletes its name (§1.2 (a)).
   */
  static Map<String, String> merge(Map<String, String> base, List<Upload> uploads, boolean override) {
    Map<String, String> out = new LinkedHashMap<>(override ? Map.of() : base); // submission order: errors follow it
    for (Upload u : uploads) {
      if (!u.name().endsWith(".fsl") || u.name().startsWith("*")) {
        throw SchemaFailure.badRequest("Invalid filename `" + u.name() + "`");
      }
      if (u.content().isBlank()) out.remove(u.name());
      else out.put(u.name(), u.content());
    }
    return out;
  }

  private static String diff(Map<String, String> base, FileSchema next, DiffFormat format, boolean color) {
    if (format == DiffFormat.TEXTUAL) return TextDiff.of(base, next.files, color);
    FileSchema before;
    try {
      before = FileSchema.parse(base);
    } catch (SchemaFailure e) { // stored files always parsed when pushed; be safe with generated ones
      before = FileSchema.EMPTY;
    }
    var entries = SchemaDiff.entries(before, next);
    return format == DiffFormat.SUMMARY ? SchemaDiff.summary(entries, color) : SchemaDiff.semantic(entries, color);
  }

  private static ObjectV obj(String key, Value value) {
    Map<String, Value> m = new LinkedHashMap<>();
    m.put(key, value);
    return new ObjectV(m);
  }
}
