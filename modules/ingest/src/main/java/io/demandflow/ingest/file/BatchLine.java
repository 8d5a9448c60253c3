package io.demandflow.ingest.file;

import org.apache.avro.specific.SpecificRecord;

/**
 * One data line of a batch file with its verdict: either a valid event, or the problem that keeps
 * it from being published.
 *
 * @param lineNumber 1-based line number in the file (the CSV header is line 1)
 * @param text the line as read
 * @param event the event, when the line is valid; null otherwise
 * @param problem what is wrong, when it is not; null otherwise
 */
public record BatchLine(int lineNumber, String text, SpecificRecord event, String problem) {

  static BatchLine valid(int lineNumber, String text, SpecificRecord event) {
    return new BatchLine(lineNumber, text, event, null);
  }

  static BatchLine rejected(int lineNumber, String text, String problem) {
    return new BatchLine(lineNumber, text, null, problem);
  }

  public boolean isValid() {
    return problem == null;
  }
}
