package io.demandflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** Proves the pinned image works; skipped (not failed) where there is no Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerRoundTripTest {

  @Container private static final KafkaContainer KAFKA = new KafkaContainer(KafkaImages.KAFKA);

  @Test
  void shouldReadBackRecordWhenProducedToContainer() throws Exception {
    // Given a topic on the container broker
    Map<String, Object> props = Map.of("bootstrap.servers", KAFKA.getBootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin
          .createTopics(List.of(new NewTopic("round-trip", 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    // When a record is produced
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("round-trip", "k", "v")).get(30, TimeUnit.SECONDS);
    }

    // Then it is consumed back
    Map<String, Object> consumerProps =
        Map.of(
            "bootstrap.servers",
            KAFKA.getBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "round-trip",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of("round-trip"));
      List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();
      Awaitility.await()
          .pollInSameThread()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
              });
      assertThat(seen).extracting(ConsumerRecord::value).containsExactly("v");
    }
  }
}
