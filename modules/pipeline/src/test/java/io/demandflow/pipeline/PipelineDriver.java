package io.demandflow.pipeline;

import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.pipeline.input.InputTicks;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole pipeline topology in a {@link TopologyTestDriver}, with a fresh mock registry, typed
 * input topics and store access: the wiring tests' common ground.
 */
public final class PipelineDriver implements AutoCloseable {

  private static final String APPLICATION_ID = "pipeline-driver";

  private final String scope = "pipeline-driver-" + UUID.randomUUID();
  private final Map<String, String> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
  private final AvroSerdes serdes = new AvroSerdes(serdeConfig);
  private final Topics topics = Topics.of(TopicNames.defaults(), serdes);
  private final TopologyTestDriver driver;
  // A state directory of its own: drivers of other test runs on the machine never share stores.
  private final TemporaryDirectory stateDir = TemporaryDirectory.create("demandflow-driver-");

  public PipelineDriver() {
    this(Map.of());
  }

  /**
   * @param settings demandflow settings over the defaults; sequencing is off unless they turn it on
   *     (then the test sends input ticks itself, {@link #sendTick})
   */
  public PipelineDriver(Map<String, String> settings) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.path().toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // No record cache: every update reaches outputs and stores at once.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    // No input ticks in a test driver unless a test sends them: by default the ledger decides in
    // arrival order (sequencing has its own test, LedgerSequencingTest).
    Map<String, String> config = new HashMap<>(Map.of(OrderBookSettings.SEQUENCING, "false"));
    config.putAll(settings);
    driver =
        new TopologyTestDriver(PipelineTopology.build(topics.names(), serdeConfig, config), props);
  }

  public TopologyTestDriver driver() {
    return driver;
  }

  /** The pipeline's topics, with serdes on the driver's registry. */
  public Topics topics() {
    return topics;
  }

  public void send(Order order) {
    send(topics.orders(), order.getOrderId(), order);
  }

  public void send(ExportLicense license) {
    send(topics.licenses(), Keys.join(license.getCustomerId(), license.getRegion()), license);
  }

  public void send(RegionPolicy policy) {
    send(topics.policies(), policy.getRegion(), policy);
  }

  public void send(AllocationRequest request) {
    send(topics.allocations(), request.getAllocationId(), request);
  }

  /**
   * Lets wall-clock time pass: punctuations run as on a live pipeline (the order book's cadence
   * gives the ledger pending US demand and ends expired waits; signal evaluations).
   */
  public void advanceWallClock(java.time.Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  /** Every record written to {@code topic} since the last read, in order. */
  public <K, V> List<TestRecord<K, V>> read(Topic<K, V> topic) {
    return driver
        .createOutputTopic(topic.name(), topic.keyDeserializer(), topic.valueDeserializer())
        .readRecordsToList();
  }

  /** Every record written to the internal topic {@code name} (without application id) so far. */
  public <V extends SpecificRecord> List<TestRecord<String, V>> readInternal(
      String name, Class<V> type) {
    return driver
        .createOutputTopic(
            APPLICATION_ID + "-" + name,
            AvroSerdes.keys().deserializer(),
            serdes.value(type).deserializer())
        .readRecordsToList();
  }

  public void send(Supply supply) {
    send(topics.supply(), Keys.join(supply.getProduct(), supply.getPeriod()), supply);
  }

  /** Sends {@code value} under {@code key} to {@code topic} (null value = tombstone). */
  public <K, V> void send(Topic<K, V> topic, K key, V value) {
    driver
        .createInputTopic(topic.name(), topic.keySerializer(), topic.valueSerializer())
        .pipeInput(key, value);
  }

  /**
   * Sends {@code value} under {@code key} to {@code topic} with the record timestamp {@code ms}.
   */
  public <K, V> void send(Topic<K, V> topic, K key, V value, long ms) {
    driver
        .createInputTopic(topic.name(), topic.keySerializer(), topic.valueSerializer())
        .pipeInput(key, value, ms);
  }

  /**
   * An input tick ({@link InputTicks}) to {@code topic}, of {@code partitions}, stamped {@code ms}.
   */
  public <K, V> void sendTick(Topic<K, V> topic, int partitions, long ms) {
    Headers headers = InputTicks.tick(topic.name(), 0, partitions).headers();
    driver
        .createInputTopic(topic.name(), topic.keySerializer(), topic.valueSerializer())
        .pipeInput(new TestRecord<K, V>(null, null, headers, ms));
  }

  /** Sends {@code value} to the internal topic {@code name} (without application id). */
  public <V extends SpecificRecord> void sendInternal(String name, String key, V value, long ms) {
    @SuppressWarnings("unchecked")
    Class<V> type = (Class<V>) value.getClass();
    driver
        .createInputTopic(
            APPLICATION_ID + "-" + name,
            AvroSerdes.keys().serializer(),
            serdes.value(type).serializer())
        .pipeInput(key, value, ms);
  }

  /** The row of region-demand-store for {@code region|product|period}, or null. */
  public RegionDemand regionDemand(String region, String product, String period) {
    return this.<RegionDemand>store(StoreNames.REGION_DEMAND)
        .get(Keys.regionDemand(region, product, period));
  }

  private <V> ReadOnly<V> store(String name) {
    KeyValueStore<String, ValueAndTimestamp<V>> store = driver.getTimestampedKeyValueStore(name);
    return key -> {
      ValueAndTimestamp<V> value = store.get(key);
      return value == null ? null : value.value();
    };
  }

  private interface ReadOnly<V> {
    V get(String key);
  }

  @Override
  public void close() {
    driver.close();
    stateDir.close();
    MockSchemaRegistry.dropScope(scope);
  }
}
