package io.demandflow.ingest.scenario;

import java.nio.file.Path;

/** A scenario line that cannot be read; the message is {@code <file>:<line>: <what is wrong>}. */
public class ScenarioFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int lineNumber;

  public ScenarioFormatException(Path file, int lineNumber, String problem, Throwable cause) {
    super(file + ":" + lineNumber + ": " + problem, cause);
    this.file = file;
    this.lineNumber = lineNumber;
  }

  public Path file() {
    return file;
  }

  public int lineNumber() {
    return lineNumber;
  }
}
