package io.faunus.model.schema;

import io.faunus.model.value.Value;
import io.faunus.model.value.Value.*;
import java.util.ArrayList;
import java.util.List;

/**
 * A path into a document's fields as written in index and constraint definitions: {@code name},
 * {@code .name}, {@code .address.city}, {@code .tags[0]}, {@code .["odd key"]}, {@code a['b']}
 * (spec §5.1). Segments are String keys or Integer indexes.
 */
public record FieldPath(List<Object> segments, String source) {

  /** Parses, or returns null when {@code text} is not a valid FQL path expression. */
  public static FieldPath parse(String text) {
    List<Object> segs = new ArrayList<>();
    int i = 0, n = text.length();
    if (i < n && text.charAt(i) == '.') i++;
    boolean first = true;
    while (i < n || first) {
      if (i >= n) return null;
      char c = text.charAt(i);
      if (c == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) return null;
        String inner = text.substring(i + 1, close).trim();
        if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')
            && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
          segs.add(inner.substring(1, inner.length() - 1));
        } else if (inner.matches("[0-9]+")) {
          segs.add(Integer.parseInt(inner));
        } else {
          return null;
        }
        i = close + 1;
      } else if (!first && c == '.') {
        i++;
        if (i < n && text.charAt(i) == '[') continue;
        int s = i;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) i++;
        if (s == i || !Character.isLetter(text.charAt(s)) && text.charAt(s) != '_') return null;
        segs.add(text.substring(s, i));
      } else if (first && (Character.isLetter(c) || c == '_')) {
        int s = i;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) i++;
        segs.add(text.substring(s, i));
      } else {
        return null;
      }
      first = false;
    }
    return segs.isEmpty() ? null : new FieldPath(List.copyOf(segs), text);
  }

  public String head() {
    return segments.get(0) instanceof String s ? s : null;
  }

  public boolean isSingle(String name) {
    return segments.size() == 1 && name.equals(segments.get(0));
  }

  /** The value at this path in {@code root} (null when absent). */
  public Value read(Value root) {
    Value cur = root;
    for (Object seg : segments) {
      cur = switch (cur) {
        case ObjectV o when seg instanceof String k -> o.get(k);
        case ArrayV a when seg instanceof Integer i -> i < a.elems().size() ? a.elems().get(i) : NullV.NULL;
        default -> NullV.NULL;
      };
    }
    return cur;
  }

  /** Dotted form without leading dot, for error paths ("address.city"). */
  public String display() {
    StringBuilder sb = new StringBuilder();
    for (Object seg : segments) {
      if (seg instanceof Integer i) sb.append('[').append(i).append(']');
      else sb.append(sb.isEmpty() ? "" : ".").append(seg);
    }
    return sb.toString();
  }
}
