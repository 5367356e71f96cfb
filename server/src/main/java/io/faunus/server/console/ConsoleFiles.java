package io.faunus.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The web console's static files (docs/operations.md, "Web console"), served at {@code /console/}. They are
 * read once from the jar into memory, and only the names in {@link #FILES} exist: a request path is looked
 * up, never joined to a directory, so {@code ..}, encoded slashes or backslashes can only ever miss. The
 * files carry no secret and need none; every data call the page makes goes to {@code /query/1} with the
 * secret the user typed.
 */
public final class ConsoleFiles {

  /** Where the console lives; {@code /console} alone redirects to it so relative URLs resolve. */
  public static final String PREFIX = "/console/";
  public static final String BARE = "/console";
  static final String RESOURCE_DIR = "/io/faunus/server/console/";
  /** Every file the console has; the first is served for {@code /console/}. */
  static final List<String> FILES = List.of("index.html", "console.css", "console.js", "api.js", "editor.js",
      "browser.js", "charts.js", "sources.js");
  /** The page loads only its own scripts and styles and talks only to this node. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** A file ready to send. */
  public record StaticFile(String name, byte[] body, String contentType) {}

  private static final ConsoleFiles DISABLED = new ConsoleFiles(false, Map.of());

  private final boolean enabled;
  private final Map<String, StaticFile> files;

  private ConsoleFiles(boolean enabled, Map<String, StaticFile> files) {
    this.enabled = enabled;
    this.files = files;
  }

  /** The console with its files read from the classpath; fails at start-up if one is missing. */
  public static ConsoleFiles load() {
    Map<String, StaticFile> files = FILES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
        name -> new StaticFile(name, read(name), contentType(name))));
    return new ConsoleFiles(true, files);
  }

  /** A node without the console: every console path is 404, as if it did not exist. */
  public static ConsoleFiles disabled() {
    return DISABLED;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Whether a (decoded) request path is the console's, enabled or not. */
  public static boolean matches(String path) {
    return path.equals(BARE) || path.startsWith(PREFIX);
  }

  /** The file a decoded request path names, or empty: unknown names and any path with a directory miss. */
  public Optional<StaticFile> find(String path) {
    if (!enabled || !path.startsWith(PREFIX)) return Optional.empty();
    String name = path.substring(PREFIX.length());
    if (name.isEmpty()) name = FILES.get(0);
    return Optional.ofNullable(files.get(name));
  }

  static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      default -> throw new IllegalArgumentException("no content type for console file " + name);
    };
  }

  private static byte[] read(String name) {
    try (InputStream in = ConsoleFiles.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) throw new IllegalStateException("the console file " + name + " is missing from the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console file " + name, e);
    }
  }
}
