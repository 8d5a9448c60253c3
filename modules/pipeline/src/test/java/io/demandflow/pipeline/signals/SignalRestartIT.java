package io.demandflow.pipeline.signals;

import static io.demandflow.testkit.OrderFixtures.H200;
import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.events.Order;
import io.demandflow.events.ProductionSignal;
import io.demandflow.events.SignalKind;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.SignalEvaluationState;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A restart between two evaluations neither loses nor repeats a signal (SPEC R7): the real
 * application under exactly_once_v2 on a real broker, stopped and started again with the same
 * application id, once on its own state directory and once on a wiped one (state restored from the
 * changelog).
 */
@KafkaIntegrationTest
class SignalRestartIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PERIOD = "2026-03";
  private static final String KEY = Keys.join(H200, PERIOD);

  @Test
  void shouldNeitherLoseNorRepeatASignalWhenTheApplicationRestartsBetweenEvaluations(
      KafkaTestEnvironment kafka) throws Exception {
    Path stateDir = Files.createTempDirectory("demandflow-signal-restart-");
    DemandflowConfig requestDriven =
        DemandflowConfig.builder()
            .with(uniqueTopics(kafka))
            .with(DemandflowConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(DemandflowConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl())
            .with(DemandflowConfig.APPLICATION_ID, kafka.uniqueName("signals-app"))
            .with("state.dir", stateDir.toString())
            .with(SignalSettings.INTERVAL_MS, "0")
            // DemandflowApp leaves the group on a clean close; a short session also bounds the
            // wait should a run end without one.
            .with("session.timeout.ms", "6000")
            .build();
    TopicNames topics = TopicNames.from(requestDriven.asMap());
    Topics typed = Topics.of(topics, requestDriven.serdeConfig());
    try (KafkaProducer<String, Order> orders = producer(kafka, typed.orders());
        KafkaProducer<String, Supply> supply = producer(kafka, typed.supply());
        KafkaProducer<String, String> requests = producer(kafka, typed.signalsEvaluate());
        SignalReader signals = new SignalReader(kafka, typed.signals())) {

      // Given a first run that evaluates only on request: supply 1000, demand 1500 -> INCREASE
      try (DemandflowApp first = start(requestDriven)) {
        supply.send(new ProducerRecord<>(topics.supply(), KEY, supply(1_000))).get();
        orders.send(record(topics, order("o-1", 1).setQuantity(1_500).build())).get();
        await()
            .atMost(TIMEOUT)
            .until(
                () -> {
                  // Requests are idempotent: one before the change arrived evaluates nothing.
                  SignalEvaluations.requestEvaluation(requests, topics, 1, "test");
                  return signals.poll().size() == 1;
                });

        // No evaluation request may be left over: the next one would evaluate the change below
        awaitRequestsConsumed(kafka, requestDriven, topics);

        // When demand grows (an UPDATE is due) and the application stops before evaluating it
        orders.send(record(topics, order("o-2", 1).setQuantity(1_500).build())).get();
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    signalState(first).getSupplyUnits() == 1_000
                        && eligibleUnits(signalState(first)) == 3_000);
        assertThat(signalState(first).getDirty()).isTrue();
      }

      // Then a second run on the same state directory, on the wall-clock cadence, emits the
      // UPDATE that was due: not lost
      try (DemandflowApp second = start(withInterval(requestDriven, Duration.ofMillis(300)))) {
        await().atMost(TIMEOUT).until(() -> signals.poll().size() == 2);
      }

      // And a third run on a wiped state directory restores the state from the changelog: it
      // repeats nothing (E still exceeds S) and resolves once supply grows
      assertThat(TemporaryDirectory.deleteRecursively(stateDir)).as("state wiped").isTrue();
      try (DemandflowApp third = start(withInterval(requestDriven, Duration.ofMillis(300)))) {
        await()
            .atMost(TIMEOUT)
            .until(() -> signalState(third).getSequence() == 2 && !signalState(third).getDirty());
        supply.send(new ProducerRecord<>(topics.supply(), KEY, supply(5_000))).get();
        await().atMost(TIMEOUT).until(() -> signals.poll().size() == 3);
        // Several more intervals pass without any further signal
        await()
            .during(Duration.ofSeconds(2))
            .atMost(TIMEOUT)
            .until(() -> signals.poll().size() == 3);
      }

      List<ProductionSignal> all = signals.poll();
      assertThat(all).extracting(ProductionSignal::getSequence).containsExactly(1L, 2L, 3L);
      assertThat(all)
          .extracting(ProductionSignal::getKind)
          .containsExactly(SignalKind.INCREASE, SignalKind.UPDATE, SignalKind.RESOLVED);
      assertThat(all)
          .extracting(ProductionSignal::getRecommendedUnits)
          .containsExactly(1_000L, 3_000L, 0L); // 500 x 1.1 -> 1000; 2000 x 1.1 -> 3000
    } finally {
      TemporaryDirectory.deleteRecursively(stateDir);
    }
  }

  /** The same application (id, topics, state directory) with a given evaluation interval. */
  private static DemandflowConfig withInterval(DemandflowConfig config, Duration interval) {
    return config.with(SignalSettings.INTERVAL_MS, Long.toString(interval.toMillis()));
  }

  private static DemandflowApp start(DemandflowConfig config) {
    DemandflowApp app = DemandflowApp.create(config).start();
    assertThat(app.awaitRunning(TIMEOUT)).as("pipeline reaches RUNNING").isTrue();
    return app;
  }

  /** Waits until the application has committed past every evaluation request sent so far. */
  private static void awaitRequestsConsumed(
      KafkaTestEnvironment kafka, DemandflowConfig config, TopicNames topics) {
    String group = config.get(DemandflowConfig.APPLICATION_ID);
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Map<TopicPartition, OffsetAndMetadata> committed =
                  kafka
                      .adminClient()
                      .listConsumerGroupOffsets(group)
                      .partitionsToOffsetAndMetadata()
                      .get();
              Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
              kafka
                  .adminClient()
                  .describeTopics(List.of(topics.signalsEvaluate()))
                  .allTopicNames()
                  .get()
                  .get(topics.signalsEvaluate())
                  .partitions()
                  .forEach(
                      p ->
                          latest.put(
                              new TopicPartition(topics.signalsEvaluate(), p.partition()),
                              OffsetSpec.latest()));
              return kafka.adminClient().listOffsets(latest).all().get().entrySet().stream()
                  .allMatch(
                      end -> {
                        OffsetAndMetadata offset = committed.get(end.getKey());
                        return offset != null && offset.offset() >= end.getValue().offset();
                      });
            });
  }

  private static SignalEvaluationState signalState(DemandflowApp app) {
    ReadOnlyKeyValueStore<String, SignalEvaluationState> store =
        app.streams()
            .store(
                StoreQueryParameters.fromNameAndType(
                    StoreNames.SIGNAL_STATE,
                    QueryableStoreTypes.<String, SignalEvaluationState>keyValueStore()));
    SignalEvaluationState state = store.get(KEY);
    return state == null
        ? new SignalEvaluationState(H200, PERIOD, Map.of(), Map.of(), 0L, false, false, 0L, 0L)
        : state;
  }

  private static long eligibleUnits(SignalEvaluationState state) {
    return state.getEligibleUnitsByRegion().values().stream().mapToLong(Long::longValue).sum();
  }

  private static ProducerRecord<String, Order> record(TopicNames topics, Order order) {
    return new ProducerRecord<>(topics.orders(), order.getOrderId(), order);
  }

  private static Supply supply(long units) {
    return Supply.newBuilder()
        .setProduct(H200)
        .setPeriod(PERIOD)
        .setUnits(units)
        .setEventTime(Instant.parse("2026-01-05T09:00:00Z"))
        .setSource("planning")
        .build();
  }

  /** A unique name for every topic key of {@link TopicNames}, so no other test shares one. */
  private static Map<String, String> uniqueTopics(KafkaTestEnvironment kafka) throws Exception {
    Map<String, String> names = new HashMap<>();
    for (String key : TopicNames.KEYS) {
      names.put(key, kafka.uniqueName(key.substring("demandflow.topic.".length())));
    }
    return names;
  }

  private static <V> KafkaProducer<String, V> producer(
      KafkaTestEnvironment kafka, Topic<String, V> topic) {
    return kafka.newProducer(topic.keySerializer(), topic.valueSerializer());
  }

  /** Reads the signals topic (read_committed) from its beginning, accumulating across polls. */
  private static final class SignalReader implements AutoCloseable {
    private final KafkaConsumer<String, ProductionSignal> consumer;
    private final List<ProductionSignal> signals = new ArrayList<>();

    SignalReader(KafkaTestEnvironment kafka, Topic<String, ProductionSignal> topic) {
      consumer = kafka.newReadCommittedConsumer(topic.keyDeserializer(), topic.valueDeserializer());
      this.topic = topic.name();
    }

    private final String topic;
    private boolean assigned;

    /** Every signal read so far (ordered by offset within the key's partition). */
    List<ProductionSignal> poll() {
      if (!assigned) {
        // The topic exists once the first run has created it.
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        assigned = true;
      }
      for (ConsumerRecord<String, ProductionSignal> record :
          consumer.poll(Duration.ofMillis(200))) {
        assertThat(record.key()).isEqualTo(KEY);
        signals.add(record.value());
      }
      return List.copyOf(signals);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
