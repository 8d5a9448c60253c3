package io.demandflow.pipeline.errors;

import io.demandflow.domain.validation.Violation;
import java.util.List;

/**
 * Thrown by the pipeline for a record that decodes but breaks SPEC R8 (or whose key does not match
 * the event it carries). Kafka Streams hands it to {@link DeadLetterHandlers.Processing}, which
 * sends the record to the dead-letter topic and lets processing go on.
 */
public final class InvalidEventException extends RuntimeException {

  /** The reason of a record whose key is not the key its event must be published under. */
  public static final String KEY_MISMATCH = "KEY_MISMATCH";

  private final String reason;

  public InvalidEventException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** From the validator's findings; the first violation names the reason. */
  public static InvalidEventException of(String eventType, List<Violation> violations) {
    return new InvalidEventException(
        violations.get(0).reason().name(), "invalid " + eventType + ": " + violations);
  }

  /** Machine-readable reason: a {@link Violation.Reason} name or {@link #KEY_MISMATCH}. */
  public String reason() {
    return reason;
  }
}
