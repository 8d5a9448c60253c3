package io.demandflow.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility} so that
 * "compatible" means exactly "Avro schema resolution will succeed".
 *
 * <p>BACKWARD: consumers on the new schema read data written with the old one. FORWARD: consumers
 * on the old schema read data written with the new one. FULL: both. The plain levels compare with
 * the latest version, the {@code _TRANSITIVE} ones with every version.
 */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /**
   * Why {@code candidate} may not follow {@code history} (oldest first); empty when it may.
   *
   * @return one human-readable line per incompatibility
   */
  public List<String> incompatibilities(Schema candidate, List<Schema> history) {
    List<String> problems = new ArrayList<>();
    if (history.isEmpty()) {
      return problems;
    }
    List<Schema> targets = transitive ? history : List.of(history.get(history.size() - 1));
    for (Schema existing : targets) {
      if (backward) {
        problems.addAll(check(candidate, existing, "new schema cannot read data written by"));
      }
      if (forward) {
        problems.addAll(check(existing, candidate, "data written by new schema cannot be read by"));
      }
    }
    return problems;
  }

  private static List<String> check(Schema reader, Schema writer, String what) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (Incompatibility i : result.getIncompatibilities()) {
      lines.add(
          what
              + " an earlier version: "
              + i.getType()
              + " at "
              + i.getLocation()
              + " ("
              + i.getMessage()
              + ")");
    }
    return lines;
  }

  /** Parses a level name as sent in {@code PUT /config}, case-insensitively. */
  public static CompatibilityLevel parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ErrorCodes.error(
          null, ErrorCodes.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level: " + name);
    }
  }
}
