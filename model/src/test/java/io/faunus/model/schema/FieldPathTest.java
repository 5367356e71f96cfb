package io.faunus.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.model.value.Value.*;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldPathTest {
  private static List<Object> segs(String text) {
    FieldPath p = FieldPath.parse(text);
    assertThat(p).as(text).isNotNull();
    return p.segments();
  }

  @Test
  void validPaths() {
    assertThat(segs("name")).containsExactly("name");
    assertThat(segs(".name")).containsExactly("name");
    assertThat(segs(".a.b")).containsExactly("a", "b");
    assertThat(segs("a.b")).containsExactly("a", "b");
    assertThat(segs("a[0]")).containsExactly("a", 0);
    assertThat(segs(".tags[12].x")).containsExactly("tags", 12, "x");
    assertThat(segs(".['f oo']")).containsExactly("f oo");
    assertThat(segs("[\"x\"]")).containsExactly("x");
    assertThat(segs("a['b'].c")).containsExactly("a", "b", "c");
    assertThat(segs("a.[\"b c\"]")).containsExactly("a", "b c");
    assertThat(segs("_x1._")).containsExactly("_x1", "_");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "a b.c", "#a.b", "a.", "a..b", "1a", ".1", "a[", "a[x]", "a['x\"]", "a.b c",
      "a[-1]", "[]", "a.#"})
  void invalidPaths(String text) {
    assertThat(FieldPath.parse(text)).isNull();
  }

  @Test
  void sourceDisplayAndHead() {
    FieldPath p = FieldPath.parse(".address[0].city");
    assertThat(p.source()).isEqualTo(".address[0].city");
    assertThat(p.display()).isEqualTo("address[0].city");
    assertThat(p.head()).isEqualTo("address");
    assertThat(FieldPath.parse("[0]").head()).isNull();
    assertThat(FieldPath.parse(".name").isSingle("name")).isTrue();
    assertThat(FieldPath.parse(".name.x").isSingle("name")).isFalse();
  }

  @Test
  void readsNestedValuesAndNullWhenAbsent() {
    ObjectV doc = new ObjectV(Map.of("a", new ObjectV(Map.of("b", ArrayV.of(new IntV(1), new IntV(2)))),
        "f oo", new StrV("x")));
    assertThat(FieldPath.parse(".a.b[1]").read(doc)).isEqualTo(new IntV(2));
    assertThat(FieldPath.parse(".['f oo']").read(doc)).isEqualTo(new StrV("x"));
    assertThat(FieldPath.parse(".a.b[2]").read(doc)).isEqualTo(NullV.NULL);
    assertThat(FieldPath.parse(".a.c.d").read(doc)).isEqualTo(NullV.NULL);
    assertThat(FieldPath.parse(".a[0]").read(doc)).isEqualTo(NullV.NULL);
    assertThat(FieldPath.parse(".a.b.x").read(doc)).isEqualTo(NullV.NULL);
  }
}
