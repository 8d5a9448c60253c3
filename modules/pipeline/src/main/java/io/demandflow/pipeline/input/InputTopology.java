package io.demandflow.pipeline.input;

import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.TopicNodes;
import io.demandflow.topics.Topic;
import io.demandflow.topics.Topics;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The validated inputs of the pipeline (SPEC §2, R8).
 *
 * <ul>
 *   <li><b>Inputs</b>: orders (key orderId), allocation requests (key allocationId), licenses
 *       (compacted, key {@code customerId|region}), region policies (compacted, key region), supply
 *       (key {@code product|period}).
 *   <li><b>Processors</b>: {@code validate-<type>} after every source ({@link
 *       InputValidationProcessor}): invalid events go to the dead-letter topic, the rest go on.
 *   <li><b>Repartition topics</b>: {@code licenses-by-key}, {@code region-policies-by-key} and
 *       {@code supply-by-key}: the state inputs re-partitioned by their key inside the topology
 *       before they become tables, so that the joins and lookups on those tables never depend on
 *       how a producer partitioned its records (SPEC §5). {@code supply-by-key} has {@code
 *       demandflow.topic.partitions} partitions: the signal state is partitioned like it, and the
 *       signal evaluation topic must have at least as many.
 *   <li><b>Stores</b>: {@value StoreNames#LICENSES}, {@value StoreNames#REGION_POLICIES}, {@value
 *       StoreNames#SUPPLY} (latest event per key; a tombstone deletes).
 * </ul>
 */
public final class InputTopology {

  /**
   * The validated inputs, for the sub-topologies that use them: every input as a stream, and the
   * state inputs also as tables. The license, policy and supply streams are the re-partitioned
   * ones, co-partitioned with their tables.
   */
  public record Inputs(
      KStream<String, Order> orders,
      KStream<String, AllocationRequest> allocations,
      KStream<String, Supply> supplyEvents,
      KStream<String, ExportLicense> licenseEvents,
      KStream<String, RegionPolicy> policyEvents,
      KTable<String, ExportLicense> licenses,
      KTable<String, RegionPolicy> policies,
      KTable<String, Supply> supply) {}

  private final Topics topics;
  private final int signalPartitions;

  /**
   * @param signalPartitions partitions of {@code supply-by-key}, hence of the signal state
   */
  public InputTopology(Topics topics, int signalPartitions) {
    this.topics = Objects.requireNonNull(topics);
    this.signalPartitions = signalPartitions;
  }

  public Inputs addTo(StreamsBuilder builder) {
    // Ticks (InputTicks) are written to these two only; they go on to the order book.
    KStream<String, Order> orders =
        validated(builder, topics.orders(), "order", Order::getOrderId, true);
    KStream<String, AllocationRequest> allocations =
        validated(
            builder, topics.allocations(), "allocation", AllocationRequest::getAllocationId, true);
    KStream<String, Supply> supplyEvents =
        byKey(
            validated(
                builder,
                topics.supply(),
                "supply",
                s -> Keys.join(s.getProduct(), s.getPeriod()),
                false),
            TopicNodes.repartitioned(topics.supply(), "supply-by-key")
                .withNumberOfPartitions(signalPartitions));
    KStream<String, ExportLicense> licenseEvents =
        byKey(
            validated(
                builder,
                topics.licenses(),
                "license",
                license -> Keys.license(license.getCustomerId(), license.getRegion()),
                false),
            TopicNodes.repartitioned(topics.licenses(), "licenses-by-key"));
    KStream<String, RegionPolicy> policyEvents =
        byKey(
            validated(builder, topics.policies(), "policy", RegionPolicy::getRegion, false),
            TopicNodes.repartitioned(topics.policies(), "region-policies-by-key"));
    return new Inputs(
        orders,
        allocations,
        supplyEvents,
        licenseEvents,
        policyEvents,
        table(licenseEvents, "license", StoreNames.LICENSES, topics.licenses()),
        table(policyEvents, "policy", StoreNames.REGION_POLICIES, topics.policies()),
        table(supplyEvents, "supply", StoreNames.SUPPLY, topics.supply()));
  }

  private static <V extends SpecificRecord> KStream<String, V> validated(
      StreamsBuilder builder,
      Topic<String, V> topic,
      String eventType,
      Function<V, String> keyOf,
      boolean passesTicks) {
    // processValues keeps the key, so nothing after it needs a repartition.
    return TopicNodes.stream(builder, topic)
        .processValues(
            () -> new InputValidationProcessor<>(eventType, keyOf, passesTicks),
            Named.as("validate-" + eventType));
  }

  /** Re-partitions by the record key with Kafka's default partitioner, as the tables need. */
  private static <V> KStream<String, V> byKey(
      KStream<String, V> stream, Repartitioned<String, V> repartitioned) {
    return stream.repartition(repartitioned);
  }

  /** The latest record per key of {@code stream}, stored with the serdes of {@code topic}. */
  private static <V> KTable<String, V> table(
      KStream<String, V> stream, String eventType, String storeName, Topic<String, V> topic) {
    return stream.toTable(
        Named.as("table-" + eventType),
        Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(storeName)
            .withKeySerde(topic.keySerde())
            .withValueSerde(topic.valueSerde()));
  }
}
