package io.demandflow.domain.validation;

/**
 * One way an event breaks the meaning of its schema (SPEC R8).
 *
 * @param reason machine-readable reason, used for metrics and dead-letter headers
 * @param field the offending field
 * @param message what is wrong, for people
 */
public record Violation(Reason reason, String field, String message) {

  /** Reasons an event is refused; bounded, so they can tag metrics. */
  public enum Reason {
    BLANK_ID,
    INVALID_QUANTITY,
    INVALID_REGION,
    INVALID_PERIOD,
    NEGATIVE_PRICE,
    NEGATIVE_UNITS,
    INVALID_RATE,
    UNKNOWN_SYMBOL,
    MISSING_FIELD
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
