package io.demandflow.testkit;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests one shared Kafka broker and schema registry per test JVM, and a
 * fresh {@link KafkaTestEnvironment} per test.
 *
 * <p>Why shared: starting a broker costs seconds while creating a topic costs milliseconds, so
 * isolation comes from fresh topic names per test ({@link KafkaTestEnvironment#newTopics}), not
 * from fresh brokers. The backend is started lazily by the first test that asks for it, kept in
 * JUnit's root store and closed by JUnit when the run ends (the store closes {@link AutoCloseable}
 * values; {@code Store.CloseableResource} is deprecated since JUnit 5.13).
 *
 * <p>The backend is chosen with {@code -D}{@value KafkaBackendType#SYSTEM_PROPERTY}{@code
 * =embedded|testcontainers}. With {@code testcontainers} and no Docker engine, the tests are
 * reported as skipped, never as failed.
 *
 * <p>Use it through {@link KafkaIntegrationTest}.
 */
public final class SharedKafkaExtension implements ExecutionCondition, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedKafkaExtension.class);

  /** Creates the extension; JUnit calls this. */
  public SharedKafkaExtension() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return evaluate(KafkaBackendType.fromSystemProperty(), DockerAvailability::isDockerAvailable);
  }

  static ConditionEvaluationResult evaluate(KafkaBackendType type, BooleanSupplier docker) {
    if (type == KafkaBackendType.TESTCONTAINERS && !docker.getAsBoolean()) {
      return ConditionEvaluationResult.disabled(
          KafkaBackendType.SYSTEM_PROPERTY
              + "=testcontainers but no Docker engine is available: skipping Kafka tests");
    }
    return ConditionEvaluationResult.enabled("Kafka backend: " + type);
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == KafkaTestEnvironment.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    try {
      SharedKafka shared = sharedKafka(extensionContext);
      // One environment per extension context: a test method gets its own (closed after the
      // test), constructor injection gets one per class instance context.
      return extensionContext
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(
              KafkaTestEnvironment.class,
              key ->
                  new KafkaTestEnvironment(
                      shared.backend(), shared::nextTopicNumber, ownerName(extensionContext)),
              KafkaTestEnvironment.class);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("cannot provide a Kafka test environment", e);
    }
  }

  private static SharedKafka sharedKafka(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedKafka.class,
            key -> SharedKafka.start(KafkaBackendType.fromSystemProperty()),
            SharedKafka.class);
  }

  private static String ownerName(ExtensionContext context) {
    return context.getTestClass().map(Class::getSimpleName).orElse("test");
  }
}
