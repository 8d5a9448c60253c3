package io.demandflow.testkit;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Names unique in the JVM, {@code <logical>-<owner>-<n>}, for the topics, consumer groups and
 * client ids of one test class on the shared broker; readable in broker logs.
 */
final class UniqueNames {

  private static final int MAX_TOPIC_NAME = 249;

  private final String owner;
  private final LongSupplier numbers;

  /**
   * Names for one owner.
   *
   * @param owner the test class (any characters; cleaned for Kafka)
   * @param numbers the JVM-wide sequence that makes names unique
   */
  UniqueNames(String owner, LongSupplier numbers) {
    this.owner = sanitize(owner);
    this.numbers = numbers;
  }

  /**
   * The next unique name, cut from the front if longer than a topic name may be.
   *
   * @param logicalName readable prefix
   * @return the unique name
   */
  String next(String logicalName) {
    String name = sanitize(logicalName) + "-" + owner + "-" + numbers.getAsLong();
    return name.length() <= MAX_TOPIC_NAME ? name : name.substring(name.length() - MAX_TOPIC_NAME);
  }

  private static String sanitize(String raw) {
    Objects.requireNonNull(raw, "name");
    String cleaned = raw.replaceAll("[^A-Za-z0-9._-]", "-").toLowerCase(Locale.ROOT);
    return cleaned.isEmpty() ? UUID.randomUUID().toString() : cleaned;
  }
}
