package io.demandflow.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for composite record keys: parts joined with {@code |}, e.g. {@code
 * H200-SXM-141GB|2026-03} or {@code cn-cloud-east|CN}. Shared by the pipeline (which reads and
 * re-keys) and the ingest library (which writes input keys), so both always agree.
 *
 * <p>A part that itself contains {@code |} or {@code \} has it escaped with {@code \}, so that
 * every key splits back into the parts it was built from; ordinary ids are left as they are.
 */
public final class CompositeKeys {

  public static final char SEPARATOR = '|';
  private static final char ESCAPE = '\\';

  private CompositeKeys() {}

  /** Joins parts with {@code |}, escaping separators inside a part. */
  public static String join(String... parts) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new IllegalArgumentException("key part " + i + " is null");
      }
      if (i > 0) {
        key.append(SEPARATOR);
      }
      for (char c : parts[i].toCharArray()) {
        if (c == SEPARATOR || c == ESCAPE) {
          key.append(ESCAPE);
        }
        key.append(c);
      }
    }
    return key.toString();
  }

  /** Splits a key built by {@link #join} back into its parts. */
  public static List<String> split(String key) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ESCAPE && i + 1 < key.length()) {
        part.append(key.charAt(++i));
      } else if (c == SEPARATOR) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return List.copyOf(parts);
  }
}
