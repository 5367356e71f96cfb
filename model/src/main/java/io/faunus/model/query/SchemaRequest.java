package io.faunus.model.query;

import java.util.List;

/**
 * One {@code /schema/1} call (schema-v10.md §1) as the transport parsed it: who asks, what, and the version
 * check ({@code version} -1 when the client sent none; {@code force} skips the check).
 */
public record SchemaRequest(String secret, Call call, long version, boolean force) {
  public static final long NO_VERSION = -1;

  /** An uploaded FSL file: its name (the multipart field name) and text. */
  public record Upload(String name, String content) {}

  /** The kinds of diff text (§1.3). */
  public enum DiffFormat { SEMANTIC, SUMMARY, TEXTUAL }

  /** What the request asks for. */
  public sealed interface Call {
    /** Needs only read permission; write calls need admin. */
    default boolean writes() {
      return false;
    }
  }

  /** GET /schema/1/files. */
  public record ListFiles(boolean staged) implements Call {}

  /** GET /schema/1/files/{name}. */
  public record GetFile(String name, boolean staged) implements Call {}

  /**
   * GET /schema/1/items/{kind}/{name}: one active item as its source and its definition (§1.2 Items API);
   * {@code kind} is the route's word ({@code collections}, {@code functions}, {@code roles},
   * {@code access_providers}).
   */
  public record GetItem(String kind, String name) implements Call {}

  /**
   * POST /schema/1/items/{kind} (create: {@code name} null), POST …/{kind}/{name} (replace) and DELETE
   * …/{kind}/{name} ({@code snippet} null); {@code validate}: answer the diff and change nothing.
   */
  public record WriteItem(String kind, String name, String snippet, boolean validate) implements Call {
    /** POST/DELETE items need admin even with validate (schema-v10.md §1.0). */
    @Override
    public boolean writes() {
      return true;
    }
  }

  /** POST /schema/1/update. */
  public record Update(List<Upload> files, boolean staged, boolean override) implements Call {
    @Override
    public boolean writes() {
      return true;
    }
  }

  /** POST /schema/1/diff or /validate; {@code format} null means semantic. */
  public record Diff(List<Upload> files, boolean staged, boolean override, DiffFormat format, boolean color)
      implements Call {}

  /** GET /schema/1/staged/status; {@code format} null: status only. */
  public record Status(DiffFormat format, boolean color) implements Call {}

  /** POST /schema/1/staged/commit. */
  public record Commit() implements Call {
    @Override
    public boolean writes() {
      return true;
    }
  }

  /** POST /schema/1/staged/abandon. */
  public record Abandon() implements Call {
    @Override
    public boolean writes() {
      return true;
    }
  }

  /**
   * A request the transport could not route (unknown path, wrong method, bad body); answered with
   * {@code code} only after the secret is checked, as Fauna's schema endpoint does (§1.0 dispatch order).
   */
  public record Refused(ErrorCode code, String message) implements Call {}
}
