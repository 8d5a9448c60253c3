package io.demandflow.ingest.file;

/**
 * A batch file that cannot be read at all (no header, unknown or missing columns), as opposed to
 * single bad lines, which are {@link BatchLine}s with a problem.
 */
public class BatchFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BatchFormatException(String message) {
    super(message);
  }
}
