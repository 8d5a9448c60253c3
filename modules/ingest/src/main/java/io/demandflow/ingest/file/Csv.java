package io.demandflow.ingest.file;

import io.demandflow.ingest.json.EventFormatException;
import java.util.ArrayList;
import java.util.List;

/** The CSV cell rules of batch files: {@code ,} separates, RFC 4180 double quotes protect. */
final class Csv {

  private Csv() {}

  /** The cells of one line; a quoted cell loses its quotes and {@code ""} becomes {@code "}. */
  static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new EventFormatException(null, "unterminated quote (a cell cannot span lines)");
    }
    cells.add(cell.toString());
    return cells;
  }

  /** A cell as CSV: quoted when it holds {@code ,}, {@code "} or leading/trailing spaces. */
  static String quote(String cell) {
    if (cell.contains(",") || cell.contains("\"") || !cell.equals(cell.strip())) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }
}
