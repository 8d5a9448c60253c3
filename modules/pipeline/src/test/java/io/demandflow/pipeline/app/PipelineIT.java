package io.demandflow.pipeline.app;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.events.CustomerDemand;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionDemand;
import io.demandflow.pipeline.errors.DeadLetterCounter;
import io.demandflow.pipeline.errors.DeadLetterHandlers;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.topics.Topic;
import io.demandflow.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The real application on a real broker: orders published through the registry serde, aggregates
 * read back from the output topics (read_committed, exactly-once), bad input in the dead-letter
 * topic.
 */
@KafkaIntegrationTest
class PipelineIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void shouldAggregateDemandWhenOrdersAreAmendedCancelledAndMoved(KafkaTestEnvironment kafka)
      throws Exception {
    try (RunningPipeline pipeline = RunningPipeline.start(kafka)) {
      Topics topics = pipeline.topics();
      // Given / When: placements, a stale and a duplicate revision, an amendment, a cancellation
      // and moves between customers and regions
      List<Order> orders =
          List.of(
              order("o-1", 1).setQuantity(10).build(),
              order("o-2", 1).setQuantity(5).build(),
              order("o-3", 1).setQuantity(7).setCustomerId("BETA").build(),
              order("o-1", 3).setQuantity(12).build(), // amendment: 10 -> 12
              order("o-1", 2).setQuantity(99).build(), // stale: ignored
              order("o-1", 3).setQuantity(50).build(), // duplicate: ignored
              order("o-2", 2).setStatus(OrderStatus.CANCELLED).build(), // cancellation
              order("o-3", 2).setQuantity(7).setCustomerId("ACME").setRegion("DE").build()); // move
      try (KafkaProducer<String, Order> producer = newProducer(kafka, topics.orders())) {
        for (Order o : orders) {
          producer.send(new ProducerRecord<>(topics.orders().name(), o.getOrderId(), o));
        }
      }

      // Then: o-1 (12, US) and o-3 (7, DE) remain, both ACME; BETA's row is gone
      Map<String, CustomerDemand> customers =
          awaitTable(
              kafka,
              topics.customerDemand(),
              table -> table.size() == 1 && table.get("ACME|H200-SXM-141GB").getOpenUnits() == 19);
      assertThat(customers.get("ACME|H200-SXM-141GB").getOpenOrders()).isEqualTo(2);
      assertThat(customers.get("ACME|H200-SXM-141GB").getOpenValue())
          .isEqualByComparingTo("570000.00");

      Map<String, RegionDemand> regions =
          awaitTable(kafka, topics.regionDemand(), table -> table.size() == 2);
      assertThat(regions.get("US|H200-SXM-141GB|2026-03").getOpenUnits()).isEqualTo(12);
      assertThat(regions.get("US|H200-SXM-141GB|2026-03").getEligibleUnits()).isEqualTo(12);
      assertThat(regions.get("DE|H200-SXM-141GB|2026-03").getOpenUnits()).isEqualTo(7);
    }
  }

  @Test
  void shouldSendBadRecordsToTheDeadLetterTopicAndGoOnWhenInputIsInvalid(KafkaTestEnvironment kafka)
      throws Exception {
    try (RunningPipeline pipeline = RunningPipeline.start(kafka)) {
      Topics topics = pipeline.topics();
      String ordersTopic = topics.orders().name();
      byte[] garbage = new byte[64];
      new Random(7).nextBytes(garbage);
      garbage[0] = 0; // looks like the wire format, then is not

      // Given random bytes, then a schema-valid order that breaks R8 (quantity -5), then a valid
      // one
      try (KafkaProducer<byte[], byte[]> raw =
          kafka.newProducer(new ByteArraySerializer(), new ByteArraySerializer())) {
        raw.send(
            new ProducerRecord<>(
                ordersTopic, "o-garbage".getBytes(StandardCharsets.UTF_8), garbage));
      }
      try (KafkaProducer<String, Order> producer = newProducer(kafka, topics.orders())) {
        producer.send(
            new ProducerRecord<>(ordersTopic, "o-bad", order("o-bad", 1).setQuantity(-5).build()));
        producer.send(
            new ProducerRecord<>(ordersTopic, "o-good", order("o-good", 1).setQuantity(4).build()));
      }

      // Then both bad records are in the DLQ with the documented headers
      List<ConsumerRecord<byte[], byte[]>> dead =
          kafka.consumeAllCommitted(
              topics.dlq().name(),
              topics.dlq().keyDeserializer(),
              topics.dlq().valueDeserializer(),
              2);
      assertThat(dead).hasSize(2);
      Map<String, Map<String, String>> headersByKey = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : dead) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
          headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        headersByKey.put(new String(record.key(), StandardCharsets.UTF_8), headers);
      }
      assertThat(headersByKey).containsOnlyKeys("o-garbage", "o-bad");
      assertThat(headersByKey.get("o-garbage"))
          .containsEntry(DeadLetterHandlers.REASON_HEADER, DeadLetterCounter.DESERIALIZATION)
          .containsEntry("__streams.errors.topic", ordersTopic)
          .containsKeys(
              "__streams.errors.partition",
              "__streams.errors.offset",
              "__streams.errors.exception");
      assertThat(headersByKey.get("o-bad"))
          .containsEntry(DeadLetterHandlers.REASON_HEADER, "INVALID_QUANTITY")
          .containsEntry("__streams.errors.topic", ordersTopic)
          .containsKeys("__streams.errors.partition", "__streams.errors.offset");
      assertThat(headersByKey.get("o-bad").get("__streams.errors.message")).contains("quantity");
      // The dead letter keeps the original bytes, so nothing is lost
      assertThat(dead).anySatisfy(r -> assertThat(r.value()).isEqualTo(garbage));

      // And the valid order after them is aggregated; nothing else is
      Map<String, CustomerDemand> customers =
          awaitTable(kafka, topics.customerDemand(), table -> !table.isEmpty());
      assertThat(customers).containsOnlyKeys("ACME|H200-SXM-141GB");
      assertThat(customers.get("ACME|H200-SXM-141GB").getOpenUnits()).isEqualTo(4);
      assertThat(pipeline.app().deadLetters().total()).isEqualTo(2);
      assertThat(pipeline.app().streams().state().isRunningOrRebalancing()).isTrue();
    }
  }

  private static <V> KafkaProducer<String, V> newProducer(
      KafkaTestEnvironment kafka, Topic<String, V> topic) {
    return kafka.newProducer(topic.keySerializer(), topic.valueSerializer());
  }

  /** Reads a changelog topic (read_committed) until its latest-per-key view satisfies the check. */
  private static <V> Map<String, V> awaitTable(
      KafkaTestEnvironment kafka,
      Topic<String, V> topic,
      java.util.function.Predicate<Map<String, V>> done) {
    Map<String, V> table = new HashMap<>();
    try (KafkaConsumer<String, V> consumer =
        kafka.newReadCommittedConsumer(topic.keyDeserializer(), topic.valueDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic.name())
          .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                  if (record.value() == null) {
                    table.remove(record.key());
                  } else {
                    table.put(record.key(), record.value());
                  }
                }
                return done.test(table);
              });
    }
    return table;
  }
}
