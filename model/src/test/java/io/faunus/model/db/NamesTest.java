package io.faunus.model.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §6.3 naming rules. */
class NamesTest {
  private static final String INVALID = "Invalid identifier.";

  @ParameterizedTest
  @ValueSource(strings = {"", "_", "1a", "a-b", "a b", "if", "else", "at", "match", "case", "let", "null", "true",
      "false", "isa", "join", "on", "of", "server-readonly", "\u00e9"})
  void baseRuleRejects(String name) {
    assertThat(Names.identifier(name)).isEqualTo(INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "_a", "A1_b", "Math", "FQL", "client", "Collection", "If"})
  void baseRuleAcceptsDatabaseNames(String name) {
    assertThat(Names.identifier(name)).isNull();
  }

  @Test
  void nullNameIsInvalid() {
    assertThat(Names.identifier(null)).isEqualTo(INVALID);
    assertThat(Names.collectionOrFunction(null)).isEqualTo(INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"_", "FQL", "if", "Any", "Never", "struct", "interface", "type", "function", "collection",
      "Math", "Time", "String", "Collection", "Key", "log", "newId", "Set", "Query"})
  void collectionAndFunctionReservedNames(String name) {
    assertThat(Names.collectionOrFunction(name)).isEqualTo("The identifier `" + name + "` is reserved.");
  }

  @Test
  void collectionAndFunctionNamesFallBackToTheBaseRule() {
    assertThat(Names.collectionOrFunction("Users")).isNull();
    assertThat(Names.collectionOrFunction("my-coll")).isEqualTo(INVALID);
  }

  @Test
  void roles() {
    assertThat(Names.role("admin")).isEqualTo("The identifier `admin` is reserved.");
    assertThat(Names.role("server")).isEqualTo("The identifier `server` is reserved.");
    assertThat(Names.role("server-readonly")).isEqualTo(INVALID);
    assertThat(Names.role("client")).isNull();
    assertThat(Names.role("Math")).isNull();
    assertThat(Names.role("_")).isEqualTo(INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"all", "where", "firstWhere", "create", "createData", "createAll", "byId", "definition",
      "toString"})
  void indexNamesClashingWithCollectionMembers(String name) {
    assertThat(Names.index(name)).isEqualTo("The name '" + name + "' is reserved.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "coll", "ts", "ttl", "data", "exists", "update", "replace", "delete", "updateData",
      "replaceData"})
  void reservedFieldNames(String name) {
    assertThat(Names.field(name)).isEqualTo("The name '" + name + "' is reserved.");
  }

  @Test
  void indexAndFieldNamesApplyTheBaseRuleFirst() {
    assertThat(Names.index("byName")).isNull();
    assertThat(Names.index("if")).isEqualTo(INVALID);
    assertThat(Names.field("name")).isNull();
    assertThat(Names.field("1x")).isEqualTo(INVALID);
  }
}
