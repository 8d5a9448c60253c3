package io.demandflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@KafkaIntegrationTest
class SharedBrokerFirstIT {

  @Test
  void shouldReuseOneBrokerWhenSeveralClassesRunInOneJvm(KafkaTestEnvironment kafka) {
    // Given the shared environment of this JVM
    // When this class records the address it was given
    SharedBrokerWitness.BOOTSTRAP_ADDRESSES.add(kafka.bootstrapServers());

    // Then every class so far saw the same broker, started once
    assertThat(SharedBrokerWitness.BOOTSTRAP_ADDRESSES).containsExactly(kafka.bootstrapServers());
    assertThat(SharedKafka.STARTS).hasValue(1);
  }
}
