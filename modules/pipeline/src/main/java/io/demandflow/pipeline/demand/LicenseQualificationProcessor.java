package io.demandflow.pipeline.demand;

import io.demandflow.domain.Eligibility;
import io.demandflow.domain.LicensedDemandBuckets;
import io.demandflow.domain.LicensedRegionDemandChanges;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.internal.LicensedDemandBucket;
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
 * <p>Whether a license qualifies for an order depends only on the order's customer, region, product
 * and requested date, so the processor keeps open orders summed per such bucket, with the bucket's
 * qualification, in {@value StoreNames#LICENSED_DEMAND_BUCKETS} ({@code
 * customerId|region|product|requestedDate → LicensedDemandBucket}), and forwards the net {@link
 * LicensedRegionDemandChange} of each input per region row (key {@code region|product|period}):
 *
 * <ul>
 *   <li>an {@link Input.OrderRevision} (an order change with the license as it stands) retracts the
 *       revision counted until now from its bucket and counts the new one: at most two rows change;
 *   <li>an {@link Input.LicenseUpdate} re-qualifies the customer's buckets in the region by a local
 *       prefix scan and moves the units of those whose qualification flips: a license change costs
 *       a read per bucket and a Kafka record per region row that moves, not per open order, so its
 *       cost does not grow with the number of open orders.
 * </ul>
 *
 * <p>Retractions use the bucket's stored qualification, not the license, so the rows stay exact
 * whatever the order in which order revisions and license changes reach the task.
 */
public final class LicenseQualificationProcessor
    extends ContextualProcessor<
        String, LicenseQualificationProcessor.Input, String, LicensedRegionDemandChange> {

  /** What the processor consumes, keyed {@code customerId|region}. */
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

  private KeyValueStore<String, LicensedDemandBucket> buckets;

  /** The store the processor needs, to be added to the topology and connected to it. */
  public static StoreBuilder<KeyValueStore<String, LicensedDemandBucket>> storeBuilder(
      Serde<LicensedDemandBucket> serde) {
    // Cached: the buckets of busy customers and dates change many times between two commits.
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.LICENSED_DEMAND_BUCKETS),
            Serdes.String(),
            serde)
        .withCachingEnabled();
  }

  @Override
  public void init(ProcessorContext<String, LicensedRegionDemandChange> context) {
    super.init(context);
    buckets = context.getStateStore(StoreNames.LICENSED_DEMAND_BUCKETS);
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
    if (before != null) {
      String key = bucketKey(before);
      LicensedDemandBucket bucket = buckets.get(key);
      if (bucket == null) {
        // Cannot happen while the bucket store and the order table agree.
        log.warn("No bucket {} to retract order {} from", key, before.getOrderId());
      } else {
        changes.retract(before, bucket.getLicenseQualifies());
        put(key, LicensedDemandBuckets.retract(bucket, before));
      }
    }
    Order after = revision.change().getAfter();
    if (after != null) {
      String key = bucketKey(after);
      LicensedDemandBucket bucket = buckets.get(key);
      boolean qualifies =
          bucket != null
              ? bucket.getLicenseQualifies()
              : Eligibility.licenseQualifies(revision.license(), after);
      changes.add(after, qualifies);
      put(key, LicensedDemandBuckets.add(bucket, after, qualifies));
    }
  }

  private void requalify(
      String licenseKey, ExportLicense license, LicensedRegionDemandChanges changes) {
    List<KeyValue<String, LicensedDemandBucket>> flipped = new ArrayList<>();
    try (KeyValueIterator<String, LicensedDemandBucket> all =
        buckets.prefixScan(licenseKey + Keys.SEPARATOR, PREFIX_SERIALIZER)) {
      while (all.hasNext()) {
        KeyValue<String, LicensedDemandBucket> entry = all.next();
        boolean qualifies = LicensedDemandBuckets.licenseQualifies(license, entry.value);
        if (qualifies != entry.value.getLicenseQualifies()) {
          changes.requalify(entry.value, qualifies);
          flipped.add(
              KeyValue.pair(
                  entry.key, LicensedDemandBuckets.withQualification(entry.value, qualifies)));
        }
      }
    }
    // Written after the scan: a store iterator need not see its own writes consistently.
    flipped.forEach(entry -> buckets.put(entry.key, entry.value));
  }

  private void put(String key, LicensedDemandBucket bucket) {
    if (bucket == null) {
      buckets.delete(key);
    } else {
      buckets.put(key, bucket);
    }
  }

  // Starts with the order's license key and the separator: what requalify() scans by prefix.
  private static String bucketKey(Order order) {
    return Keys.license(order)
        + Keys.SEPARATOR
        + Keys.join(order.getProduct(), order.getRequestedDate().toString());
  }
}
