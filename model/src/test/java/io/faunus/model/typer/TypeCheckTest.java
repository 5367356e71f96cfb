package io.faunus.model.typer;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.DiagnosticRenderer;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.model.schema.CollectionDef;
import io.faunus.model.schema.IndexDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Inference, rendering and the errors of the static phase (schema-v10.md §6.3, §6.4). */
class TypeCheckTest {
  private static final CollectionDef PERSON = new CollectionDef("Person", null, 1,
      List.of(new IndexDef("byName", 2, List.of(), List.of(), true, false)), List.of(), List.of(), Map.of(), 0, null, null);

  private static TypeCheck check(String query) {
    Source src = Source.query(query);
    return TypeCheck.run(src, Parser.parseQuery(src), List.of(TypeCheck.Collection.of(PERSON)), List.of("arg"));
  }

  private static String staticType(String query) {
    TypeCheck r = check(query);
    assertThat(r).as(query).isInstanceOf(TypeCheck.Checked.class);
    return ((TypeCheck.Checked) r).staticType();
  }

  private static String rejected(String query) {
    TypeCheck r = check(query);
    assertThat(r).as(query).isInstanceOf(TypeCheck.Rejected.class);
    return DiagnosticRenderer.render(((TypeCheck.Rejected) r).diagnostics());
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "::", quoteCharacter = '\u0000', value = {
      "2                               :: 2",
      "'foo'                           :: \"foo\"",
      "{ a: 'foo' }                    :: { a: \"foo\" }",
      "{ \"a b\": 1 }                  :: { \"a b\": 1 }",
      "2 + 3                           :: Number",
      "2 / 3                           :: Number",
      "x => x                          :: A => A",
      "(x, y) => x                     :: (A, B) => A",
      "x => x + 2                      :: Number => Number",
      "[1 + 1, 2 + 1]                  :: [Number, Number]",
      "if (true) 42 else 41            :: 42 | 41",
      "if (true) 42                    :: 42 | Null",
      "Time.now()                      :: Time",
      "Math                            :: MathModule",
      "Person                          :: PersonCollection",
      "Person.all()                    :: Set<Person>",
      "Person.byName('bob')            :: Set<Person>",
      "Person.create({})               :: Person",
      "null                            :: Null",
      "-1                              :: -1",
      "'a' + 'b'                       :: String",
      "1 == 2                          :: Boolean",
      "let a = [1, 'x']; a[1]          :: \"x\"",
      "{ a: 1 }.a                      :: 1",
      "\"a #{1} b\"                    :: String",
      "arg                             :: Any",
      "notModelled.foo(1)              :: Any",
      "'abc'.length                    :: Number",
      "'foo'.concat('bar')             :: String",
      "'a,b'.split(',')                :: Array<String>",
      "[1, 2, 3].map(x => x + 1)       :: Array<Number>",
      "[1, 2].length                   :: Number",
      "['a', 'b'].first()              :: \"a\" | \"b\" | Null",
      "[1, 2].where(x => x > 1)        :: Array<1 | 2>",
      "Person.all().first()            :: Person | Null",
      "Person.all().map(p => 1).toArray() :: Array<1>",
      "Person.all().count()            :: Number",
      "Person.all().toArray()          :: Array<Person>",
      "Person.all().paginate()         :: Any",
  })
  void staticTypes(String query, String expected) {
    assertThat(staticType(query.strip())).isEqualTo(expected.strip());
  }

  @Test
  void tupleIndexOutOfBounds() {
    assertThat(rejected("let arr = ['a','b','c','d']\narr[-1]")).isEqualTo("""
        error: Index -1 out of bounds for length 4
        at *query*:2:5
          |
        2 | arr[-1]
          |     ^^
          |""");
    assertThat(rejected("[1, 2][2]")).startsWith("error: Index 2 out of bounds for length 2");
    assertThat(rejected("[[1, 2]].map(a => a[5])")).startsWith("error: Index 5 out of bounds for length 2");
  }

  @Test
  void plainValueAgainstSignatureIsReportedWhereItIs() {
    assertThat(rejected("Collection.create({\n  name: \"Thing\",\n  data: \"foobar\"\n})")).isEqualTo("""
        error: Type `String` is not a subtype of `Null | { *: Any }`
        at *query*:3:9
          |
        3 |   data: "foobar"
          |         ^^^^^^^^
          |""");
    assertThat(rejected("Function.create({\n  name: \"foo\",\n  body: (x) => x + 2,\n})\n")).isEqualTo("""
        error: Type `Number => Number` is not a subtype of `String`
        at *query*:3:9
          |
        3 |   body: (x) => x + 2,
          |         ^^^^^^^^^^^^
          |""");
  }

  @Test
  void literalFittingNoUnionMemberFailsTheWholeArgumentWithCauses() {
    String summary = rejected("Collection.create({\n  name: \"Book\",\n  constraints: [\n    { uniqu: [\"name\"] }\n  ]\n})\n");
    assertThat(summary).startsWith("error: Type `{ name: \"Book\", constraints: [{ uniqu: [\"name\"] }] }` is not a subtype of"
        + " `{ name: String, alias: String | Null, computed_fields:");
    assertThat(summary.lines().filter(l -> l.startsWith("cause: ")).toList()).containsExactly(
        "cause: Type `[{ uniqu: [\"name\"] }]` is not a subtype of `Null`",
        "cause: Type `{ uniqu: [\"name\"] }` contains extra field `uniqu`",
        "cause: Type `{ uniqu: [\"name\"] }` does not have field `check`",
        "cause: Type `{ uniqu: [\"name\"] }` does not have field `unique`");
  }

  @Test
  void missingRequiredFieldAndExtraField() {
    assertThat(rejected("Collection.create({})")).startsWith("error: Type `{}` does not have field `name`");
    assertThat(rejected("Function.create({ name: 'f', body: 'x => x', colour: 1 })"))
        .startsWith("error: Type `{ name: \"f\", body: \"x => x\", colour: 1 }` contains extra field `colour`");
  }

  @Test
  void unknownMemberOfAUserCollection() {
    assertThat(rejected("Person.byyName(\"bob\")")).startsWith("""
        error: Type `PersonCollection` does not have field `byyName`
        at *query*:1:8""");
  }

  /** Conservative: what the typechecker does not model, or what could run fine, is never an error. */
  @ParameterizedTest
  @ValueSource(strings = {
      "Collection.create({ name: 'A', indexes: { byX: { terms: [{ field: '.x' }], values: [{ field: 'y', order: 'desc' }] } } })",
      "Collection.create({ name: 'A', constraints: [{ unique: ['a'] }, { unique: [{ field: 'b', mva: true }] }, { check: { name: 'c', body: 'x => true' } }] })",
      "Collection.create({ name: 'A', fields: { a: { signature: 'Int' } }, computed_fields: { b: { body: '_ => 1' } }, data: { x: 1 } })",
      "Collection.create(arg)",
      "Collection.create({ name: arg, data: arg })",
      "let f = (x) => x + 2; f('a')",
      "{ a: 1 }.b",
      "[1, 2][arg]",
      "[1, 2][5 - 4]",
      "Unbound.thing",
      "Person.where(.x > 1).first()",
      "Person.byId('1')!.name",
      "Person.definition",
      "[[1, 2], [1, 2, 3, 4, 5, 6]].map(a => a[5])",
      "[1, 2].map(x => x + 'a')",
      "'abc'.foo()",
      "Collection.byName('Person')!.update({ data: 'x' })",
      "Function.create({ name: 'f', body: 'x => x', role: 'admin', signature: '(x: Int) => Int' })",
  })
  void acceptsWhatMayRun(String query) {
    assertThat(check(query)).as(query).isInstanceOf(TypeCheck.Checked.class);
  }

  @Test
  void unionDisplay() {
    Type u = Type.union(List.of(new Type.Fn(List.of(Type.STRING), null, Type.NUMBER), Type.NULL));
    assertThat(TypeDisplay.show(u)).isEqualTo("(String => Number) | Null");
    assertThat(TypeDisplay.show(Type.union(List.of(Type.INT, Type.UNKNOWN)))).isEqualTo("Any");
    assertThat(TypeDisplay.show(TypeText.parse("{ a: String?, *: Any }", n -> false))).isEqualTo("{ a: String | Null, *: Any }");
    assertThat(TypeDisplay.show(TypeText.parse("(x: Int, y: Ref<Foo>) => Set<Foo>", n -> n.equals("Foo"))))
        .isEqualTo("(x: Int, y: Any) => Set<Foo>");
  }
}
