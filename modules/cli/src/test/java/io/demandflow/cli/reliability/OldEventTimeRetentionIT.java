package io.demandflow.cli.reliability;

import static io.demandflow.testkit.OrderFixtures.H200;
import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.Supply;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Events whose event time is a year old, published by a client that puts that time in the record
 * timestamp, into a broker whose retention check runs every second: nothing is deleted, every input
 * is processed and every decision stays readable (issue 16).
 */
class OldEventTimeRetentionIT {

  private static final int ORDERS = 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Instant YEAR_AGO = Instant.now().minus(Duration.ofDays(366));

  @Test
  void shouldProcessAndKeepEveryRecordWhenEventTimesAreAYearOld() throws Exception {
    try (TemporaryDirectory dir = TemporaryDirectory.create("old-event-times-");
        LocalKafkaStack stack =
            LocalKafkaStack.builder()
                .broker(
                    broker ->
                        broker
                            .dataDirectory(dir.path().resolve("kafka"))
                            .brokerProperty("log.retention.check.interval.ms", "1000")
                            .brokerProperty("log.initial.task.delay.ms", "0"))
                .start()) {
      DemandflowConfig config = configFor(stack, dir);
      TopicNames topics = TopicNames.from(config.asMap());
      try (DemandflowApp app = DemandflowApp.create(config).start()) {
        assertThat(app.awaitRunning(TIMEOUT)).isTrue();

        // Given supply, orders and then requests, all with year-old event times as timestamps
        Topics typed = Topics.of(topics, config.serdeConfig());
        try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                stack.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
          send(producer, typed.supply(), H200 + "|2026-03", supply());
          for (int i = 0; i < ORDERS; i++) {
            send(
                producer,
                typed.orders(),
                "o-" + i,
                order("o-" + i, 1).setEventTime(YEAR_AGO).build());
          }
          producer.flush();
          for (int i = 0; i < ORDERS; i++) {
            send(producer, typed.allocations(), "a-" + i, request(i));
          }
          producer.flush();
        }

        // When the pipeline has decided every request
        await().atMost(TIMEOUT).until(() -> decisions(stack, typed).size() == ORDERS);

        // Then through several retention checks, every input stays processed and nothing is
        // deleted, and every decision stays readable
        List<TopicPartition> partitions =
            partitionsOf(
                topics.orders(), topics.allocations(), topics.supply(), topics.decisions());
        try (Admin admin = Admin.create(stack.clientProperties())) {
          await()
              .during(Duration.ofSeconds(5))
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      earliestOffsets(admin, partitions).values().stream().allMatch(o -> o == 0)
                          && allProcessed(admin, config, topics));
        }
        Map<String, ConsumerRecord<String, AllocationDecision>> decided = decisions(stack, typed);
        assertThat(decided.keySet())
            .isEqualTo(
                IntStream.range(0, ORDERS).mapToObj(i -> "a-" + i).collect(Collectors.toSet()));
        assertThat(decided.values())
            .allSatisfy(r -> assertThat(r.value().getStatus()).isEqualTo(AllocationStatus.GRANTED));
        assertThat(inputTimestampTypes(stack, topics.orders()))
            .containsOnly(TimestampType.LOG_APPEND_TIME);
      }
    }
  }

  private static DemandflowConfig configFor(LocalKafkaStack stack, TemporaryDirectory dir) {
    return DemandflowConfig.builder()
        .with(DemandflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers())
        .with(DemandflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl())
        .with(DemandflowConfig.APPLICATION_ID, "old-event-times")
        .with(DemandflowConfig.TOPIC_PARTITIONS, "1")
        .with(StreamsConfig.STATE_DIR_CONFIG, dir.path().resolve("streams").toString())
        .build();
  }

  /** Sends like a client that copies the event time into the record timestamp. */
  private static <V> void send(
      KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V event) {
    byte[] value = topic.valueSerializer().serialize(topic.name(), event);
    producer.send(new ProducerRecord<>(topic.name(), null, YEAR_AGO.toEpochMilli(), key, value));
  }

  private static Supply supply() {
    return Supply.newBuilder()
        .setProduct(H200)
        .setPeriod("2026-03")
        .setUnits(1_000_000)
        .setEventTime(YEAR_AGO)
        .setSource("plan")
        .build();
  }

  private static AllocationRequest request(int i) {
    return AllocationRequest.newBuilder()
        .setAllocationId("a-" + i)
        .setOrderId("o-" + i)
        .setQuantity(5)
        .setAction(AllocationAction.REQUEST)
        .setEventTime(YEAR_AGO)
        .setSource("erp-test")
        .build();
  }

  private static Map<String, ConsumerRecord<String, AllocationDecision>> decisions(
      LocalKafkaStack stack, Topics topics) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, ConsumerRecord<String, AllocationDecision>> latest = new TreeMap<>();
    try (KafkaConsumer<String, AllocationDecision> consumer =
        new KafkaConsumer<>(
            props, topics.decisions().keyDeserializer(), topics.decisions().valueDeserializer())) {
      readAll(consumer, new TopicPartition(topics.decisions().name(), 0))
          .forEach(record -> latest.put(record.key(), record));
    }
    return latest;
  }

  private static List<TimestampType> inputTimestampTypes(LocalKafkaStack stack, String topic) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      return readAll(consumer, new TopicPartition(topic, 0)).stream()
          .map(ConsumerRecord::timestampType)
          .toList();
    }
  }

  private static <V> List<ConsumerRecord<String, V>> readAll(
      KafkaConsumer<String, V> consumer, TopicPartition partition) {
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    List<ConsumerRecord<String, V>> records = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (consumer.position(partition) < end && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  private static List<TopicPartition> partitionsOf(String... topics) {
    return java.util.Arrays.stream(topics).map(t -> new TopicPartition(t, 0)).toList();
  }

  private static Map<TopicPartition, Long> earliestOffsets(
      Admin admin, List<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    partitions.forEach(p -> earliest.put(p, OffsetSpec.earliest()));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin
        .listOffsets(earliest)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((p, info) -> offsets.put(p, info.offset()));
    return offsets;
  }

  /** The application's committed offset of each input partition is at its end. */
  private static boolean allProcessed(Admin admin, DemandflowConfig config, TopicNames topics)
      throws Exception {
    List<TopicPartition> inputs =
        partitionsOf(topics.orders(), topics.allocations(), topics.supply());
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    inputs.forEach(p -> latest.put(p, OffsetSpec.latest()));
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(config.get(DemandflowConfig.APPLICATION_ID))
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
    Set<TopicPartition> behind =
        inputs.stream()
            .filter(
                p -> committed.get(p) == null || committed.get(p).offset() < ends.get(p).offset())
            .collect(Collectors.toSet());
    return behind.isEmpty();
  }
}
