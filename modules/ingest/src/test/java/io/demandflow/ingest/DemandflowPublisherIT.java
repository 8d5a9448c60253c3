package io.demandflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demandflow.domain.validation.InvalidEventException;
import io.demandflow.domain.validation.Violation;
import io.demandflow.events.Order;
import io.demandflow.events.Supply;
import io.demandflow.registry.SpecificAvroSerde;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@KafkaIntegrationTest
class DemandflowPublisherIT {

  @Test
  void shouldPublishEachEventToItsTopicWithItsKeyWhenValid(KafkaTestEnvironment kafka) {
    // Given
    List<String> topics = kafka.newTopics("orders", "supply");
    Map<String, Object> config = config(kafka);
    config.put(EventType.ORDER.topicConfigKey(), topics.get(0));
    config.put(EventType.SUPPLY.topicConfigKey(), topics.get(1));
    Order order = OrderFixtures.order("O-1", 1).build();

    // When
    try (DemandflowPublisher publisher = DemandflowPublisher.create(config)) {
      publisher.publish(order).join();
      publisher.publish(IngestFixtures.supply()).join();
    }

    // Then: readable with the registry serde, keyed as the pipeline expects
    ConsumerRecord<String, Order> orderRecord =
        read(kafka, topics.get(0), Order.class, config).get(0);
    ConsumerRecord<String, Supply> supplyRecord =
        read(kafka, topics.get(1), Supply.class, config).get(0);
    assertThat(orderRecord.key()).isEqualTo("O-1");
    assertThat(orderRecord.value()).isEqualTo(order);
    assertThat(supplyRecord.key()).isEqualTo("H200-SXM-141GB|2026-03");
    assertThat(supplyRecord.value()).isEqualTo(IngestFixtures.supply());
  }

  @Test
  void shouldRefuseAndSendNothingWhenTheEventBreaksR8(KafkaTestEnvironment kafka) {
    // Given
    String topic = kafka.newTopic("orders");
    Map<String, Object> config = config(kafka);
    config.put(EventType.ORDER.topicConfigKey(), topic);
    Order invalid = OrderFixtures.order("O-1", 1).setQuantity(0).setRegion("China").build();

    // When / Then
    try (DemandflowPublisher publisher = DemandflowPublisher.create(config)) {
      assertThatThrownBy(() -> publisher.publish(invalid))
          .isInstanceOfSatisfying(
              InvalidEventException.class,
              e ->
                  assertThat(e.violations())
                      .extracting(Violation::field)
                      .containsExactlyInAnyOrder("region", "quantity"))
          .hasMessageStartingWith("invalid order O-1: ");
      publisher.publish(OrderFixtures.order("O-2", 1).build()).join();
    }
    // only the valid one arrived
    assertThat(read(kafka, topic, Order.class, config))
        .extracting(ConsumerRecord::key)
        .containsExactly("O-2");
  }

  @Test
  void shouldForceIdempotenceAndAcksAllWhenConfigTriesOtherwise() {
    // Given
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.ACKS_CONFIG, "1");
    config.put("application.id", "a streams setting that must not reach the producer");

    // When
    Properties props = DemandflowPublisher.producerProperties(config);

    // Then
    assertThat(props)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
        .doesNotContainKey("application.id");
  }

  private static Map<String, Object> config(KafkaTestEnvironment kafka) {
    Map<String, Object> config = kafka.clientProperties();
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    return config;
  }

  private static <T extends org.apache.avro.specific.SpecificRecord>
      List<ConsumerRecord<String, T>> read(
          KafkaTestEnvironment kafka, String topic, Class<T> type, Map<String, Object> config) {
    try (SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type)) {
      serde.configure(config, false);
      return kafka.consumeAll(topic, new StringDeserializer(), serde.deserializer(), 1);
    }
  }
}
