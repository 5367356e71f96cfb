package io.faunus.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleFilesTest {

  private final ConsoleFiles console = ConsoleFiles.load();

  @Test
  void everyFileIsInTheJarWithItsType() {
    for (String name : ConsoleFiles.FILES) {
      var f = console.find(ConsoleFiles.PREFIX + name).orElseThrow();
      assertThat(f.body()).as(name).isNotEmpty();
    }
    assertThat(console.find("/console/").orElseThrow().contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(console.find("/console/console.js").orElseThrow().contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(console.find("/console/console.css").orElseThrow().contentType()).isEqualTo("text/css; charset=utf-8");
  }

  @Test
  void onlyListedNamesExist() {
    for (String path : new String[] {"/console/../query/1", "/console/./index.html", "/console//index.html",
        "/console/x/../index.html", "/console/ConsoleFiles.class", "/console/..\\index.html",
        "/console/index.html/", "/console/nope.js", "/consolex/index.html", "/console"}) {
      assertThat(console.find(path)).as(path).isEmpty();
    }
  }

  @Test
  void aDisabledConsoleHasNoFiles() {
    assertThat(ConsoleFiles.disabled().find("/console/index.html")).isEmpty();
    assertThat(ConsoleFiles.disabled().enabled()).isFalse();
  }

  @Test
  void everyScriptThePageImportsIsServed() throws Exception {
    // A module the page imports but FILES omits would 404 in the browser only: catch it here.
    for (String name : ConsoleFiles.FILES) {
      String text = new String(console.find(ConsoleFiles.PREFIX + name).orElseThrow().body());
      var m = java.util.regex.Pattern.compile("(?:from|src=|href=) ?['\"]\\.?/?([a-z]+\\.(?:js|css))['\"]").matcher(text);
      while (m.find()) assertThat(ConsoleFiles.FILES).as("%s imports %s", name, m.group(1)).contains(m.group(1));
    }
  }
}
