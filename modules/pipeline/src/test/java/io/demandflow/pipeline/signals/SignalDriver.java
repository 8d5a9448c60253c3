package io.demandflow.pipeline.signals;

import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.ProductionSignal;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole pipeline in a {@link TopologyTestDriver} with production-signal settings of the test's
 * choice, and helpers to feed it, request evaluations and read signals.
 */
final class SignalDriver implements AutoCloseable {

  static final Instant START = Instant.parse("2026-02-01T08:00:00Z");

  private final String scope = "signal-driver-" + UUID.randomUUID();
  private final Map<String, String> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
  private final Topics topics = Topics.of(TopicNames.defaults(), serdeConfig);
  private final TopologyTestDriver driver;
  // A state directory of its own: drivers of other test runs on the machine never share stores.
  private final TemporaryDirectory stateDir = TemporaryDirectory.create("demandflow-driver-");
  private final TestOutputTopic<String, ProductionSignal> signals;

  /** A driver with the default settings overridden by {@code signalSettings}. */
  SignalDriver(Map<String, String> signalSettings) {
    Map<String, Object> config = new HashMap<>(signalSettings);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "signal-driver");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.path().toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // No record cache: every update reaches the signal processor at once.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver =
        new TopologyTestDriver(
            PipelineTopology.build(topics.names(), serdeConfig, config), props, START);
    signals =
        driver.createOutputTopic(
            topics.signals().name(),
            topics.signals().keyDeserializer(),
            topics.signals().valueDeserializer());
  }

  void send(Order order) {
    send(topics.orders(), order.getOrderId(), order);
  }

  void send(Supply supply) {
    send(topics.supply(), Keys.join(supply.getProduct(), supply.getPeriod()), supply);
  }

  void send(ExportLicense license) {
    send(topics.licenses(), Keys.join(license.getCustomerId(), license.getRegion()), license);
  }

  void send(RegionPolicy policy) {
    send(topics.policies(), policy.getRegion(), policy);
  }

  private <K, V> void send(Topic<K, V> topic, K key, V value) {
    driver
        .createInputTopic(topic.name(), topic.keySerializer(), topic.valueSerializer())
        .pipeInput(key, value);
  }

  /** What {@link SignalEvaluations#requestEvaluation} publishes (the driver has one partition). */
  void requestEvaluation() {
    send(topics.signalsEvaluate(), SignalEvaluations.REQUEST_KEY, "test");
  }

  void advanceWallClock(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  /** The signals emitted since the last call, in emission order. */
  List<ProductionSignal> newSignals() {
    return signals.readValuesToList();
  }

  /** Contents of a key-value store of the topology. */
  <V> V storeValue(String store, String key) {
    return driver.<String, V>getKeyValueStore(store).get(key);
  }

  @Override
  public void close() {
    driver.close();
    stateDir.close();
    MockSchemaRegistry.dropScope(scope);
  }
}
