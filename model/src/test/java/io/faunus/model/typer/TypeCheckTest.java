package io.faunus.model.typer;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.fql.DiagnosticRenderer;
import io.faunus.fql.Parser;
import io.faunus.fql.Source;
import io.faunus.fql.fsl.Fsl;
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
  /** A collection with defined fields: its documents' fields have their declared types. */
  private static final TypeCheck.Collection AUTHOR = new TypeCheck.Collection("Author", null, List.of(),
      Map.of("name", Fsl.parseType(new Source("*t*", "String")), "age", Fsl.parseType(new Source("*t*", "Int?"))));

  private static TypeCheck check(String query) {
    Source src = Source.query(query);
    return TypeCheck.run(src, Parser.parseQuery(src), List.of(TypeCheck.Collection.of(PERSON), AUTHOR), List.of("arg"));
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
      "arg.foo(1)                      :: Any",
      "Person.byId('1')                :: Ref<Person>",
      "Person.byId('1')!               :: Person",
      "Person.byId('1')?.name          :: Any",
      "Person.byId('1').exists()       :: Boolean",
      "['bcd', 'efgh'].fold(1, (x, y) => x + y.length) :: Number",
      "['a', 'abc'].flatMap(x => [x.length, 0]) :: Array<Number>",
      "['bcd', 'efgh'].reduce((x, y) => x + y) :: String | Null",
      "let s: String = 'abc'; s        :: String",
      "let n: Number = 1; n            :: Number",
      "Time.now                        :: () => Time",
      "Math.abs                        :: (x: Number) => Number",
      "Math.abs(-1) + Math.PI          :: Number",
      "Math.max(1, 2)                  :: Number",
      "Time.fromString('2024-01-01T00:00:00Z') :: Time",
      "Time.epoch(1, 'seconds')        :: Time",
      "Author.byId('1')!.name          :: String",
      "Author.byId('1')?.name          :: String | Null",
      "Author.byId('1')!.age           :: Int | Null",
      "Author.all().first()?.id        :: ID | Null",
      "Author.all() { id }             :: Set<{ id: ID }>",
      "Author.all() { name, x }        :: Set<{ name: String, x: Any }>",
      "Person.all() { name }           :: Set<{ name: Any }>",
      "Author.byId('1') { name }       :: { name: String } | Null",
      "Author.byId('1')! { name }      :: { name: String }",
      "{ foo: 1, bar: 2 } { foo }      :: { foo: 1 }",
      "[1, 2].map(x => { foo: x + 1 }) { foo } :: Array<{ foo: Number }>",
      "(Author.all() { name }).first() :: { name: String } | Null",
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
      "[1, 2][arg]",
      "[1, 2][5 - 4]",
      "arg.thing",
      "let x = 1; { let x = 'a'; x.length }",
      "x => y => x + y",
      "Person.byId('1')?.name",
      "Person.byId('1')?.update({})",
      "Person.byId('1')!.update({})",
      "Person.byId('1').id",
      "Person.byId('1') ?? 1",
      "if (true) 1",
      "Person.all() { name, id }",
      "at (Time.now()) Person.all().first()",
      "[1, 2].map(x => x * 2).fold(0, (a, b) => a + b)",
      "Collection.all().map(.name)",
      "Key.all()",
      "Credentials.all()",
      "Query.identity()",
      "Math.abs(-1) + Math.max(1, 2)",
      "log('x'); dbg(1); newId(); abort",
      "FQL.Math",
      "'a' + 1",
      "'a' + null",
      "1 + arg",
      "(if (true) 1 else 'a') + 1",
      "null || true",
      "let f = (x, y) => x; f(1, 2)",
      "let f = (x) => x; f(null)",
      "[1].map((x) => x)",
      "[1].forEach(_ => null)",
      "let o: { a: Int | Null } = {}; o.a",
      // the verify workloads' queries (docs/verification.md)
      "let d = Person.byId('k'); if (d == null) Person.create({ id: 'k', v: [1] }) else d!.update({ v: d!.v.append(1) }); let r1 = Person.byId('k')?.v ?? []; [r1]",
      "let a = Person.byId('1')!; let b = Person.byId('2')!; if (a.balance < 5) abort('insufficient'); a.update({ balance: a.balance - 5 }); b.update({ balance: b.balance + 5 }); null",
      "['1', '2'].map(id => Person.byId(id)?.balance)",
      "let d = Person.byId('1'); if (d != null && d!.v == 3) { d!.update({ v: 4 }) }",
      // js-sample-app's functions.fsl shapes
      "let customer = Person.byId(arg)!; if (customer!.cart == null) { Person.create({ c: customer }) }; Person(customer!.cart!.id)",
      "let order: Any = Person.byId(arg)!; order!.items.forEach((item) => { let product: Any = item.product; product.update({ stock: product.stock - item.quantity }) })",
      "Person.where(.x > 1).first()",
      "Person.byId('1')!.name",
      "Person.definition",
      "[[1, 2], [1, 2, 3, 4, 5, 6]].map(a => a[5])",
      "'abc'.foo()",
      "Collection.byName('Person')!.update({ data: 'x' })",
      "Function.create({ name: 'f', body: 'x => x', role: 'admin', signature: '(x: Int) => Int' })",
  })
  void acceptsWhatMayRun(String query) {
    assertThat(check(query)).as(query).isInstanceOf(TypeCheck.Checked.class);
  }

  @Test
  void unboundVariable() {
    assertThat(rejected("let a = 1\nb + a")).isEqualTo("""
        error: Unbound variable `b`
        at *query*:2:1
          |
        2 | b + a
          | ^
          |""");
    assertThat(rejected("(x) => y")).startsWith("error: Unbound variable `y`");
    assertThat(rejected("Unbound.thing")).startsWith("error: Unbound variable `Unbound`");
  }

  @Test
  void operandsOfTheWrongType() {
    assertThat(rejected("2 + \"a\"")).isEqualTo("""
        error: Type `String` is not a subtype of `Number`
        at *query*:1:5
          |
        1 | 2 + "a"
          |     ^^^
          |""");
    assertThat(rejected("true || 3")).startsWith("error: Type `Int` is not a subtype of `Boolean`\nat *query*:1:9");
    assertThat(rejected("'a' * 2")).startsWith("error: Type `String` is not a subtype of `Number`\nat *query*:1:1");
    assertThat(rejected("1 - null")).startsWith("error: Type `Null` is not a subtype of `Number`");
    assertThat(rejected("-'a'")).startsWith("error: Type `String` is not a subtype of `Number`");
    assertThat(rejected("[1, 2].map(x => x + 'a')")).startsWith("error: Type `String` is not a subtype of `Number`");
    // FQL2TypecheckSpec "typechecks args to static functions"
    assertThat(rejected("Time.fromString(3)")).startsWith("error: Type `Int` is not a subtype of `String`\nat *query*:1:17");
    assertThat(rejected("Math.abs('a')")).startsWith("error: Type `String` is not a subtype of `Number`");
  }

  @Test
  void fieldOfAReferenceNeedsBangOrOptionalChaining() {
    assertThat(rejected("Person.byId('1234').name")).isEqualTo("""
        error: Type `Null` does not have field `name`
        at *query*:1:21
          |
        1 | Person.byId('1234').name
          |                     ^^^^
          |
        hint: Use the ! or ?. operator to handle the null case
          |
        1 | Person.byId('1234')!.name
          |                    +
          |""");
    assertThat(rejected("Person.byId('1234').update({})")).startsWith("error: Type `Null` does not have field `update`");
    assertThat(rejected("let x = null\nx.foo")).endsWith("""
        hint: Use the ! or ?. operator to handle the null case
          |
        2 | x!.foo
          |  +
          |""");
  }

  @Test
  void fieldMissingFromAnObjectLiteral() {
    assertThat(rejected("{ a: 1 }.b")).startsWith("error: Type `{ a: 1 }` does not have field `b`\nat *query*:1:10");
    assertThat(rejected("{}.foo")).startsWith("error: Type `{}` does not have field `foo`");
  }

  @Test
  void wrongNumberOfArguments() {
    assertThat(rejected("let f = (x) => x\nf(1, 2)")).isEqualTo("""
        error: Function was called with too many arguments. Expected 1, received 2
        at *query*:2:2
          |
        2 | f(1, 2)
          |  ^^^^^^
          |""");
    assertThat(rejected("let f = (x) => x; f()")).startsWith(
        "error: Function was not called with enough arguments. Expected 1, received 0");
    assertThat(rejected("Time.now(1)")).startsWith("error: Function was called with too many arguments. Expected 0, received 1");
    assertThat(rejected("Math.max(1)")).startsWith("error: Function was not called with enough arguments. Expected 2, received 1");
    assertThat(rejected("let arr = ['Luke', 'Han']\narr.filter(() => true)")).isEqualTo("""
        error: Function was called with too many arguments. Expected 0, received 1
        at *query*:2:12
          |
        2 | arr.filter(() => true)
          |            ^^^^^^^^^^
          |""");
    assertThat(rejected("[1, 2].reduce(() => true)")).startsWith(
        "error: Function was called with too many arguments. Expected 0, received 2\nat *query*:1:15");
  }

  @Test
  void letAnnotationIsChecked() {
    assertThat(rejected("let s: String = 1\ns")).isEqualTo("""
        error: Type `Int` is not a subtype of `String`
        at *query*:1:17
          |
        1 | let s: String = 1
          |                 ^
          |""");
    assertThat(rejected("let p: Person = 'x'; p")).startsWith("error: Type `String` is not a subtype of `Person`");
    assertThat(rejected("1 + Author.byId('1')!.name")).startsWith("error: Type `String` is not a subtype of `Number`");
  }

  /** A schema of two UDFs: {@code double} with a signature, {@code untyped} without. */
  private static TypeCheck withUdfs(String query) {
    Source src = Source.query(query);
    return TypeCheck.run(src, Parser.parseQuery(src), new TypeCheck.Schema(List.of(),
        List.of(new TypeCheck.Function("double", null, "(x: Number) => Number"),
            new TypeCheck.Function("untyped", null, null))), Map.of());
  }

  @Test
  void udfCallsAreCheckedAgainstTheirSignature() {
    assertThat(DiagnosticRenderer.render(((TypeCheck.Rejected) withUdfs("double('a')")).diagnostics()))
        .startsWith("error: Type `String` is not a subtype of `Number`\nat *query*:1:8");
    assertThat(DiagnosticRenderer.render(((TypeCheck.Rejected) withUdfs("double(1, 2)")).diagnostics()))
        .startsWith("error: Function was called with too many arguments. Expected 1, received 2");
    for (String ok : List.of("double(1) + 1", "untyped('a', 2)", "double(untyped())", "untyped")) {
      assertThat(withUdfs(ok)).as(ok).isInstanceOf(TypeCheck.Checked.class);
    }
    assertThat(((TypeCheck.Checked) withUdfs("double")).staticType()).isEqualTo("(x: Number) => Number");
  }

  @Test
  void uncalledFunctionIsAWarning() {
    TypeCheck r = check("Time.now");
    assertThat(r).isInstanceOf(TypeCheck.Checked.class);
    assertThat(DiagnosticRenderer.render(((TypeCheck.Checked) r).warnings())).isEqualTo("""
        warning: Function is not called.
        at *query*:1:1
          |
        1 | Time.now
          | ^^^^^^^^
          |
        hint: Call the function.
          |
        1 | Time.now()
          |         ++
          |""");
    assertThat(((TypeCheck.Checked) check("Time.now()")).warnings()).isEmpty();
    assertThat(((TypeCheck.Checked) check("1")).warnings()).isEmpty();
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
