package io.demandflow.domain.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An event that breaks SPEC R8 (or whose key does not match the event it carries), the one type for
 * both sides: the validating publisher throws it and sends nothing; the pipeline throws it and
 * Kafka Streams hands it to the dead-letter handler, which sends the record to the dead-letter
 * topic and lets processing go on.
 */
public final class InvalidEventException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The reason of a record whose key is not the key its event must be published under. */
  public static final String KEY_MISMATCH = "KEY_MISMATCH";

  private final String reason;

  private final transient List<Violation> violations;

  /** An invalid event without violations of its own, e.g. {@link #KEY_MISMATCH}. */
  public InvalidEventException(String reason, String message) {
    this(reason, message, List.of());
  }

  private InvalidEventException(String reason, String message, List<Violation> violations) {
    super(message);
    this.reason = reason;
    this.violations = List.copyOf(violations);
  }

  /**
   * From the validator's findings, as the pipeline reports them; the first violation names the
   * reason: {@code invalid order: [quantity: must be > 0 ..., region: ...]}.
   */
  public static InvalidEventException of(String eventType, List<Violation> violations) {
    return new InvalidEventException(
        violations.get(0).reason().name(), "invalid " + eventType + ": " + violations, violations);
  }

  /**
   * From the validator's findings for the event under {@code key}, as the publisher reports them:
   * {@code invalid order O-7: quantity: must be > 0 on a PLACED order, was 0; region: must be ...}.
   */
  public static InvalidEventException of(String eventType, String key, List<Violation> violations) {
    return new InvalidEventException(
        violations.get(0).reason().name(),
        "invalid "
            + eventType
            + " "
            + (key == null || key.isBlank() ? "(no key)" : key)
            + ": "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
        violations);
  }

  /** Machine-readable reason: a {@link Violation.Reason} name or {@link #KEY_MISMATCH}. */
  public String reason() {
    return reason;
  }

  /** Every violation found; empty for {@link #KEY_MISMATCH}. */
  public List<Violation> violations() {
    return violations;
  }
}
