package io.demandflow.pipeline.demand;

import io.demandflow.domain.DemandAggregation;
import io.demandflow.domain.Orders;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.Order;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.internal.LicensedDemandBucket;
import io.demandflow.events.internal.LicensedRegionDemand;
import io.demandflow.events.internal.LicensedRegionDemandChange;
import io.demandflow.events.internal.OrderChange;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.TopicNodes;
import io.demandflow.pipeline.input.InputTopology;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topics;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Demand aggregation (SPEC R1, R2, R3): the latest revision of every order, and open demand per
 * customer and product and per region, product and period.
 *
 * <ul>
 *   <li><b>Input</b>: the accepted order changes of the order book ({@code OrderChange}, key
 *       orderId; {@code OrderBookTopology}), and the validated licenses and policies of {@link
 *       InputTopology.Inputs}.
 *   <li><b>Outputs</b>, with changelog semantics (a tombstone when a row's last open order goes
 *       away): {@link TopicNames#customerDemand()} ({@code CustomerDemand}, key {@code
 *       customerId|product}) and {@link TopicNames#regionDemand()} ({@code RegionDemand}, key
 *       {@code region|product|period}).
 *   <li><b>Stores</b>: {@value StoreNames#CUSTOMER_DEMAND} and {@value StoreNames#REGION_DEMAND}
 *       (the two outputs, for interactive queries), {@value StoreNames#LICENSED_DEMAND_BUCKETS}
 *       (open orders summed per customer, region, product and requested date, with whether their
 *       license qualifies, next to the license table) and {@value
 *       StoreNames#LICENSED_REGION_DEMAND} (region rows before the policy).
 *   <li><b>Repartition topics</b>: {@value #CUSTOMER_DEMAND_GROUPING} (order changes to their
 *       customer rows), {@value #ORDERS_BY_LICENSE} (order changes to their customer's license,
 *       co-partitioned with the licenses) and {@value #REGION_DEMAND_GROUPING} (row changes to
 *       their region rows).
 * </ul>
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Only a record with a higher revision than any seen for its orderId changes anything; stale,
 *       duplicate and tombstone records are counted and dropped before ({@link OrderRevisionGate}
 *       in the order book).
 *   <li>Every demand row is the exact sum of the contributions of the open orders whose latest
 *       revision falls in it: a cancellation retracts the order, an amendment retracts the old
 *       revision from its old row and adds the new one to its (possibly different) new row.
 *   <li>A row exists only while it has at least one open order.
 *   <li>Every source, sink, processor, store and internal topic is named; a change to these names
 *       or to the shape of the topology is a deliberate, reviewed change (golden-file test).
 * </ul>
 */
public final class DemandTopology {

  public static final String CUSTOMER_DEMAND_GROUPING = "customer-demand-by-customer-product";
  public static final String ORDERS_BY_LICENSE = "orders-by-customer-region";
  public static final String REGION_DEMAND_GROUPING = "region-demand-by-region-product-period";
  public static final String JOIN_ORDER_LICENSE = "join-order-license";
  public static final String QUALIFY_ORDERS_BY_LICENSE = "qualify-orders-by-license";
  public static final String JOIN_REGION_DEMAND_POLICY = "join-region-demand-policy";

  private final Topics topics;
  private final Serde<OrderChange> orderChangeSerde;
  private final Serde<LicensedDemandBucket> bucketSerde;
  private final Serde<LicensedRegionDemandChange> regionChangeSerde;
  private final Serde<LicensedRegionDemand> licensedRegionDemandSerde;

  public DemandTopology(Topics topics, AvroSerdes serdes) {
    this.topics = Objects.requireNonNull(topics, "topics");
    this.orderChangeSerde = serdes.value(OrderChange.class);
    this.bucketSerde = serdes.value(LicensedDemandBucket.class);
    this.regionChangeSerde = serdes.value(LicensedRegionDemandChange.class);
    this.licensedRegionDemandSerde = serdes.value(LicensedRegionDemand.class);
  }

  /** The streams and tables this topology creates, for sub-topologies added to the same builder. */
  public record Tables(
      KTable<String, CustomerDemand> customerDemand, KTable<String, RegionDemand> regionDemand) {}

  /**
   * Adds the demand aggregation to {@code builder}.
   *
   * @param orderChanges each accepted order revision as the change from the revision counted
   *     before, which the aggregates retract and add as {@code KTable#groupBy} would
   */
  public Tables addTo(
      StreamsBuilder builder,
      InputTopology.Inputs inputs,
      KStream<String, OrderChange> orderChanges) {
    builder.addStateStore(LicenseQualificationProcessor.storeBuilder(bucketSerde));

    KTable<String, CustomerDemand> customerDemand =
        orderChanges
            .flatMap(
                (orderId, change) -> OrderChanges.byKey(change, Keys::customerDemand),
                Named.as("order-changes-by-customer-product"))
            .groupByKey(Grouped.with(CUSTOMER_DEMAND_GROUPING, AvroSerdes.keys(), orderChangeSerde))
            .aggregate(
                // No empty row: the first addition builds the row from its order, and the last
                // retraction returns null, which deletes the row and emits a tombstone.
                () -> null,
                (key, change, row) ->
                    DemandAggregation.apply(row, change.getBefore(), change.getAfter()),
                Named.as("aggregate-customer-demand"),
                store(StoreNames.CUSTOMER_DEMAND, topics.customerDemand().valueSerde()));
    TopicNodes.to(
        customerDemand.toStream(Named.as("stream-customer-demand-changes")),
        topics.customerDemand());

    // Eligibility (R2) needs the customer's license for the order's region and the region's
    // policy. Whether a license qualifies depends on the order's product and requested date, so
    // the order changes go to the license table's task (co-partitioned by customerId|region
    // through a stream-table join), where LicenseQualificationProcessor sums open orders per
    // product and requested date with their qualification: a license change re-qualifies those
    // buckets by a local scan and sends one change per region row that moves, not one record per
    // open order. The policy applies to a whole region alike, so it is joined after aggregation: a
    // policy change re-joins the region's rows.
    KStream<String, LicenseQualificationProcessor.Input> orderRevisions =
        orderChanges
            .flatMap(
                (orderId, change) -> OrderChanges.byKey(change, Keys::license),
                Named.as("order-changes-by-customer-region"))
            .repartition(
                Repartitioned.with(AvroSerdes.keys(), orderChangeSerde).withName(ORDERS_BY_LICENSE))
            .leftJoin(
                inputs.licenses(),
                LicenseQualificationProcessor.Input.OrderRevision::new,
                Joined.with(AvroSerdes.keys(), orderChangeSerde, topics.licenses().valueSerde())
                    .withName(JOIN_ORDER_LICENSE));
    KStream<String, LicenseQualificationProcessor.Input> licenseUpdates =
        inputs
            .licenseEvents()
            .mapValues(
                LicenseQualificationProcessor.Input.LicenseUpdate::new,
                Named.as("license-updates"));
    KTable<String, LicensedRegionDemand> licensedRegionDemand =
        orderRevisions
            .merge(licenseUpdates, Named.as("merge-license-qualification-inputs"))
            .process(
                LicenseQualificationProcessor::new,
                Named.as(QUALIFY_ORDERS_BY_LICENSE),
                StoreNames.LICENSED_DEMAND_BUCKETS)
            .groupByKey(Grouped.with(REGION_DEMAND_GROUPING, AvroSerdes.keys(), regionChangeSerde))
            .aggregate(
                () -> null,
                (key, change, row) -> DemandAggregation.apply(row, change),
                Named.as("aggregate-region-demand"),
                store(StoreNames.LICENSED_REGION_DEMAND, licensedRegionDemandSerde));
    KTable<String, RegionDemand> regionDemand =
        licensedRegionDemand.leftJoin(
            inputs.policies(),
            LicensedRegionDemand::getRegion,
            DemandAggregation::withPolicy,
            TableJoined.as(JOIN_REGION_DEMAND_POLICY),
            store(StoreNames.REGION_DEMAND, topics.regionDemand().valueSerde()));
    TopicNodes.to(
        regionDemand.toStream(Named.as("stream-region-demand-changes")), topics.regionDemand());

    return new Tables(customerDemand, regionDemand);
  }

  /**
   * Re-keys an accepted {@link OrderChange} to the aggregate rows it touches, as {@code
   * KTable#groupBy} does for a table update: each side keeps only an open order (a cancelled
   * revision counts nowhere); when both sides fall under the same key one record carries both, so
   * the aggregate retracts and adds in one step; when the key changes (an amendment that moves the
   * order to another row) the old key gets the retraction and the new key the addition.
   */
  static final class OrderChanges {

    private OrderChanges() {}

    /** The records of {@code change} for the rows {@code keyOf} puts its open sides in. */
    static List<KeyValue<String, OrderChange>> byKey(
        OrderChange change, Function<Order, String> keyOf) {
      Order before = openOrNull(change.getBefore());
      Order after = openOrNull(change.getAfter());
      if (before == null && after == null) {
        return List.of();
      }
      if (before == null) {
        return List.of(KeyValue.pair(keyOf.apply(after), new OrderChange(null, after)));
      }
      String beforeKey = keyOf.apply(before);
      if (after == null) {
        return List.of(KeyValue.pair(beforeKey, new OrderChange(before, null)));
      }
      String afterKey = keyOf.apply(after);
      return beforeKey.equals(afterKey)
          ? List.of(KeyValue.pair(afterKey, new OrderChange(before, after)))
          : List.of(
              KeyValue.pair(beforeKey, new OrderChange(before, null)),
              KeyValue.pair(afterKey, new OrderChange(null, after)));
    }

    private static Order openOrNull(Order order) {
      return order != null && Orders.isOpen(order) ? order : null;
    }
  }

  private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> store(
      String name, Serde<V> valueSerde) {
    return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name)
        .withKeySerde(AvroSerdes.keys())
        .withValueSerde(valueSerde);
  }
}
