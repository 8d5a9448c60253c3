package io.demandflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class SharedKafkaExtensionTest {

  @Test
  void shouldSkipWhenTestcontainersIsChosenWithoutDocker() {
    // Given the Testcontainers backend and no Docker engine
    // When the extension decides whether to run a test
    ConditionEvaluationResult result =
        SharedKafkaExtension.evaluate(KafkaBackendType.TESTCONTAINERS, () -> false);

    // Then the test is disabled, with the reason
    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).hasValueSatisfying(r -> assertThat(r).contains("Docker"));
  }

  @Test
  void shouldRunWhenEmbeddedIsChosenWithoutDocker() {
    // Given the embedded backend and no Docker engine
    // When the extension decides whether to run a test
    ConditionEvaluationResult result =
        SharedKafkaExtension.evaluate(KafkaBackendType.EMBEDDED, () -> false);

    // Then the test runs
    assertThat(result.isDisabled()).isFalse();
  }

  @Test
  void shouldDefaultToEmbeddedWhenPropertyIsAbsent() {
    // Given no value, When parsed, Then the embedded backend is chosen
    assertThat(KafkaBackendType.parse(null)).isEqualTo(KafkaBackendType.EMBEDDED);
    assertThat(KafkaBackendType.parse(" ")).isEqualTo(KafkaBackendType.EMBEDDED);
    assertThat(KafkaBackendType.parse("TestContainers")).isEqualTo(KafkaBackendType.TESTCONTAINERS);
  }

  @Test
  void shouldRejectValueWhenBackendIsUnknown() {
    // Given a misspelt backend, When parsed, Then the error names the property
    assertThatThrownBy(() -> KafkaBackendType.parse("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(KafkaBackendType.SYSTEM_PROPERTY);
  }
}
