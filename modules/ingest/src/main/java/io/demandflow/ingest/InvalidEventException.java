package io.demandflow.ingest;

import io.demandflow.domain.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An event that breaks the R8 rules and was therefore not sent. Lists every violation, e.g. {@code
 * invalid order O-7: quantity: must be > 0 on a PLACED order, was 0; region: must be ...}.
 */
public class InvalidEventException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public InvalidEventException(EventType type, String key, List<Violation> violations) {
    super(
        "invalid "
            + type
            + " "
            + (key == null || key.isBlank() ? "(no key)" : key)
            + ": "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
