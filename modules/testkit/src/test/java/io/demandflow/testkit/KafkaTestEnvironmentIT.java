package io.demandflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@KafkaIntegrationTest
class KafkaTestEnvironmentIT {

  private static final StringSerializer SER = new StringSerializer();
  private static final StringDeserializer DE = new StringDeserializer();

  @Test
  void shouldCreateDistinctTopicsWhenSameLogicalNameIsRequestedTwice(KafkaTestEnvironment kafka)
      throws Exception {
    // Given nothing but the shared broker
    // When the same logical names are asked for twice
    List<String> first = kafka.newTopics("orders", "allocations");
    List<String> second = kafka.newTopics("orders", "allocations");

    // Then four distinct, existing topics named after the logical name and the test class
    assertThat(first).hasSize(2).doesNotContainAnyElementsOf(second);
    assertThat(first.get(0)).startsWith("orders-kafkatestenvironmentit-");
    assertThat(kafka.adminClient().listTopics().names().get(30, TimeUnit.SECONDS))
        .containsAll(first)
        .containsAll(second);
  }

  @Test
  void shouldReadBackRecordsWhenProducedToFreshTopic(KafkaTestEnvironment kafka) {
    // Given a fresh topic
    String topic = kafka.newTopic("demand");

    // When records are produced
    kafka.produceAll(topic, SER, SER, List.of(Map.entry("sku-1", "3"), Map.entry("sku-2", "5")));

    // Then they are read back
    assertThat(kafka.consumeAll(topic, DE, DE, 2))
        .extracting(ConsumerRecord::key, ConsumerRecord::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("sku-1", "3"),
            org.assertj.core.groups.Tuple.tuple("sku-2", "5"));
  }

  @Test
  void shouldHideAbortedRecordsWhenReadingCommitted(KafkaTestEnvironment kafka) {
    // Given a one-partition topic with an aborted and then a committed transaction
    String topic = kafka.newTopics(1, "ledger").get(0);
    try (KafkaProducer<String, String> producer =
        kafka.newProducer(
            SER, SER, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueName("tx")))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
    }

    // When the topic is read with read_committed
    List<ConsumerRecord<String, String>> records = kafka.consumeAllCommitted(topic, DE, DE, 1);

    // Then only the committed record is seen
    assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
  }

  @Test
  void shouldExposeRegistryAndBrokerWhenClientPropertiesAreRequested(KafkaTestEnvironment kafka) {
    // Given the shared environment
    // When its client properties are read
    Map<String, Object> props = kafka.clientProperties();

    // Then they name the broker and the registry
    assertThat(props)
        .containsEntry("bootstrap.servers", kafka.bootstrapServers())
        .containsEntry("schema.registry.url", kafka.schemaRegistryUrl());
    assertThat(kafka.schemaRegistryUrl()).startsWith("http://");
    assertThat(kafka.backendType()).isEqualTo(KafkaBackendType.fromSystemProperty());
  }
}
