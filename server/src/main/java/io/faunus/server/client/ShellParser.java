package io.faunus.server.client;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/** Tells JLine to keep reading lines (with the continuation prompt) while the query is incomplete. */
final class ShellParser extends DefaultParser {

  ShellParser() {
    setEscapeChars(null); // the query text goes to the node as typed
    setQuoteChars(new char[0]);
  }

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !line.strip().startsWith(".") && !Completeness.complete(line)) {
      throw new EOFError(-1, cursor, "the query continues: a bracket, string or comment is open");
    }
    return super.parse(line, cursor, context);
  }
}
