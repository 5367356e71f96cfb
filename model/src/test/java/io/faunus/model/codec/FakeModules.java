package io.faunus.model.codec;

import io.faunus.model.value.Value.ModuleV;
import java.util.Map;

/** A tiny schema for codec tests: user collection Foo, schema collection Collection (holding Foo), Math. */
final class FakeModules implements Resolver {

  record Mod(String name) implements ModuleV {}

  static final Mod FOO = new Mod("Foo");
  static final Mod COLLECTION = new Mod("Collection");
  static final Mod MATH = new Mod("Math");
  private static final Map<String, Mod> MODULES = Map.of("Foo", FOO, "Collection", COLLECTION, "Math", MATH);

  @Override
  public ModuleV module(String name) {
    return MODULES.get(name);
  }

  @Override
  public CollectionKind collectionKind(ModuleV module) {
    return switch (module.name()) {
      case "Foo" -> CollectionKind.BY_ID;
      case "Collection" -> CollectionKind.BY_NAME;
      default -> CollectionKind.NOT_A_COLLECTION;
    };
  }

  @Override
  public boolean namedDocExists(ModuleV coll, String name) {
    return coll.name().equals("Collection") && name.equals("Foo");
  }
}
