package io.faunus.server.config;

/**
 * One setting of {@code faunus.yml} (docs/configuration.md): its dotted YAML key, the command-line flag
 * that overrides it, and the type its value must have. The environment variable is derived from the key
 * ({@code limits.max_connections} → {@code FAUNUS_LIMITS_MAX_CONNECTIONS}), so the three names cannot drift.
 */
public record ConfigKey(String key, String flag, Type type) {

  /** What a value must look like; checked when the file or the environment is read, naming the key. */
  public enum Type {
    INT("an integer"), LONG("an integer"), BOOL("true or false"), STRING("a string"), PATH("a path"),
    /** A YAML list, or a comma-separated string (the environment). */
    LIST("a list of strings"),
    /** A YAML map of strings, or {@code k=v,k2=v2} (the environment). */
    MAP("a map of strings");

    final String expected;

    Type(String expected) {
      this.expected = expected;
    }
  }

  public ConfigKey {
    if (!key.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) throw new IllegalArgumentException("bad config key " + key);
    if (!flag.startsWith("--")) throw new IllegalArgumentException("bad flag " + flag);
  }

  /** The environment variable that overrides this key. */
  public String env() {
    return "FAUNUS_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }
}
