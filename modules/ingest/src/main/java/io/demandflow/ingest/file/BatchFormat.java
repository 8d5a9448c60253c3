package io.demandflow.ingest.file;

import java.nio.file.Path;
import java.util.Locale;

/** The formats of batch files an ERP exports: CSV with a header row, or JSON Lines. */
public enum BatchFormat {
  /** Comma-separated, header row of SPEC field names, RFC 4180 quoting. */
  CSV,
  /** One JSON object per line with SPEC field names (SPEC §4), {@code "event"} optional. */
  JSONL;

  /**
   * The format a file name says: {@code .csv} is CSV; {@code .jsonl}, {@code .ndjson} and {@code
   * .json} are JSON Lines.
   *
   * @throws IllegalArgumentException for any other extension
   */
  public static BatchFormat fromFileName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSONL;
    }
    throw new IllegalArgumentException(
        "cannot tell the format of "
            + file
            + " from its extension (.csv, .jsonl or .json); name it with --format");
  }
}
