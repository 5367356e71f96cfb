package io.faunus.fql.cache;

import io.faunus.fql.ParseException;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.ast.Expr;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parsed FQL by source text, least recently used first out. Drivers send the same query text again and again
 * with different arguments, and a UDF body is parsed on every call that uses it, so parsing once per text saves
 * the parser's share of a query. Trees are immutable records and {@link Source} is immutable, so one parse
 * serves every thread. Parse errors are not cached: they are rare, and each report must be rendered anyway.
 *
 * <p>Bounded twice: by {@link #ENTRIES_MAX} and by the total text length {@link #TEXT_CHARS_MAX} (a tree is
 * roughly proportional to its text); texts over {@link #ENTRY_CHARS_MAX} are parsed every time.
 */
public final class ParseCache {
  public static final int ENTRIES_MAX = 8192;
  /** Sum of the cached texts' lengths; the trees take a small multiple of it. */
  public static final long TEXT_CHARS_MAX = 4L << 20;
  public static final int ENTRY_CHARS_MAX = 64 * 1024;

  /** The process's cache for queries and UDF bodies. */
  private static final ParseCache SHARED = new ParseCache(ENTRIES_MAX, TEXT_CHARS_MAX, ENTRY_CHARS_MAX);

  public static ParseCache shared() {
    return SHARED;
  }

  /**
   * One parsed text: the {@link Source} its spans point into, its tree, and a hint its users keep (the node
   * remembers whether the query wrote last time it ran). The hint is advice only, never a correctness input.
   */
  public static final class Parsed<T> {
    private final Source source;
    private final T tree;
    private volatile boolean wrote;
    private volatile Object derived;

    Parsed(Source source, T tree) {
      this.source = source;
      this.tree = tree;
    }

    public Source source() {
      return source;
    }

    public T tree() {
      return tree;
    }

    /** Whether the last run of this text wrote (false until told). */
    public boolean wrote() {
      return wrote;
    }

    public void wrote(boolean wrote) {
      if (this.wrote != wrote) this.wrote = wrote;
    }

    /**
     * What a user derived from this tree, kept with the other inputs it was derived from (the node keeps a
     * typecheck verdict with the schema it was judged against), or null. The user checks those inputs before
     * reusing it; the last one set wins.
     */
    public Object derived() {
      return derived;
    }

    public void derived(Object derived) {
      this.derived = derived;
    }
  }

  /**
   * Written out rather than generated: a record's generated equals and hashCode go through method handles, which
   * the JIT did not inline on this path (a profile of point reads put 5% of the server's samples in them).
   */
  private record Key(boolean query, String name, String text) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && query == k.query && text.equals(k.text) && name.equals(k.name);
    }

    @Override
    public int hashCode() {
      return (31 * text.hashCode() + name.hashCode()) * 2 + (query ? 1 : 0);
    }
  }

  private final int entriesMax;
  private final long textCharsMax;
  private final int entryCharsMax;
  /** Guarded by itself; access order makes iteration start at the least recently used. */
  private final LinkedHashMap<Key, Parsed<?>> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long textChars;
  private long hits;
  private long misses;

  public ParseCache(int entriesMax, long textCharsMax, int entryCharsMax) {
    if (entriesMax < 1 || textCharsMax < 1 || entryCharsMax < 1) {
      throw new IllegalArgumentException("cache limits must be positive");
    }
    this.entriesMax = entriesMax;
    this.textCharsMax = textCharsMax;
    this.entryCharsMax = entryCharsMax;
  }

  /** A whole query ({@code *query*}). @throws ParseException when the text is not valid FQL */
  @SuppressWarnings("unchecked")
  public Parsed<Expr.Block> query(String text) {
    return (Parsed<Expr.Block>) lookup(new Key(true, "*query*", text), Parser::parseQuery);
  }

  /** The cached parse of a whole query, or null; parses nothing (safe before a request is authenticated). */
  @SuppressWarnings("unchecked")
  public Parsed<Expr.Block> peekQuery(String text) {
    synchronized (entries) {
      return (Parsed<Expr.Block>) entries.get(new Key(true, "*query*", text));
    }
  }

  /**
   * One expression (a UDF body, a check) shown in diagnostics as {@code name}, e.g. {@code *udf:Name*}.
   * @throws ParseException when the text is not valid FQL
   */
  @SuppressWarnings("unchecked")
  public Parsed<Expr> expr(String name, String text) {
    return (Parsed<Expr>) lookup(new Key(false, name, text), Parser::parseExpr);
  }

  private Parsed<?> lookup(Key key, Function<Source, ?> parse) {
    synchronized (entries) {
      Parsed<?> hit = entries.get(key);
      if (hit != null) {
        hits++;
        return hit;
      }
      misses++;
    }
    // Parsed outside the lock: two threads missing on one text both parse it, and the second one's tree wins.
    Source source = new Source(key.name(), key.text());
    Parsed<?> parsed = new Parsed<>(source, parse.apply(source));
    int chars = key.text().length();
    if (chars > entryCharsMax) return parsed;
    synchronized (entries) {
      Parsed<?> old = entries.put(key, parsed);
      if (old == null) textChars += chars;
      evict();
    }
    return parsed;
  }

  /** Under the lock: drops the least recently used entries until both limits hold. */
  private void evict() {
    Iterator<Map.Entry<Key, Parsed<?>>> it = entries.entrySet().iterator();
    while ((entries.size() > entriesMax || textChars > textCharsMax) && it.hasNext()) {
      textChars -= it.next().getKey().text().length();
      it.remove();
    }
    assert textChars >= 0 : "cached text length never goes negative";
  }

  /** Counters for tests and operations. */
  public record Stats(int entries, long textChars, long hits, long misses) {}

  public Stats stats() {
    synchronized (entries) {
      return new Stats(entries.size(), textChars, hits, misses);
    }
  }
}
