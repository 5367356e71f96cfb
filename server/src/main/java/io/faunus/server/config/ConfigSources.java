package io.faunus.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option's value comes from when its flag is not given: precedence is
 * <b>built-in default &lt; {@code faunus.yml} &lt; {@code FAUNUS_*} environment &lt; command-line flag</b>.
 * Picocli asks this provider for every option missing from the command line; the annotation default
 * applies when neither the environment nor the file sets the key.
 *
 * <p>Both sources are read and checked up front ({@link #load}), so every problem of the file and the
 * environment is reported at start-up, naming the key or variable, before anything listens.
 */
public final class ConfigSources implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> file;
  private final Map<String, String> env;

  private final String filePath;

  private ConfigSources(String filePath, Map<String, String> file, Map<String, String> env) {
    this.filePath = filePath;
    this.file = file;
    this.env = env;
  }

  /** No file, no environment: the built-in defaults only. */
  public static final ConfigSources NONE = new ConfigSources(null, Map.of(), Map.of());

  /**
   * Finds the file ({@code --config FILE} in {@code args}, else {@code FAUNUS_CONFIG}), reads it, and checks
   * the {@code FAUNUS_*} variables of {@code environment} that name keys.
   */
  public static ConfigSources load(String[] args, Map<String, String> environment) {
    String path = configArgument(args);
    if (path == null) path = environment.get(ConfigKeys.CONFIG_ENV);
    Map<String, String> file = path == null || path.isEmpty() ? Map.of() : ConfigFile.read(Path.of(path));
    Map<String, String> env = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ConfigKey k : ConfigKeys.ALL) {
      String v = environment.get(k.env());
      if (v == null) continue;
      try {
        env.put(k.key(), Values.fromEnv(k, v));
      } catch (ConfigException e) {
        problems.add("environment " + k.env() + " (" + k.key() + "): " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) throw new ConfigException(String.join("\n", problems));
    return new ConfigSources(path, file, env);
  }

  /** The value of {@code --config FILE} or {@code --config=FILE}, or null. */
  static String configArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) return null;
      if (args[i].equals(ConfigKeys.CONFIG_FLAG)) {
        if (i + 1 >= args.length) throw new ConfigException(ConfigKeys.CONFIG_FLAG + " needs a file");
        return args[i + 1];
      }
      if (args[i].startsWith(ConfigKeys.CONFIG_FLAG + "=")) return args[i].substring(ConfigKeys.CONFIG_FLAG.length() + 1);
    }
    return null;
  }

  /**
   * {@code message} (an error about an option), followed by where each option it names got its value when
   * that was the file or the environment, so the operator knows which line to fix.
   */
  public String explain(String message) {
    StringBuilder b = new StringBuilder(message);
    for (ConfigKey k : ConfigKeys.ALL) {
      if (!message.contains(k.flag())) continue;
      if (env.containsKey(k.key())) b.append(" (from the environment: ").append(k.env()).append(')');
      else if (file.containsKey(k.key())) b.append(" (from ").append(filePath).append(": ").append(k.key()).append(')');
    }
    return b.toString();
  }

  /** The value of {@code key} from the environment, else the file, else null. */
  public String value(String key) {
    String v = env.get(key);
    return v != null ? v : file.get(key);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o)) return null;
    return ConfigKeys.byFlag(o.longestName()).map(k -> value(k.key())).orElse(null);
  }
}
