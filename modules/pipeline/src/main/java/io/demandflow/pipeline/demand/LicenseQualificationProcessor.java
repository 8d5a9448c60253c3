package io.demandflow.pipeline.demand;

import io.demandflow.domain.Eligibility;
import io.demandflow.domain.LicensedRegionDemandChanges;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.internal.LicensedOrder;
import io.demandflow.events.internal.LicensedRegionDemandChange;
import io.demandflow.events.internal.OrderChange;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.StoreNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits open region demand by license (SPEC R2) where the licenses live: in the task of the
 * license table, keyed {@code customerId|region}, which the order changes are co-partitioned with.
 *
 * <p>It keeps every open order it counted, with whether its customer's license qualified then, in
 * {@value StoreNames#LICENSED_OPEN_ORDERS} ({@code customerId|region|orderId → LicensedOrder}), and
 * forwards the net {@link LicensedRegionDemandChange} of each input per region row (key {@code
 * region|product|period}):
 *
 * <ul>
 *   <li>an {@link Input.OrderRevision} (an order change with the license as it stands) retracts the
 *       order as it was counted and counts the new revision: at most two rows change;
 *   <li>an {@link Input.LicenseUpdate} re-qualifies the customer's open orders in the region by a
 *       local prefix scan and moves the units of the orders whose qualification flips: one change
 *       per row that moves, so a license change costs Kafka records per row, not per open order.
 * </ul>
 *
 * <p>Retractions use the stored qualification, not the current license, so the rows stay exact
 * whatever the order in which order revisions and license changes reach the task.
 */
public final class LicenseQualificationProcessor
    extends ContextualProcessor<
        String, LicenseQualificationProcessor.Input, String, LicensedRegionDemandChange> {

  /** What the qualifier consumes, keyed {@code customerId|region}. */
  public sealed interface Input permits Input.OrderRevision, Input.LicenseUpdate {

    /**
     * An order change re-keyed to its customer and region, each side open or null ({@link
     * DemandTopology.OrderChanges#byKey}), with that customer's license for the region as it stands
     * (or null).
     */
    record OrderRevision(OrderChange change, ExportLicense license) implements Input {}

    /** The customer's license for the region has changed to {@code license} (null: removed). */
    record LicenseUpdate(ExportLicense license) implements Input {}
  }

  private static final Logger log = LoggerFactory.getLogger(LicenseQualificationProcessor.class);
  private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

  private KeyValueStore<String, LicensedOrder> openOrders;

  /** The store the qualifier needs, to be added to the topology and connected to it. */
  public static StoreBuilder<KeyValueStore<String, LicensedOrder>> storeBuilder(
      Serde<LicensedOrder> serde) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.LICENSED_OPEN_ORDERS), Serdes.String(), serde);
  }

  @Override
  public void init(ProcessorContext<String, LicensedRegionDemandChange> context) {
    super.init(context);
    openOrders = context.getStateStore(StoreNames.LICENSED_OPEN_ORDERS);
  }

  @Override
  public void process(Record<String, Input> record) {
    LicensedRegionDemandChanges changes = new LicensedRegionDemandChanges();
    if (record.value() instanceof Input.OrderRevision revision) {
      count(revision, changes);
    } else if (record.value() instanceof Input.LicenseUpdate update) {
      requalify(record.key(), update.license(), changes);
    }
    for (LicensedRegionDemandChange change : changes.changes()) {
      context()
          .forward(
              record
                  .withKey(
                      Keys.regionDemand(
                          change.getRegion(), change.getProduct(), change.getPeriod()))
                  .withValue(change));
    }
  }

  private void count(Input.OrderRevision revision, LicensedRegionDemandChanges changes) {
    Order before = revision.change().getBefore();
    Order after = revision.change().getAfter();
    Order any = after != null ? after : before;
    String key = Keys.join(any.getCustomerId(), any.getRegion(), any.getOrderId());
    LicensedOrder counted = openOrders.get(key);
    if (counted != null) {
      changes.retract(counted.getOrder(), counted.getLicenseQualifies());
    } else if (before != null) {
      // Cannot happen while the store and the order table agree; the row then keeps no trace.
      log.warn("No counted revision to retract for order {} in {}", any.getOrderId(), key);
    }
    if (after == null) {
      openOrders.delete(key);
      return;
    }
    boolean qualifies = Eligibility.licenseQualifies(revision.license(), after);
    changes.add(after, qualifies);
    openOrders.put(key, new LicensedOrder(after, qualifies));
  }

  private void requalify(
      String licenseKey, ExportLicense license, LicensedRegionDemandChanges changes) {
    List<KeyValue<String, LicensedOrder>> flipped = new ArrayList<>();
    try (KeyValueIterator<String, LicensedOrder> orders =
        openOrders.prefixScan(licenseKey + Keys.SEPARATOR, PREFIX_SERIALIZER)) {
      while (orders.hasNext()) {
        KeyValue<String, LicensedOrder> entry = orders.next();
        Order order = entry.value.getOrder();
        boolean qualified = entry.value.getLicenseQualifies();
        boolean qualifies = Eligibility.licenseQualifies(license, order);
        if (qualifies != qualified) {
          changes.retract(order, qualified).add(order, qualifies);
          flipped.add(KeyValue.pair(entry.key, new LicensedOrder(order, qualifies)));
        }
      }
    }
    // Written after the scan: a store iterator need not see its own writes consistently.
    flipped.forEach(entry -> openOrders.put(entry.key, entry.value));
  }
}
