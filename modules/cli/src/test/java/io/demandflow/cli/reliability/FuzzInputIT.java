package io.demandflow.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.Supply;
import io.demandflow.ingest.EventType;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicProvisioner;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bad input at volume (SPEC R8): random bytes, truncated Avro records and schema-valid events that
 * break the rules, mixed into simulator traffic. Every bad record must land in the dead-letter
 * topic with its headers, every good one must count (the demand tables equal those of a run over
 * the good records alone), and the application must stay RUNNING throughout.
 */
@Tag("slow")
class FuzzInputIT {

  private static final Logger LOG = LoggerFactory.getLogger(FuzzInputIT.class);
  private static final int VALID_EVENTS = Integer.getInteger("demandflow.fuzz.events", 20_000);
  private static final double BAD_SHARE = 0.05;
  private static final long SEED = 4242L;

  @TempDir Path directory;

  @Test
  void shouldDeadLetterEveryBadRecordAndCountEveryGoodOneWhenBadInputIsMixedIn() throws Exception {
    Scenario scenario = Scenario.generate(SEED, VALID_EVENTS);
    Random random = new Random(SEED);
    try (LocalKafkaStack stack =
        LocalKafkaStack.builder()
            .broker(b -> b.dataDirectory(directory.resolve("kafka")))
            .start()) {
      DemandflowConfig fuzzed = config(stack, "fuzzed");
      DemandflowConfig clean = config(stack, "clean");
      TopicNames fuzzedTopics = TopicNames.from(fuzzed.asMap());
      TopicNames cleanTopics = TopicNames.from(clean.asMap());
      TopicProvisioner.ensureTopics(fuzzed, fuzzedTopics);
      TopicProvisioner.ensureTopics(clean, cleanTopics);

      try (DemandflowApp fuzzedApp = DemandflowApp.create(fuzzed).start();
          DemandflowApp cleanApp = DemandflowApp.create(clean).start()) {
        // Given / When: the same good events to both, bad ones mixed into the fuzzed run's inputs
        Map<String, Integer> badByKind = new TreeMap<>();
        publish(stack, scenario, fuzzed, clean, random, badByKind);
        int bad = badByKind.values().stream().mapToInt(Integer::intValue).sum();

        // Then: both runs process everything and stay RUNNING
        await("fuzzed run done")
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofSeconds(2))
            .ignoreExceptions()
            .until(
                () ->
                    PipelineOutputs.fullyProcessed(
                        stack.clientProperties(), appId(fuzzed), inputs(fuzzedTopics)));
        await("clean run done")
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofSeconds(2))
            .ignoreExceptions()
            .until(
                () ->
                    PipelineOutputs.fullyProcessed(
                        stack.clientProperties(), appId(clean), inputs(cleanTopics)));
        assertThat(fuzzedApp.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(cleanApp.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);

        // ... every bad record is a dead letter with its headers
        var deadLetters =
            PipelineOutputs.readAll(
                stack.clientProperties(), fuzzedTopics.dlq(), new ByteArrayDeserializer());
        Map<String, Integer> reasons = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> letter : deadLetters) {
          assertThat(header(letter, "__streams.errors.topic"))
              .isIn(
                  fuzzedTopics.orders(),
                  fuzzedTopics.allocations(),
                  fuzzedTopics.supply(),
                  fuzzedTopics.licenses(),
                  fuzzedTopics.policies());
          assertThat(header(letter, "__streams.errors.offset")).isNotBlank();
          assertThat(header(letter, "__streams.errors.exception")).isNotBlank();
          reasons.merge(header(letter, "demandflow.errors.reason"), 1, Integer::sum);
        }
        LOG.info(
            "fuzz figures: goodEvents={} badRecords={} byKind={} deadLetters={} byReason={}",
            VALID_EVENTS,
            bad,
            badByKind,
            deadLetters.size(),
            reasons);
        assertThat(deadLetters).hasSize(bad);
        assertThat(reasons).doesNotContainKey(null);

        // ... and every good one counted: the demand tables equal the run without bad input
        PipelineOutputs fuzzedOut =
            PipelineOutputs.read(stack.clientProperties(), fuzzedTopics, fuzzed.serdeConfig());
        PipelineOutputs cleanOut =
            PipelineOutputs.read(stack.clientProperties(), cleanTopics, clean.serdeConfig());
        assertThat(cleanOut.deadLetters()).isZero();
        assertThat(fuzzedOut.customerDemand()).isNotEmpty().isEqualTo(cleanOut.customerDemand());
        assertThat(fuzzedOut.regionDemand()).isEqualTo(cleanOut.regionDemand());
        assertThat(LedgerChecks.latestPerAllocation(fuzzedOut.decisions()).keySet())
            .isEqualTo(LedgerChecks.latestPerAllocation(cleanOut.decisions()).keySet());
      }
    }
  }

  private static void publish(
      LocalKafkaStack stack,
      Scenario scenario,
      DemandflowConfig fuzzed,
      DemandflowConfig clean,
      Random random,
      Map<String, Integer> badByKind) {
    Topics fuzzedTopics = Topics.of(TopicNames.from(fuzzed.asMap()), fuzzed.serdeConfig());
    Topics cleanTopics = Topics.of(TopicNames.from(clean.asMap()), clean.serdeConfig());
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (SpecificRecord event : scenario.events()) {
        EventType type = EventType.of(event);
        String key = type.keyOf(event);
        Topic<String, SpecificRecord> fuzzedTopic = type.topic(fuzzedTopics);
        producer.send(new ProducerRecord<>(fuzzedTopic.name(), key, serialize(fuzzedTopic, event)));
        Topic<String, SpecificRecord> cleanTopic = type.topic(cleanTopics);
        producer.send(new ProducerRecord<>(cleanTopic.name(), key, serialize(cleanTopic, event)));
        if (random.nextDouble() < BAD_SHARE) {
          sendBad(producer, random, event, fuzzedTopic, key, badByKind);
        }
      }
      producer.flush();
    }
  }

  private static void sendBad(
      KafkaProducer<String, byte[]> producer,
      Random random,
      SpecificRecord good,
      Topic<String, SpecificRecord> topic,
      String key,
      Map<String, Integer> badByKind) {
    int kind = random.nextInt(3);
    byte[] value;
    String badKind;
    if (kind == 0) {
      // Random bytes; a first byte other than the wire format's magic 0.
      value = new byte[1 + random.nextInt(64)];
      random.nextBytes(value);
      value[0] = (byte) (1 + random.nextInt(127));
      badKind = "random-bytes";
    } else if (kind == 1) {
      byte[] whole = serialize(topic, good);
      value = Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
      badKind = "truncated-avro";
    } else {
      SpecificRecord invalid = breakRules(good, random);
      if (invalid == null) {
        return;
      }
      value = serialize(topic, invalid);
      badKind = "invalid-" + EventType.of(invalid).typeName();
    }
    producer.send(new ProducerRecord<>(topic.name(), key, value));
    badByKind.merge(badKind, 1, Integer::sum);
  }

  /** A copy of {@code good} that is schema-valid but breaks an R8 rule; null for other types. */
  private static SpecificRecord breakRules(SpecificRecord good, Random random) {
    if (good instanceof Order order) {
      return switch (random.nextInt(3)) {
        case 0 -> Order.newBuilder(order).setQuantity(0).setStatus(OrderStatus.PLACED).build();
        case 1 -> Order.newBuilder(order).setUnitPrice(new BigDecimal("-1.00")).build();
        default -> Order.newBuilder(order).setRegion("usa").build();
      };
    }
    if (good instanceof Supply supply) {
      return random.nextBoolean()
          ? Supply.newBuilder(supply).setUnits(-5).build()
          : Supply.newBuilder(supply).setPeriod("2026-13").build();
    }
    if (good instanceof AllocationRequest request) {
      return AllocationRequest.newBuilder(request).setAllocationId(" ").build();
    }
    return null;
  }

  private static byte[] serialize(Topic<String, SpecificRecord> topic, SpecificRecord event) {
    return topic.valueSerializer().serialize(topic.name(), event);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Set<String> inputs(TopicNames topics) {
    return Set.of(topics.orders(), topics.allocations(), topics.supply());
  }

  private static String appId(DemandflowConfig config) {
    return config.get(DemandflowConfig.APPLICATION_ID);
  }

  private DemandflowConfig config(LocalKafkaStack stack, String name) {
    String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new HashMap<>();
    settings.put(DemandflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    settings.put(DemandflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    settings.put(DemandflowConfig.APPLICATION_ID, id);
    settings.put("state.dir", directory.resolve(id).toString());
    for (String key : TopicNames.KEYS) {
      settings.put(key, id + "." + key.substring("demandflow.topic.".length()));
    }
    return DemandflowConfig.of(settings);
  }
}
