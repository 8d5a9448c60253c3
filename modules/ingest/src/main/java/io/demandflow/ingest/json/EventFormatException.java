package io.demandflow.ingest.json;

/**
 * An input event in JSON (or a batch-file line turned into JSON) that does not match its schema: a
 * missing, mistyped or unknown field, an unknown enum symbol or event type, a decimal that would
 * need rounding. The message names the field and what is wrong.
 */
public class EventFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the offending field, or null when the problem is not about one field
   * @param message what is wrong
   */
  public EventFormatException(String field, String message) {
    super(field == null ? message : field + ": " + message);
    this.field = field;
  }

  /** The offending field, or null when the problem is not about one field. */
  public String field() {
    return field;
  }
}
