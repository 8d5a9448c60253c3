package io.demandflow.pipeline.demand;

import io.demandflow.domain.DemandAggregation;
import io.demandflow.domain.Eligibility;
import io.demandflow.domain.Orders;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.Order;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.internal.EnrichedOrder;
import io.demandflow.events.internal.LicensedRegionDemand;
import io.demandflow.pipeline.AvroSerdes;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.TopicNames;
import io.demandflow.pipeline.input.InputTopology;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Demand aggregation (SPEC R1, R3): the latest revision of every order, and open demand per
 * customer and product and per region, product and period.
 *
 * <ul>
 *   <li><b>Input</b>: {@link TopicNames#orders()} ({@code Order}, key orderId).
 *   <li><b>Outputs</b>, with changelog semantics (a tombstone when a row's last open order goes
 *       away): {@link TopicNames#customerDemand()} ({@code CustomerDemand}, key {@code
 *       customerId|product}) and {@link TopicNames#regionDemand()} ({@code RegionDemand}, key
 *       {@code region|product|period}).
 *   <li><b>Stores</b>: {@value StoreNames#ORDER_REVISIONS} (orderId → highest revision), {@value
 *       StoreNames#ORDERS} (orderId → latest accepted Order, cancelled ones included), {@value
 *       StoreNames#CUSTOMER_DEMAND} and {@value StoreNames#REGION_DEMAND} (the two outputs, for
 *       interactive queries), {@value StoreNames#ORDERS_WITH_LICENSE} (open orders with their
 *       license) and {@value StoreNames#LICENSED_REGION_DEMAND} (region rows before the policy).
 *   <li><b>Repartition topics</b>: {@value #CUSTOMER_DEMAND_GROUPING} and {@value
 *       #REGION_DEMAND_GROUPING} (orders re-keyed to their demand rows).
 * </ul>
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Only a record with a higher revision than any seen for its orderId changes anything; stale,
 *       duplicate and tombstone records are counted and dropped ({@link OrderRevisionGate}).
 *   <li>Every demand row is the exact sum of the contributions of the open orders whose latest
 *       revision falls in it: a cancellation retracts the order, an amendment retracts the old
 *       revision from its old row and adds the new one to its (possibly different) new row.
 *   <li>A row exists only while it has at least one open order.
 *   <li>Every source, sink, processor, store and internal topic is named; a change to these names
 *       or to the shape of the topology is a deliberate, reviewed change (golden-file test).
 * </ul>
 */
public final class DemandTopology {

  public static final String GATE_ORDER_REVISIONS = "gate-order-revisions";
  public static final String CUSTOMER_DEMAND_GROUPING = "customer-demand-by-customer-product";
  public static final String REGION_DEMAND_GROUPING = "region-demand-by-region-product-period";
  public static final String JOIN_ORDER_LICENSE = "join-order-license";
  public static final String JOIN_REGION_DEMAND_POLICY = "join-region-demand-policy";

  private final TopicNames topics;
  private final Serde<Order> orderSerde;
  private final Serde<CustomerDemand> customerDemandSerde;
  private final Serde<RegionDemand> regionDemandSerde;
  private final Serde<EnrichedOrder> enrichedOrderSerde;
  private final Serde<LicensedRegionDemand> licensedRegionDemandSerde;

  public DemandTopology(TopicNames topics, AvroSerdes serdes) {
    this.topics = Objects.requireNonNull(topics, "topics");
    this.orderSerde = serdes.value(Order.class);
    this.customerDemandSerde = serdes.value(CustomerDemand.class);
    this.regionDemandSerde = serdes.value(RegionDemand.class);
    this.enrichedOrderSerde = serdes.value(EnrichedOrder.class);
    this.licensedRegionDemandSerde = serdes.value(LicensedRegionDemand.class);
  }

  /** The tables this topology creates, for sub-topologies added to the same builder later. */
  public record Tables(
      KStream<String, Order> acceptedOrders,
      KTable<String, Order> orders,
      KTable<String, EnrichedOrder> enrichedOrders,
      KTable<String, CustomerDemand> customerDemand,
      KTable<String, RegionDemand> regionDemand) {}

  /** Adds the demand aggregation over the validated {@code inputs} to {@code builder}. */
  public Tables addTo(StreamsBuilder builder, InputTopology.Inputs inputs) {
    builder.addStateStore(OrderRevisionGate.storeBuilder());

    // processValues, not process: the key stays the orderId, so no repartition is needed
    KStream<String, Order> acceptedOrders =
        inputs
            .orders()
            .processValues(
                OrderRevisionGate::new, Named.as(GATE_ORDER_REVISIONS), StoreNames.ORDER_REVISIONS);
    KTable<String, Order> orders =
        acceptedOrders.toTable(Named.as("table-orders"), store(StoreNames.ORDERS, orderSerde));

    // A cancelled order leaves the filtered table: downstream sees the retraction of its last
    // open revision, which KTable#groupBy turns into a subtraction from its row.
    KTable<String, Order> openOrders =
        orders.filter((orderId, order) -> Orders.isOpen(order), Named.as("filter-open-orders"));

    KTable<String, CustomerDemand> customerDemand =
        openOrders
            .groupBy(
                (orderId, order) -> KeyValue.pair(Keys.customerDemand(order), order),
                Grouped.with(CUSTOMER_DEMAND_GROUPING, AvroSerdes.keys(), orderSerde))
            .aggregate(
                // No empty row: the first adder builds the row from its order.
                () -> null,
                (key, order, row) -> DemandAggregation.add(row, order),
                // Null after the last open order: the row is deleted and a tombstone emitted.
                (key, order, row) -> DemandAggregation.retract(row, order),
                Named.as("aggregate-customer-demand"),
                store(StoreNames.CUSTOMER_DEMAND, customerDemandSerde));
    customerDemand
        .toStream(Named.as("stream-customer-demand-changes"))
        .to(
            topics.customerDemand(),
            Produced.with(AvroSerdes.keys(), customerDemandSerde)
                .withName(InputTopology.egress(topics.customerDemand())));

    // Eligibility (R2) needs the customer's license for the order's region and the region's
    // policy. The license qualifies or not per order (product, requested date), so a foreign-key
    // join keeps it current for every open order: a license change re-emits exactly the orders of
    // that customer and region. The policy applies to a whole region alike, so it is joined after
    // aggregation: a policy change re-joins the region's rows, not every open order of the region,
    // and an order update costs no policy subscription of its own.
    KTable<String, EnrichedOrder> withLicense =
        openOrders.leftJoin(
            inputs.licenses(),
            order -> Keys.join(order.getCustomerId(), order.getRegion()),
            EnrichedOrder::new,
            TableJoined.as(JOIN_ORDER_LICENSE),
            store(StoreNames.ORDERS_WITH_LICENSE, enrichedOrderSerde));

    // The grouped value carries the license the order was counted with, so a retraction
    // (amendment, cancellation, license change) removes exactly what the addition added.
    KTable<String, LicensedRegionDemand> licensedRegionDemand =
        withLicense
            .groupBy(
                (orderId, enriched) ->
                    KeyValue.pair(Keys.regionDemand(enriched.getOrder()), enriched),
                Grouped.with(REGION_DEMAND_GROUPING, AvroSerdes.keys(), enrichedOrderSerde))
            .aggregate(
                () -> null,
                (key, enriched, row) ->
                    DemandAggregation.add(row, enriched.getOrder(), licenseQualifies(enriched)),
                (key, enriched, row) ->
                    DemandAggregation.retract(row, enriched.getOrder(), licenseQualifies(enriched)),
                Named.as("aggregate-region-demand"),
                store(StoreNames.LICENSED_REGION_DEMAND, licensedRegionDemandSerde));
    KTable<String, RegionDemand> regionDemand =
        licensedRegionDemand.leftJoin(
            inputs.policies(),
            LicensedRegionDemand::getRegion,
            DemandAggregation::withPolicy,
            TableJoined.as(JOIN_REGION_DEMAND_POLICY),
            store(StoreNames.REGION_DEMAND, regionDemandSerde));
    regionDemand
        .toStream(Named.as("stream-region-demand-changes"))
        .to(
            topics.regionDemand(),
            Produced.with(AvroSerdes.keys(), regionDemandSerde)
                .withName(InputTopology.egress(topics.regionDemand())));

    return new Tables(acceptedOrders, orders, withLicense, customerDemand, regionDemand);
  }

  private static boolean licenseQualifies(EnrichedOrder enriched) {
    return Eligibility.licenseQualifies(enriched.getLicense(), enriched.getOrder());
  }

  private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> store(
      String name, Serde<V> valueSerde) {
    return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name)
        .withKeySerde(AvroSerdes.keys())
        .withValueSerde(valueSerde);
  }
}
