package io.demandflow.testkit;

import java.util.Locale;

/**
 * Which broker the shared test environment runs, chosen with the system property {@value
 * #SYSTEM_PROPERTY}.
 *
 * <p>Why: the embedded broker is fast and needs no Docker, so it is the default for every developer
 * machine and CI runner; the Testcontainers broker is the stock {@code apache/kafka} image, useful
 * to confirm that nothing depends on running in the same JVM as the broker. Both give tests the
 * same {@link KafkaTestEnvironment}.
 */
public enum KafkaBackendType {
  /** An in-process KRaft broker ({@code demandflow-embedded}); the default. */
  EMBEDDED,
  /** A Testcontainers {@code apache/kafka} container; tests are skipped without Docker. */
  TESTCONTAINERS;

  /**
   * System property selecting the backend: {@code embedded} (default) or {@code testcontainers}.
   */
  public static final String SYSTEM_PROPERTY = "demandflow.test.kafka";

  /**
   * The backend named by {@value #SYSTEM_PROPERTY}.
   *
   * @return the selected backend, {@link #EMBEDDED} when the property is absent or blank
   * @throws IllegalArgumentException for an unknown name
   */
  public static KafkaBackendType fromSystemProperty() {
    return parse(System.getProperty(SYSTEM_PROPERTY));
  }

  /**
   * Parses a backend name, case-insensitively.
   *
   * @param value {@code embedded}, {@code testcontainers}, or null/blank for the default
   * @return the backend
   * @throws IllegalArgumentException for an unknown name
   */
  public static KafkaBackendType parse(String value) {
    if (value == null || value.isBlank()) {
      return EMBEDDED;
    }
    String normalized = value.trim().toLowerCase(Locale.ROOT);
    switch (normalized) {
      case "embedded":
        return EMBEDDED;
      case "testcontainers":
        return TESTCONTAINERS;
      default:
        throw new IllegalArgumentException(
            SYSTEM_PROPERTY + "=" + value + ": expected embedded or testcontainers");
    }
  }
}
