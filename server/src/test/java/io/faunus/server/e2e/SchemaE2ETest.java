package io.faunus.server.e2e;

import static io.faunus.server.e2e.E2E.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faunus.server.e2e.E2E.Client;
import io.faunus.server.e2e.E2E.InProcess;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /schema/1} over HTTP against an in-memory node (schema-v10.md §1): every route, as a client sees it. */
class SchemaE2ETest {
  static InProcess db;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static int serial;

  @BeforeAll
  static void start() {
    db = InProcess.inMemory(c -> c);
  }

  @AfterAll
  static void stop() {
    if (db != null) db.close();
  }

  /** A fresh child database and its admin secret. */
  static String freshDb() {
    String name = "S" + (++serial);
    db.query("Database.create({ name: \"" + name + "\" })").ok();
    return E2E.ROOT + ":" + name + ":admin";
  }

  record Answer(int status, JsonNode body, String contentType) {
    long version() {
      return body.get("version").asLong();
    }

    String error() {
      return body.path("error").path("message").asText(null);
    }

    Answer ok() {
      assertThat(status).as(body.toString()).isEqualTo(200);
      return this;
    }

    Answer fails(int expected, String message) {
      assertThat(status).as(body.toString()).isEqualTo(expected);
      assertThat(body.toString()).as("error body shape").isEqualTo(
          JSON.createObjectNode().set("error", JSON.createObjectNode().put("message", message)).toString());
      return this;
    }
  }

  static Answer call(String secret, String method, String pathAndQuery, Map<String, String> files) throws Exception {
    return call(db.server.port(), secret, method, pathAndQuery, files);
  }

  /** A call to the node listening on {@code port}; {@code files} (or null) go as fauna-shell sends them. */
  static Answer call(int port, String secret, String method, String pathAndQuery, Map<String, String> files)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(60));
    if (secret != null) b.header("Authorization", "Bearer " + secret);
    if (files != null) {
      String boundary = "----formdata-test-" + UUID.randomUUID();
      b.header("Content-Type", "multipart/form-data; boundary=" + boundary);
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, files)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue("content-type").orElse(""));
  }

  /** A call whose body is raw text (the items API takes an FSL snippet). */
  static Answer raw(String secret, String method, String pathAndQuery, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + db.server.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + secret);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue("content-type").orElse(""));
  }

  /** As fauna-shell sends files: the form field name is the file name; filename="blob". */
  static byte[] multipart(String boundary, Map<String, String> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    files.forEach((name, content) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
        + name + "\"; filename=\"blob\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n")
        .getBytes(StandardCharsets.UTF_8)));
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static Map<String, String> files(String... nameThenContent) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) m.put(nameThenContent[i], nameThenContent[i + 1]);
    return m;
  }

  static final String SCHEMA = """
      // People and their pets.
      collection Person {
        name: String
        age: Int?
        compute adult: Boolean = (p => p.age != null && p.age >= 18)
        unique [.name]
        index byName { terms [.name] }
      }

      @role(server)
      function greet(name: String): String { "Hello, " + name }
      """;

  /** §3.1 namespaces and §3.4/§3.5 names one item gives another, with Fauna's texts. */
  @Test
  void duplicatesAndDanglingNamesAreRefused() throws Exception {
    String s = freshDb();
    String push = "/schema/1/update?force=true";
    call(s, "POST", push, files("main.fsl", "function foo(x) { x }", "foo.fsl", "collection foo { }"))
        .fails(400, "Duplicate collection or function `foo` in foo.fsl (originally seen in main.fsl)");
    Answer within = call(s, "POST", push, files("main.fsl", "collection Foo {}\ncollection Foo {}"));
    assertThat(within.status()).isEqualTo(400);
    assertThat(within.error()).startsWith("error: Duplicate collection or function `Foo`\nat main.fsl:2:12\n")
        .contains("Originally defined here");
    // A function may take a collection's name in the same file only with an alias; Fauna's file-level check
    // then still refuses the name itself.
    Answer aliased = call(s, "POST", push, files("main.fsl", "collection Foo {}\n@alias(Bar)\nfunction Foo() { 1 }"));
    assertThat(aliased.status()).isEqualTo(400);
    assertThat(aliased.error()).isEqualTo("Duplicate collection or function `Foo` in main.fsl (originally seen in main.fsl)");
    Answer unaliased = call(s, "POST", push, files("main.fsl", "collection Foo {}\nfunction Foo() { 1 }"));
    assertThat(unaliased.error()).startsWith("error: Duplicate collection or function `Foo`\nat main.fsl:2:10\n");
    call(s, "POST", push, files("main.fsl", """
        collection Post {}
        role reader {
          privileges Nope { read }
          privileges Post { read }
          membership Ghost
        }""")).fails(400, """
        error: Resource `Ghost` does not exist
        at main.fsl:5:14
          |
        5 |   membership Ghost
          |              ^^^^^
          |
        error: Resource `Nope` does not exist
        at main.fsl:3:14
          |
        3 |   privileges Nope { read }
          |              ^^^^
          |""");
    call(s, "POST", push, files("main.fsl", """
        access provider Auth {
          issuer "https://auth.example/"
          jwks_uri "https://auth.example/jwks.json"
          role ghost
        }""")).fails(400, """
        error: Role `ghost` does not exist
        at main.fsl:4:8
          |
        4 |   role ghost
          |        ^^^^^
          |""");
    // Aliases, functions and native collections are resources; roles of the same push are an access provider's.
    call(s, "POST", push, files("main.fsl", """
        @alias(Article)
        collection Post {}
        @alias(shout)
        function loud(x) { x }
        role reader {
          privileges Article { read }
          privileges shout { call }
          privileges Key { read }
          membership Post
          membership Credentials
        }
        access provider Auth {
          issuer "https://auth.example/"
          jwks_uri "https://auth.example/jwks.json"
          role reader
        }""")).ok();
  }

  @Test
  void activePushAppliesAndStoresFilesVerbatim() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    assertThat(call(s, "GET", "/schema/1/files", null).ok().body().toString()).isEqualTo("{\"version\":0,\"files\":[]}");
    long v = call(s, "POST", "/schema/1/update?force=true", files("main.fsl", SCHEMA, "more/pets.fsl",
        "collection Pet { owner: Ref<Person> }")).ok().version();
    assertThat(v).isPositive();
    Answer list = call(s, "GET", "/schema/1/files", null).ok();
    assertThat(list.version()).isEqualTo(v);
    assertThat(list.body().get("files").toString()).isEqualTo("[{\"filename\":\"main.fsl\"},{\"filename\":\"more/pets.fsl\"}]");
    assertThat(call(s, "GET", "/schema/1/files/main.fsl", null).ok().body().get("content").asText()).isEqualTo(SCHEMA);
    assertThat(call(s, "GET", "/schema/1/files/more%2Fpets.fsl", null).ok().body().get("content").asText())
        .isEqualTo("collection Pet { owner: Ref<Person> }");
    call(s, "GET", "/schema/1/files/nope.fsl", null).fails(404, "Not found");

    // The definitions are live: documents, computed fields, indexes, unique constraints, the UDF.
    c.query("Person.create({ name: 'ann', age: 30 }); Person.create({ name: 'bob', age: 12 })").ok();
    assertThat(c.query("Person.byName('ann').first()!.adult").ok().data().asBoolean()).isTrue();
    assertThat(c.query("Person.byName('bob').first()!.adult").ok().data().asBoolean()).isFalse();
    c.query("Person.create({ name: 'ann' })").fails("constraint_failure");
    assertThat(c.query("greet('you')").ok().data().asText()).isEqualTo("Hello, you");
    JsonNode fn = c.query("Function.byName('greet')").ok().data();
    assertThat(fn.get("body").asText()).isEqualTo("(name) => {\n  \"Hello, \" + name\n}");
    assertThat(fn.get("signature").asText()).isEqualTo("(name: String) => String");
    assertThat(fn.get("role").asText()).isEqualTo("server");
    // The schema version of queries is the push's commit time.
    assertThat(c.query("1").ok().body().get("schema_version").asLong()).isEqualTo(v);

    // Pushing the same files again changes no definition, and the documents stay.
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", SCHEMA, "more/pets.fsl",
        "collection Pet { owner: Ref<Person> }")).ok();
    assertThat(c.query("Person.all().count()").ok().data().asInt()).isEqualTo(2);

    // Override (the default) deletes what was not submitted; the removed collection is gone.
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", SCHEMA)).ok();
    assertThat(call(s, "GET", "/schema/1/files", null).ok().body().get("files")).hasSize(1);
    assertThat(c.query("Collection.byName('Pet') == null").ok().data().asBoolean()).isTrue();
    // override=false keeps unsubmitted files; a blank submitted file deletes its name.
    call(s, "POST", "/schema/1/update?force=true&override=false", files("b.fsl", "role reader {}")).ok();
    assertThat(call(s, "GET", "/schema/1/files", null).ok().body().get("files")).hasSize(2);
    call(s, "POST", "/schema/1/update?force=true&override=false", files("b.fsl", "  \n")).ok();
    assertThat(call(s, "GET", "/schema/1/files", null).ok().body().get("files")).hasSize(1);
    assertThat(c.query("Role.byName('reader') == null").ok().data().asBoolean()).isTrue();
  }

  @Test
  void stagedPushIsInvisibleUntilCommitted() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", SCHEMA)).ok();
    assertThat(call(s, "GET", "/schema/1/staged/status", null).ok().body().get("status").asText()).isEqualTo("none");
    String changed = SCHEMA + "\ncollection Post { title: String }\n";
    Answer diff = call(s, "POST", "/schema/1/diff?staged=true", files("main.fsl", changed)).ok();
    assertThat(diff.body().get("diff").asText()).isEqualTo("* Adding collection `Post` to main.fsl:13:1\n\n");
    long staged = call(s, "POST", "/schema/1/update?staged=true&version=" + diff.version(), files("main.fsl", changed))
        .ok().version();
    assertThat(staged).isGreaterThan(diff.version());
    Answer status = call(s, "GET", "/schema/1/staged/status?format=summary", null).ok();
    assertThat(status.body().toString()).isEqualTo("{\"version\":" + staged + ",\"status\":\"ready\","
        + "\"pending_summary\":\"\",\"diff\":\"* Adding collection `Post` to main.fsl:13:1\\n\"}");
    // Queries keep the active schema; pulls see the staged files with staged=true only.
    assertThat(c.query("Collection.byName('Post') == null").ok().data().asBoolean()).isTrue();
    assertThat(call(s, "GET", "/schema/1/files/main.fsl?staged=true", null).ok().body().get("content").asText())
        .isEqualTo(changed);
    assertThat(call(s, "GET", "/schema/1/files/main.fsl", null).ok().body().get("content").asText()).isEqualTo(SCHEMA);
    // A diff against the staged schema of the same files is empty; an active push is refused meanwhile.
    assertThat(call(s, "POST", "/schema/1/diff?staged=true", files("main.fsl", changed)).ok().body().get("diff").asText())
        .isEmpty();
    assertThat(call(s, "POST", "/schema/1/update?force=true", files("main.fsl", SCHEMA)).status()).isEqualTo(400);

    call(s, "POST", "/schema/1/staged/commit?version=" + (staged - 1), null).fails(409, "Stale schema version provided");
    long committed = call(s, "POST", "/schema/1/staged/commit?version=" + staged, null).ok().version();
    assertThat(committed).isGreaterThan(staged);
    c.query("Post.create({ title: 'hi' })").ok();
    assertThat(call(s, "GET", "/schema/1/staged/status", null).ok().body().get("status").asText()).isEqualTo("none");
    call(s, "POST", "/schema/1/staged/commit", null).fails(400, "There is no staged schema to commit");

    // Abandon drops the staged files and changes nothing live.
    call(s, "POST", "/schema/1/update?staged=true&force=true", files("main.fsl", SCHEMA)).ok();
    call(s, "POST", "/schema/1/staged/abandon", null).ok();
    assertThat(c.query("Post.all().count()").ok().data().asInt()).isEqualTo(1);
    assertThat(call(s, "GET", "/schema/1/files/main.fsl?staged=true", null).ok().body().get("content").asText())
        .isEqualTo(changed);
    call(s, "POST", "/schema/1/staged/abandon", null).fails(400, "There is no staged schema to abandon");
  }

  /** §1.4: what FQL may change while a schema is staged, and that commit keeps what it created. */
  @Test
  void fqlSchemaWritesWhileStaged() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", SCHEMA)).ok();
    String changed = SCHEMA + "\ncollection Post { title: String }\n";
    call(s, "POST", "/schema/1/update?staged=true", files("main.fsl", changed)).ok();
    assertThat(c.query("Person.definition.delete()").fails("constraint_failure").raw())
        .contains("Cannot delete a Collection when schema is staged");
    assertThat(c.query("Function.byName('greet')!.update({ name: 'hello' })").fails("constraint_failure").raw())
        .contains("Cannot rename a Function when schema is staged");
    c.query("Function.byName('greet')!.update({ data: { note: 1 } })").ok();
    c.query("Collection.create({ name: 'Made' })").ok();
    String latest = call(s, "GET", "/schema/1/files/main.fsl?staged=true", null).ok().body().get("content").asText();
    assertThat(latest).startsWith(changed).contains("collection Made {");
    assertThat(call(s, "GET", "/schema/1/staged/status?format=summary", null).ok().body().get("diff").asText())
        .isEqualTo("* Adding collection `Post` to main.fsl:13:1\n");
    call(s, "POST", "/schema/1/staged/commit", null).ok();
    assertThat(c.query("[Collection.byName('Made') != null, Collection.byName('Post') != null, Function.byName('greet')!.data.note]")
        .ok().data().toString()).isEqualTo("[true,true,1]");
    c.query("Collection.byName('Made')!.update({ name: 'Renamed' })").ok(); // nothing staged any more
  }

  @Test
  void errorsAreJsonWithFaunasMessages() throws Exception {
    String s = freshDb();
    Answer parse = call(s, "POST", "/schema/1/update?force=true",
        files("main.fsl", "function foo {}", "foo.fsl", "bar?")).fails(400, """
        error: Expected `(`
        at main.fsl:1:14
          |
        1 | function foo {}
          |              ^
          |
        error: Invalid schema item `bar`
        at foo.fsl:1:1
          |
        1 | bar?
          | ^^^
          |""");
    assertThat(parse.contentType()).startsWith("application/json");
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", "role foo {}", "foo.fsl", "role foo {}"))
        .fails(400, "Duplicate role `foo` in foo.fsl (originally seen in main.fsl)");
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", "@role(a_role)\nfunction foo() { 42 }"))
        .fails(400, "Failed to create Function.\nconstraint failures:\n  role: Field refers to an unknown role name `a_role`.");
    call(s, "POST", "/schema/1/update?force=true", files("foo.txt", "role r {}")).fails(400, "Invalid filename `foo.txt`");
    call(s, "POST", "/schema/1/update?force=true", null).fails(400, "Request is not a valid multipart request");
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", "// " + "x".repeat(9 * 1024 * 1024)))
        .fails(413, "Request entity is too large");
    // Nothing of a failed push stays.
    assertThat(call(s, "GET", "/schema/1/files", null).ok().body().get("files")).isEmpty();

    long v = call(s, "GET", "/schema/1/files", null).ok().version();
    call(s, "POST", "/schema/1/update?version=" + (v + 1), files("main.fsl", "role r {}"))
        .fails(409, "Stale schema version provided");
    call(s, "POST", "/schema/1/update?version=" + v, files("main.fsl", "role r {}")).ok();
    call(s, "GET", "/schema/1/files?version=" + v, null).fails(409, "Stale schema version provided");
    // A version that is not a number counts as absent.
    call(s, "GET", "/schema/1/files?version=abc", null).ok();
  }

  /** §1.2 Items API, the read route: an item's source where it is declared, and its definition. */
  @Test
  void getItemAnswersSourceAndDefinition() throws Exception {
    String s = freshDb();
    long v = call(s, "POST", "/schema/1/update?force=true", files("main.fsl", SCHEMA)).ok().version();
    JsonNode person = call(s, "GET", "/schema/1/items/collections/Person", null).ok().body();
    assertThat(person.get("version").asLong()).isEqualTo(v);
    assertThat(person.get("filename").asText()).isEqualTo("main.fsl");
    String content = person.get("content").asText();
    assertThat(content).startsWith("collection Person {").endsWith("}");
    assertThat(SCHEMA.substring(person.get("span").get("start").asInt(), person.get("span").get("end").asInt()))
        .isEqualTo(content);
    assertThat(person.get("definition").get("name").asText()).isEqualTo("Person");
    assertThat(person.get("definition").get("coll").asText()).isEqualTo("Collection");
    assertThat(person.get("definition").get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(person.get("definition").has("indexes")).isTrue();
    JsonNode greet = call(s, "GET", "/schema/1/items/functions/greet", null).ok().body();
    assertThat(greet.get("content").asText()).startsWith("@role(server)\nfunction greet(").endsWith("}");
    call(s, "GET", "/schema/1/items/collections/Nobody", null).fails(404, "Not found");
    call(s, "GET", "/schema/1/items/tables/Person", null).fails(404, "Not found");
  }

  /** §1.2 Items API, the writes: create appends to main.fsl, replace patches the span, delete cuts it. */
  @Test
  void itemWritesEditTheFilesAndTheDefinitions() throws Exception {
    String s = freshDb();
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", SCHEMA)).ok();
    String pet = "collection Pet {\n  name: String\n}";
    JsonNode diff = raw(s, "POST", "/schema/1/items/collections?validate=true", pet).ok().body();
    assertThat(diff.get("diff").asText()).contains("Pet");
    assertThat(db.query("Collection.byName('Pet').exists()").ok().toString()).contains("false");
    JsonNode made = raw(s, "POST", "/schema/1/items/collections", pet).ok().body();
    assertThat(made.get("content").asText()).isEqualTo(pet);
    assertThat(made.get("definition").get("name").asText()).isEqualTo("Pet");
    assertThat(made.get("definition").get("coll").asText()).isEqualTo("Collection");
    assertThat(made.get("definition").get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(raw(s, "POST", "/schema/1/items/collections", pet).error())
        .startsWith("error: Duplicate collection or function `Pet`\nat main.fsl:");
    // A snippet's errors point where it lands in the files.
    Answer builtin = raw(s, "POST", "/schema/1/items/access_providers",
        "access provider A {\n  issuer \"https://a.example/\"\n  jwks_uri \"https://a.example/j\"\n  role admin\n}");
    assertThat(builtin.error()).startsWith("error: Builtin role `admin` is not allowed\nat main.fsl:");
    String main = call(s, "GET", "/schema/1/files/main.fsl", null).ok().body().get("content").asText();
    assertThat(main).isEqualTo(SCHEMA + "\n\n" + pet);
    // Replace with a rename: the span is patched in place.
    JsonNode renamed = raw(s, "POST", "/schema/1/items/collections/Pet", "collection Animal {\n  name: String\n}").ok().body();
    assertThat(renamed.get("definition").get("name").asText()).isEqualTo("Animal");
    call(s, "GET", "/schema/1/items/collections/Pet", null).fails(404, "Not found");
    JsonNode gone = raw(s, "DELETE", "/schema/1/items/functions/greet", null).ok().body();
    assertThat(gone.get("content").asText()).startsWith("@role(server)\nfunction greet(");
    call(s, "GET", "/schema/1/items/functions/greet", null).fails(404, "Not found");
    main = call(s, "GET", "/schema/1/files/main.fsl", null).ok().body().get("content").asText();
    assertThat(main).doesNotContain("greet").contains("collection Animal {");
    raw(s, "POST", "/schema/1/items/collections", "  ").fails(400, "No FSL snippet provided");
    raw(s, "POST", "/schema/1/items/collections", "role r {}").fails(400, "Wrong FSL snippet. Expected a collection");
    raw(s, "POST", "/schema/1/items/roles", "role a {}\nrole b {}").fails(400, "Expected a single schema item, got: 2");
    raw(s, "DELETE", "/schema/1/items/roles/nobody", null).fails(404, "Not found");

    // While a schema is staged, item writes edit the staged schema; the live one is unchanged until commit.
    call(s, "POST", "/schema/1/update?staged=true", files("main.fsl", main)).ok();
    JsonNode staged = raw(s, "POST", "/schema/1/items/collections", "collection Later {}").ok().body();
    assertThat(staged.get("definition").get("coll").asText()).isEqualTo("Collection");
    assertThat(staged.get("definition").has("ts")).isFalse();
    assertThat(db.as(s).query("Collection.byName('Later') == null").ok().data().asBoolean()).isTrue();
    assertThat(call(s, "GET", "/schema/1/files/main.fsl?staged=true", null).ok().body().get("content").asText())
        .isEqualTo(main + "\n\ncollection Later {}");
    call(s, "POST", "/schema/1/staged/commit", null).ok();
    assertThat(db.as(s).query("Collection.byName('Later') != null").ok().data().asBoolean()).isTrue();
  }

  /** §6.2: in a typechecked database the bodies of a push are typed against the pushed schema. */
  @Test
  void bodiesAreTypecheckedAgainstThePushedSchema() throws Exception {
    String s = freshDb();
    String misspelt = "collection Person {\n  index byName { terms [.name] }\n}\n\nfunction find(n) {\n  Person.byNam(n)\n}\n";
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", misspelt)).fails(400, """
        error: Type `PersonCollection` does not have field `byNam`
        at main.fsl:6:10
          |
        6 |   Person.byNam(n)
          |          ^^^^^
          |""");
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", misspelt.replace("byNam(", "byName("))).ok();
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl",
        "collection Thing {\n  compute first: Any = (t => [1, 2][2])\n  check ok (t => [t][1] != null)\n}\n"))
        .fails(400, """
            error: Index 2 out of bounds for length 2
            at main.fsl:2:37
              |
            2 |   compute first: Any = (t => [1, 2][2])
              |                                     ^
              |
            error: Index 1 out of bounds for length 1
            at main.fsl:3:22
              |
            3 |   check ok (t => [t][1] != null)
              |                      ^
              |""");
    // An untyped database does not check bodies (they fail when run instead).
    db.query("Database.create({ name: \"Loose\", typechecked: false })").ok();
    call(E2E.ROOT + ":Loose:admin", "POST", "/schema/1/update?force=true", files("main.fsl", misspelt)).ok();
  }

  @Test
  void permissionsAndRouting() throws Exception {
    String s = freshDb();
    String name = s.split(":")[1];
    String server = db.query("Key.create({ role: 'server', database: '" + name + "' }).secret").ok().data().asText();
    String readonly = db.query("Key.create({ role: 'server-readonly', database: '" + name + "' }).secret").ok().data().asText();
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", "collection A {}")).ok();
    call(server, "GET", "/schema/1/files", null).ok();
    call(readonly, "GET", "/schema/1/staged/status", null).ok();
    call(server, "POST", "/schema/1/diff", files("main.fsl", "collection A {}")).ok();
    call(server, "POST", "/schema/1/update?force=true", files("main.fsl", "collection B {}"))
        .fails(403, "Insufficient privileges to perform the action.");
    call(readonly, "POST", "/schema/1/staged/commit", null).fails(403, "Insufficient privileges to perform the action.");
    call("nope", "GET", "/schema/1/files", null).fails(401, "Invalid token, unable to authenticate request");
    call(null, "GET", "/schema/1/nothing", null).fails(401, "Invalid token, unable to authenticate request");
    call(s, "GET", "/schema/1/nothing", null).fails(404, "Not found");
    call(s, "GET", "/schema/1/update", null).fails(405, "Method not allowed");
    // The root database cannot stage; its status is "none" so that pulls work there.
    call(E2E.ROOT, "POST", "/schema/1/update?staged=true", files("main.fsl", "collection R {}"))
        .fails(400, "Schema cannot be staged in the root database");
    call(E2E.ROOT, "POST", "/schema/1/staged/commit", null).fails(400, "Schema cannot be staged in the root database");
    assertThat(call(E2E.ROOT, "GET", "/schema/1/staged/status", null).ok().body().get("status").asText()).isEqualTo("none");
  }

  @Test
  void schemaMadeThroughFqlIsPulledAsGeneratedFsl() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    c.query("""
        Collection.create({ name: "Book", indexes: { byTitle: { terms: [{ field: "title" }] } } })
        Function.create({ name: "double", body: "x => x * 2" })""").ok();
    Answer list = call(s, "GET", "/schema/1/files", null).ok();
    assertThat(list.body().get("files").toString()).isEqualTo("[{\"filename\":\"main.fsl\"}]");
    String main = call(s, "GET", "/schema/1/files/main.fsl", null).ok().body().get("content").asText();
    assertThat(main).isEqualTo("""
        // The following schema is auto-generated.
        // This file contains FSL for FQL10-compatible schema items.

        collection Book {
          index byTitle {
            terms [.title]
          }
        }

        function double(x) {
          x * 2
        }
        """);
    // Pushing the generated file back changes nothing.
    assertThat(call(s, "POST", "/schema/1/diff", files("main.fsl", main)).ok().body().get("diff").asText()).isEmpty();
  }

  @Test
  void filesFollowSchemaChangesMadeThroughFql() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    String pushed = """
        // Kept as written.
        collection Person {
          name: String
        }

        role reader {}

        function one() { 1 }
        """;
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", pushed)).ok();
    assertThat(call(s, "GET", "/schema/1/files/main.fsl", null).ok().body().get("content").asText()).isEqualTo(pushed);
    c.query("""
        Collection.byName("Person")!.update({ indexes: { byName: { terms: [{ field: "name" }] } } })
        Role.byName("reader")!.delete()
        Function.create({ name: "two", body: "() => 2" })""").ok();
    String patched = call(s, "GET", "/schema/1/files/main.fsl", null).ok().body().get("content").asText();
    assertThat(patched).isEqualTo("""
        // Kept as written.
        collection Person {
          name: String

          index byName {
            terms [.name]
          }
        }

        function one() { 1 }

        function two() {
          2
        }
        """);
    // The diff of the pushed text against the live schema now shows what FQL changed, in reverse.
    String diff = call(s, "POST", "/schema/1/diff", files("main.fsl", pushed)).ok().body().get("diff").asText();
    assertThat(diff).isEqualTo("""
        * Adding role `reader` to main.fsl:6:1

        * Removing function `two` from main.fsl:12:1

        * Modifying collection `Person` at main.fsl:2:1:
          * Indexes:
          - remove index `byName`

        """);
  }

  @Test
  void definedFieldsAreEnforcedOnWrites() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", """
        collection Shelf {}
        collection Item {
          name: String
          price: Int
          weight: Number?
          status: "new" | "sold" = "new"
          shelf: Ref<Shelf>?
          address: { street: String, zip: String?, country: String = "NO" }
          created: Time = Time.now()
          compute label = (i => i.name + "!")
        }
        collection Loose {
          a: Int
          *: Any
        }""")).ok();
    JsonNode item = c.query("Item.create({ name: 'pen', price: 3, address: { street: 'Main' } }) { status, address, created }")
        .ok().data();
    assertThat(item.get("status").asText()).isEqualTo("new");
    assertThat(item.get("address").toString()).isEqualTo("{\"street\":\"Main\",\"country\":\"NO\"}");
    assertThat(item.get("created").isNull()).isFalse();

    E2E.Resp bad = c.query("""
        Item.create({ name: 1, price: 2147483648, status: "lost", weight: "x", extra: true,
          shelf: Item.all().first(), address: { zip: 1 } })""").fails("constraint_failure");
    assertThat(bad.errorMessage()).isEqualTo("Failed to create document in collection `Item`.");
    assertThat(bad.body().path("error").get("constraint_failures").toString()).isEqualTo("""
        [{"paths":[["name"]],"message":"Expected String, provided Int"},\
        {"paths":[["price"]],"message":"Expected Int, provided Long"},\
        {"paths":[["weight"]],"message":"Expected Number | Null, provided String"},\
        {"paths":[["status"]],"message":"Expected \\"new\\" | \\"sold\\", provided \\"lost\\""},\
        {"paths":[["shelf"]],"message":"Expected Shelf | NullShelf | Null, provided Document"},\
        {"paths":[["address","street"]],"message":"Missing required field of type String"},\
        {"paths":[["address","zip"]],"message":"Expected String | Null, provided Int"},\
        {"paths":[["extra"]],"message":"Unexpected field provided"}]""");
    E2E.Resp missing = c.query("Item.create({ name: 'x' })").fails("constraint_failure");
    assertThat(missing.body().path("error").get("constraint_failures").toString())
        .contains("{\"paths\":[[\"price\"]],\"message\":\"Missing required field of type Int\"}");
    c.query("Item.all().first()!.update({ price: 'free' })").fails("constraint_failure");
    c.query("Item.all().first()!.update({ price: 4, shelf: Shelf.create({}) })").ok();
    E2E.Resp computed = c.query("Item.create({ name: 'a', price: 1, address: { street: 's' }, label: 'x' })")
        .fails("constraint_failure");
    assertThat(computed.body().path("error").get("constraint_failures").toString()).contains("Cannot write to a computed field");
    // With a wildcard, undeclared fields are allowed.
    c.query("Loose.create({ a: 1, b: 'anything' })").ok();
    c.query("Loose.create({ a: 'no' })").fails("constraint_failure");
  }

  @Test
  void changesToCollectionsWithDocumentsNeedMigrations() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", "collection User {\n  name: String\n}\n")).ok();
    c.query("User.create({ name: 'a' }); User.create({ name: 'b' }); 1").ok();

    Answer noMigration = call(s, "POST", "/schema/1/update?force=true",
        files("main.fsl", "collection User {\n  name: String\n  age: Int\n}\n"));
    assertThat(noMigration.status()).isEqualTo(400);
    assertThat(noMigration.error()).startsWith("""
        error: Field `.age` is not present in the live schema
        at main.fsl:3:3""").contains("hint: Provide an `add` migration for this field");
    // A nullable field, or one with a default, needs no migration.
    call(s, "POST", "/schema/1/diff", files("main.fsl", "collection User {\n  name: String\n  nick: String?\n}\n")).ok();

    String v1 = """
        collection User {
          name: String
          age: Int
          migrations {
            add .age
            backfill .age = 0
          }
        }
        """;
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", v1)).ok();
    assertThat(c.query("User.all().map(.age).toArray()").ok().data().toString()).isEqualTo("[0,0]");

    // Dropping needs `drop`; earlier statements stay in the block and are not applied again.
    Answer noDrop = call(s, "POST", "/schema/1/update?force=true",
        files("main.fsl", v1.replace("  name: String\n", "")));
    assertThat(noDrop.error()).startsWith("error: Field `.name` is missing from the submitted schema");
    String v2 = v1.replace("  name: String\n", "").replace("    backfill .age = 0\n", "    backfill .age = 0\n    drop .name\n");
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", v2)).ok();
    assertThat(c.query("User.all().map(.data).toArray()").ok().data().toString()).isEqualTo("[{\"age\":0},{\"age\":0}]");

    String v3 = v2.replace("  age: Int\n", "  years: Int\n").replace("    drop .name\n", "    drop .name\n    move .age -> .years\n");
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", v3)).ok();
    assertThat(c.query("User.all().map(.years).toArray()").ok().data().toString()).isEqualTo("[0,0]");

    // A type change is refused unless every document's value has the new type.
    Answer narrowing = call(s, "POST", "/schema/1/diff", files("main.fsl", v3.replace("years: Int", "years: String")));
    assertThat(narrowing.error()).startsWith("error: Field `.years` of type `String` does not match the live type `Int`");
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", v3.replace("years: Int", "years: Int | String"))).ok();

    // A collection without fields has an implicit wildcard: declaring fields must keep or move it.
    call(s, "POST", "/schema/1/update?force=true&override=false", files("free.fsl", "collection Free {}")).ok();
    c.query("Free.create({ a: 1, b: 'x' }); 1").ok();
    Answer noWildcard = call(s, "POST", "/schema/1/diff?override=false", files("free.fsl", "collection Free {\n  a: Int\n}"));
    assertThat(noWildcard.error()).startsWith("error: Field `.a` is not present in the live schema")
        .contains("\nerror: Missing wildcard definition\nat free.fsl:1:12\n");
    call(s, "POST", "/schema/1/update?force=true&override=false", files("free.fsl", """
        collection Free {
          a: Int
          rest: { *: Any }?
          migrations {
            add .a
            backfill .a = 0
            move_wildcard .rest
          }
        }""")).ok();
    assertThat(c.query("Free.all().first()!.data").ok().data().toString()).isEqualTo("{\"a\":1,\"rest\":{\"b\":\"x\"}}");
    Answer badMigration = call(s, "POST", "/schema/1/diff?override=false", files("free.fsl", """
        collection Free {
          a: Int
          migrations {
            drop .a
          }
        }"""));
    assertThat(badMigration.error()).contains("Cannot drop field `.a`. Dropped fields must be removed from schema");
  }

  @Test
  void documentsWithSetValuedComputedFieldsAreReturnedWithAPage() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", """
        collection Category {
          name: String
          compute products: Set<Product> = (category => Product.byCategory(category))
        }
        collection Product {
          name: String
          category: Ref<Category>
          index byCategory { terms [.category] }
        }""")).ok();
    JsonNode cat = c.query("Category.create({ name: 'tools' })").ok().data();
    assertThat(cat.get("products").get("data")).isEmpty();
    c.query("let cat = Category.all().first()!; Product.create({ name: 'saw', category: cat }); 1").ok();
    JsonNode again = c.query("Category.all().first()").ok().data();
    assertThat(again.get("products").get("data")).hasSize(1);
    assertThat(again.get("products").get("data").get(0).get("name").asText()).isEqualTo("saw");
  }

  @Test
  void rolesPushedAsFslGrantWhatTheySay() throws Exception {
    String s = freshDb();
    Client c = db.client.as(s);
    call(s, "POST", "/schema/1/update?force=true", files("main.fsl", """
        collection Note {
          text: String
        }
        collection Secret {}
        function shout(x) { x.toUpperCase() }
        role reader {
          privileges Note {
            read
            create { predicate ((n) => n.text != "") }
          }
          privileges shout { call }
        }""")).ok();
    c.query("Note.create({ text: 'hi' }); Secret.create({}); 1").ok();
    String key = c.query("Key.create({ role: 'reader' }).secret").ok().data().asText();
    Client reader = db.client.as(key);
    assertThat(reader.query("Note.all().count()").ok().data().asInt()).isEqualTo(1);
    assertThat(reader.query("shout('a')").ok().data().asText()).isEqualTo("A");
    reader.query("Note.create({ text: 'ok' })").ok();
    reader.query("Note.create({ text: '' })").fails("permission_denied");
    reader.query("Note.all().first()!.delete()").fails("permission_denied");
    reader.query("Secret.all().toArray()").fails("permission_denied");
  }
}
