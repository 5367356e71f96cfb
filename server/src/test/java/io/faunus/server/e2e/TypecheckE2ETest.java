package io.faunus.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.faunus.server.e2e.E2E.InProcess;
import io.faunus.server.e2e.E2E.Resp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The static phase of a typechecked query over HTTP (schema-v10.md §6.3, §6.4): the exact {@code invalid_query}
 * bodies Fauna gives for errors found before anything runs, the warning of a success, and look-alikes that run.
 */
class TypecheckE2ETest {
  static InProcess db;

  @BeforeAll
  static void start() {
    db = InProcess.inMemory(c -> c);
    db.query("Collection.create({ name: 'Person', fields: { name: { signature: 'String' } } })").ok();
    db.query("Function.create({ name: 'double', body: 'x => x * 2', signature: '(x: Number) => Number' })").ok();
  }

  @AfterAll
  static void stop() {
    if (db != null) db.close();
  }

  private static Resp typed(String fql) {
    return db.query(fql, "x-typecheck", "true");
  }

  private static void rejected(String fql, String summary) {
    Resp r = typed(fql).fails("invalid_query");
    assertThat(r.errorMessage()).isEqualTo("The query failed 1 validation check");
    assertThat(r.body().path("summary").asText()).isEqualTo(summary);
  }

  @Test
  void operandOfTheWrongType() {
    rejected("2 + \"a\"", """
        error: Type `String` is not a subtype of `Number`
        at *query*:1:5
          |
        1 | 2 + "a"
          |     ^^^
          |""");
  }

  @Test
  void unboundVariableWritesNothing() {
    rejected("Person.create({ name: 'Ann' })\nnotDefined", """
        error: Unbound variable `notDefined`
        at *query*:2:1
          |
        2 | notDefined
          | ^^^^^^^^^^
          |""");
    assertThat(typed("Person.all().where(.name == 'Ann').count()").ok().data().asLong()).isZero();
  }

  @Test
  void fieldOfAReferenceWithItsFixIt() {
    rejected("Person.byId('1').name", """
        error: Type `Null` does not have field `name`
        at *query*:1:18
          |
        1 | Person.byId('1').name
          |                  ^^^^
          |
        hint: Use the ! or ?. operator to handle the null case
          |
        1 | Person.byId('1')!.name
          |                 +
          |""");
  }

  @Test
  void udfCallAgainstItsSignature() {
    rejected("double('a')", """
        error: Type `String` is not a subtype of `Number`
        at *query*:1:8
          |
        1 | double('a')
          |        ^^^
          |""");
    Resp ok = typed("double(21)").ok();
    assertThat(ok.data().asInt()).isEqualTo(42);
    assertThat(ok.body().path("static_type").asText()).isEqualTo("Number");
  }

  @Test
  void uncalledFunctionIsAWarningOfASuccess() {
    Resp r = typed("Time.now").ok();
    assertThat(r.body().path("static_type").asText()).isEqualTo("() => Time");
    assertThat(r.body().path("summary").asText()).isEqualTo("""
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
  }

  @Test
  void lookAlikesRun() {
    Resp r = typed("let p = Person.create({ name: 'Bo' })\nPerson.byId(p.id)!.name").ok();
    assertThat(r.data().asText()).isEqualTo("Bo");
    assertThat(r.body().path("static_type").asText()).isEqualTo("String");
    assertThat(typed("Person.byId('404')?.name").ok().body().path("static_type").asText()).isEqualTo("String | Null");
    assertThat(typed("Person.all() { id }").ok().body().path("static_type").asText()).isEqualTo("Set<{ id: ID }>");
    typed("let x = 1; { let x = 'a'; x.length }").ok();
    typed("[1, 2].map(x => x + 1).fold(0, (a, b) => a + b)").ok();
    typed("if (false) 1").ok();
  }
}
