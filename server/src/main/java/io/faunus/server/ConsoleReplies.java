package io.faunus.server;

import io.faunus.server.console.ConsoleFiles;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.List;

/** The HTTP side of the web console: its files with their types and the headers that lock the page down. */
final class ConsoleReplies {

  private static final AsciiString CSP = AsciiString.cached("content-security-policy");
  private static final AsciiString NOSNIFF = AsciiString.cached("x-content-type-options");
  private static final AsciiString REFERRER_POLICY = AsciiString.cached("referrer-policy");

  private ConsoleReplies() {}

  /** {@code path}: the decoded request path, already known to be under /console. */
  static Reply of(ConsoleFiles console, String path) {
    if (!console.enabled()) {
      return Reply.error(404, "not_found", "No such endpoint: " + path
          + " (this node serves no web console; start it with --console)");
    }
    if (path.equals(ConsoleFiles.BARE)) { // relative URLs in the page need the trailing slash
      return Reply.empty(HttpResponseStatus.PERMANENT_REDIRECT).with(HttpHeaderNames.LOCATION, ConsoleFiles.PREFIX);
    }
    return console.find(path).map(ConsoleReplies::file)
        .orElseGet(() -> Reply.error(404, "not_found", "No such console file: " + path));
  }

  private static Reply file(ConsoleFiles.StaticFile f) {
    return new Reply(HttpResponseStatus.OK, f.body(), false, List.of(
        new Reply.Header(HttpHeaderNames.CONTENT_TYPE, f.contentType()),
        new Reply.Header(CSP, ConsoleFiles.CONTENT_SECURITY_POLICY),
        new Reply.Header(NOSNIFF, "nosniff"),
        new Reply.Header(REFERRER_POLICY, "no-referrer"),
        // The files change only with the jar; revalidating each load keeps an upgraded node's page current.
        new Reply.Header(HttpHeaderNames.CACHE_CONTROL, "no-cache")));
  }
}
