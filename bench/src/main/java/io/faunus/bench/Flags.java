package io.faunus.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --name value} options of the in-process measurement tools ({@link LookupCpu}, {@link GrownReads},
 * {@link WalSyncBench}).
 */
final class Flags {
  private Flags() {}

  /**
   * The defaults overridden by {@code args}; empty after printing {@code help} for {@code --help}. An unknown
   * option or one without a value prints the help to stderr and exits with status 2.
   */
  static Optional<Map<String, String>> parse(String[] args, Map<String, String> defaults, String help) {
    Map<String, String> o = new LinkedHashMap<>(defaults);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println(help);
        return Optional.empty();
      }
      if (!o.containsKey(args[i]) || i + 1 == args.length) {
        System.err.println("unknown option or missing value: " + args[i] + "\n" + help);
        System.exit(2);
      }
      o.put(args[i], args[++i]);
    }
    return Optional.of(o);
  }
}
