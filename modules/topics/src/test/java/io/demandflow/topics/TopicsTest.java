package io.demandflow.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.demandflow.events.CustomerDemand;
import io.demandflow.registry.MockSchemaRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicsTest {

  private final String scope = "topics-" + UUID.randomUUID();
  private final Map<String, String> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void shouldNameEachTopicAsConfiguredWhenBuiltFromNames() {
    // Given
    TopicNames names =
        TopicNames.from(
            Map.of("demandflow.topic.orders", "t1.orders", "demandflow.topic.dlq", "t1.dlq"));

    // When
    Topics topics = Topics.of(names, serdeConfig);

    // Then
    assertThat(topics.names()).isEqualTo(names);
    assertThat(topics.orders().name()).isEqualTo("t1.orders");
    assertThat(topics.dlq().name()).isEqualTo("t1.dlq");
    assertThat(topics.supply().name()).isEqualTo("demandflow.supply.v1");
  }

  @Test
  void shouldWriteRegistryAvroUnderTheTopicsValueSubjectWhenATopicCarriesEvents() {
    // Given
    Topic<String, CustomerDemand> topic =
        Topics.of(TopicNames.defaults(), serdeConfig).customerDemand();
    CustomerDemand row =
        CustomerDemand.newBuilder()
            .setCustomerId("ACME")
            .setProduct("H200")
            .setOpenUnits(10)
            .setOpenValue(new BigDecimal("300000.00"))
            .setOpenOrders(1)
            .build();

    // When
    byte[] key = topic.keySerializer().serialize(topic.name(), "ACME|H200");
    byte[] value = topic.valueSerializer().serialize(topic.name(), row);

    // Then: a UTF-8 key, the Confluent wire format (magic byte 0) and the subject <topic>-value
    assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("ACME|H200");
    assertThat(value[0]).isZero();
    assertThat(MockSchemaRegistry.getClientForScope(scope).getAllSubjects())
        .containsExactly("demandflow.demand.customer.v1-value");
    assertThat(topic.valueDeserializer().deserialize(topic.name(), value)).isEqualTo(row);
  }

  @Test
  void shouldCarryStringsOnControlTopicsAndBytesOnTheDeadLetterTopic() {
    // Given
    Topics topics = Topics.of(TopicNames.defaults(), serdeConfig);

    // When / Then
    assertThat(topics.signalsEvaluate().valueSerde()).isInstanceOf(Serdes.String().getClass());
    assertThat(topics.allocationFlush().valueSerde()).isInstanceOf(Serdes.String().getClass());
    assertThat(topics.dlq().keySerde()).isInstanceOf(Serdes.ByteArray().getClass());
    assertThat(topics.dlq().valueSerde()).isInstanceOf(Serdes.ByteArray().getClass());
  }

  @Test
  void shouldRejectATopicWhenItHasNoName() {
    // Given / When / Then
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Topic<>(" ", Serdes.String(), Serdes.String()))
        .withMessageContaining("needs a name");
  }
}
