package io.faunus.server;

import io.faunus.model.query.SchemaRequest.Upload;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code multipart/form-data} bodies of {@code /schema/1} pushes (schema-v10.md §1.0): one part per file, the
 * file name is the part's form field {@code name} (fauna-shell sends {@code filename="blob"}, which is
 * ignored), the content is the part's body as UTF-8.
 */
final class Multipart {
  private Multipart() {}

  static final String NOT_MULTIPART = "Request is not a valid multipart request";
  static final String INVALID = "Invalid request";

  static List<Upload> parse(String contentType, byte[] body) throws BadRequest {
    String boundary = boundary(contentType);
    if (boundary == null) throw new BadRequest(NOT_MULTIPART);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Upload> out = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) throw new BadRequest(INVALID);
    while (true) {
      int after = at + delimiter.length;
      if (startsWith(body, after, "--")) return out; // the closing delimiter
      int headersStart = skipLine(body, after);
      if (headersStart < 0) throw new BadRequest(INVALID);
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
      if (headersEnd < 0) throw new BadRequest(INVALID);
      String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1);
      int contentStart = headersEnd + 4;
      int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), contentStart - 2);
      if (next < 0) throw new BadRequest(INVALID);
      int contentEnd = Math.max(contentStart, next);
      String name = fieldName(headers);
      if (name == null) throw new BadRequest(INVALID);
      out.add(new Upload(name, utf8(body, contentStart, contentEnd - contentStart)));
      at = next + 2;
    }
  }

  /** The {@code boundary} parameter of a multipart content type, or null. */
  static String boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) return null;
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring("boundary=".length());
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
        return b.isEmpty() ? null : b;
      }
    }
    return null;
  }

  /** {@code name="…"} of the part's Content-Disposition (a browser-style {@code %22} for quotes is decoded). */
  private static String fieldName(String headers) {
    for (String line : headers.split("\r\n")) {
      if (!line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) continue;
      for (String param : line.substring(line.indexOf(':') + 1).split(";")) {
        String p = param.strip();
        if (!p.toLowerCase(Locale.ROOT).startsWith("name=")) continue;
        String v = p.substring(5);
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
        // Header bytes are UTF-8 in practice (undici sends the name as given); reread them so.
        return new String(v.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).replace("%22", "\"");
      }
    }
    return null;
  }

  private static String utf8(byte[] b, int off, int len) throws BadRequest {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest(INVALID);
    }
  }

  private static int skipLine(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i + 2;
    return -1;
  }

  private static boolean startsWith(byte[] b, int at, String s) {
    if (at + s.length() > b.length) return false;
    for (int i = 0; i < s.length(); i++) if (b[at + i] != s.charAt(i)) return false;
    return true;
  }

  /** Naive search: bodies are at most 8 MiB and the delimiter rarely repeats its own prefix. */
  private static int indexOf(byte[] b, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i + needle.length <= b.length; i++) {
      for (int j = 0; j < needle.length; j++) if (b[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
