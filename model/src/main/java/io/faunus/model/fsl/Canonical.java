package io.faunus.model.fsl;

import io.faunus.fql.fsl.FslPrinter;
import io.faunus.fql.fsl.Item;
import io.faunus.model.value.Value.ObjectV;

/**
 * The form two definitions are compared in: an item through its definition document and back, printed. Two
 * items are the same schema exactly when these texts are equal, whatever their layout, comments or defaults
 * spelled out ({@code history_days 0}).
 */
final class Canonical {
  private Canonical() {}

  static Item item(Item item) {
    return FromDefinition.of(item.kind(), ToDefinition.of(item));
  }

  static Item item(Item.Kind kind, ObjectV definition) {
    return FromDefinition.of(kind, definition);
  }

  static String text(Item item) {
    return FslPrinter.print(item(item));
  }

  static String text(Item.Kind kind, ObjectV definition) {
    return FslPrinter.print(item(kind, definition));
  }
}
