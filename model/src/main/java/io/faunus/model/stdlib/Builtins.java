package io.faunus.model.stdlib;

import io.faunus.model.eval.Member;
import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.HashMap;
import java.util.Map;

/**
 * The standard library: members of each built-in type and the global names (modules and functions).
 * Each area lives in its own class ({@link StringLib}, {@link ArrayLib}, ...) that registers here.
 */
public final class Builtins {
  private Builtins() {}

  private static final TypeMembers COMMON = CommonLib.members();
  private static final TypeMembers STRING = StringLib.members().inherit(COMMON);
  private static final TypeMembers NUMBER = NumberLib.members().inherit(COMMON);
  private static final TypeMembers BOOLEAN = new TypeMembers().inherit(COMMON);
  private static final TypeMembers ARRAY = ArrayLib.members().inherit(COMMON);
  private static final TypeMembers SET = SetLib.members().inherit(COMMON);
  private static final TypeMembers TIME = TimeLib.timeMembers().inherit(COMMON);
  private static final TypeMembers DATE = TimeLib.dateMembers().inherit(COMMON);
  private static final TypeMembers BYTES = BytesLib.members().inherit(COMMON);
  private static final TypeMembers ID = new TypeMembers().inherit(COMMON);
  private static final TypeMembers NULL = new TypeMembers().inherit(COMMON);
  private static final TypeMembers FUNCTION = new TypeMembers().inherit(COMMON);
  private static final TypeMembers EVENT_SOURCE = SetLib.eventSourceMembers().inherit(COMMON);
  private static final TypeMembers OTHER = new TypeMembers().inherit(COMMON);

  private static final Map<String, Value> GLOBALS = new HashMap<>();

  static {
    GlobalLib.register(GLOBALS);
    MathLib.register(GLOBALS);
    StringLib.register(GLOBALS);
    TimeLib.register(GLOBALS);
    ObjectLib.register(GLOBALS);
    ArrayLib.register(GLOBALS);
    SetLib.register(GLOBALS);
    BytesLib.register(GLOBALS);
  }

  /** Member {@code name} of a non-object, non-document, non-module value; null when none. */
  public static Member member(Value recv, String name) {
    TypeMembers t = switch (recv) {
      case StrV s -> STRING;
      case NumV n -> NUMBER;
      case BoolV b -> BOOLEAN;
      case ArrayV a -> ARRAY;
      case SetV s -> SET;
      case TimeV t2 -> TIME;
      case TxnTimeV t2 -> TIME;
      case DateV d -> DATE;
      case BytesV b -> BYTES;
      case IdV i -> ID;
      case NullV n -> NULL;
      case FuncV f -> FUNCTION;
      case io.faunus.model.events.EventSource e -> EVENT_SOURCE;
      default -> OTHER;
    };
    return t.get(name);
  }

  /** A built-in global name (module or function), or null. */
  public static Value global(String name) {
    return GLOBALS.get(name);
  }

  /** Names users may not give to collections or functions (spec §6.3). */
  public static boolean isGlobal(String name) {
    return GLOBALS.containsKey(name);
  }
}
