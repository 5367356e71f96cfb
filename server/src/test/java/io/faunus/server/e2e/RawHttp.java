package io.faunus.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection on a plain socket, for what a well-behaved client will not do: stay idle, send a
 * byte at a time, use any method.
 */
final class RawHttp implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** A whole response: status, headers (names in lower case) and body text. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() throws IOException {
      return E2E.JSON.readTree(body);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  RawHttp write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /** Sends one request; {@code headers} are name, value pairs. */
  RawHttp request(String method, String path, String body, String... headers) throws IOException {
    StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < headers.length; i += 2) b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) b.append("Content-Length: ").append(bytes.length).append("\r\n");
    return write(b.append("\r\n").append(body).toString());
  }

  /** Sends one request and reads its response. */
  Response exchange(String method, String path, String body, String... headers) throws IOException {
    return request(method, path, body, headers).response(!method.equals("HEAD"));
  }

  Response response() throws IOException {
    return response(true);
  }

  /** Reads one response; {@code withBody} false for the answer to HEAD (Content-Length without a body). */
  Response response(boolean withBody) throws IOException {
    String status = line();
    if (status == null) throw new IOException("connection closed before a response");
    Map<String, String> headers = new HashMap<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
    byte[] body = in.readNBytes(length);
    return new Response(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c == -1) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
      if (c != '\r') line.write(c);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** Waits up to {@code waitMs} for the node to close the connection; true if it did. */
  boolean closedWithin(long waitMs) throws IOException {
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    try {
      while (true) {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
        if (leftMs <= 0) return false;
        socket.setSoTimeout((int) leftMs);
        if (in.read() == -1) return true; // bytes before the end (an answer) are skipped
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset: closed too
    } finally {
      if (!socket.isClosed()) socket.setSoTimeout(10_000);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
