package io.demandflow.pipeline.allocation;

import io.demandflow.domain.allocation.LedgerState;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.pipeline.ExpiryStores;
import io.demandflow.pipeline.Keys;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The allocation ledger's {@link LedgerState} over named, changelogged Kafka Streams stores, so the
 * ledger survives restarts and moves between instances with exactly-once guarantees.
 *
 * <ul>
 *   <li>{@value #LICENSES} customerId|region → ExportLicense; {@value #POLICIES} region →
 *       RegionPolicy: the ledger's own view of its inputs.
 *   <li>{@value #TOTALS} product|period → LedgerTotals (S, D_US, G_US, G_X).
 *   <li>{@value #ALLOCATIONS} allocationId → LedgerAllocation.
 *   <li>{@value #GRANT_INDEX}: active grants by order ({@code o|orderId|seq}), by customer and
 *       region ({@code c|customerId|region|seq}) and non-priority grants by product and period
 *       ({@code x|product|period|seq}), each → allocationId; seq zero-padded so that key order is
 *       grant order.
 *   <li>{@value #REVENUE_SHARE} region|quarter → RevenueShare; {@value #SEQUENCE} the counter.
 *   <li>{@value #FINISHED_ALLOCATIONS}: finished allocations by time ({@link ExpiryStores}), for
 *       state retention.
 * </ul>
 */
public final class LedgerStores implements LedgerState {

  public static final String LICENSES = "ledger-licenses-store";
  public static final String POLICIES = "ledger-policies-store";
  public static final String TOTALS = "ledger-totals-store";
  public static final String ALLOCATIONS = "allocations-store";
  public static final String GRANT_INDEX = "ledger-grant-index-store";
  public static final String REVENUE_SHARE = "revenue-share-store";
  public static final String SEQUENCE = "ledger-sequence-store";

  /**
   * Finished allocations (granted units 0) by when they finished: they leave {@value #ALLOCATIONS}
   * after {@code demandflow.retention.finished-allocations}.
   */
  public static final String FINISHED_ALLOCATIONS = "ledger-finished-allocations-store";

  /** Every store, for connecting them to the processor. */
  public static final String[] ALL = {
    LICENSES,
    POLICIES,
    TOTALS,
    ALLOCATIONS,
    GRANT_INDEX,
    REVENUE_SHARE,
    SEQUENCE,
    FINISHED_ALLOCATIONS
  };

  private static final String SEQUENCE_KEY = "sequence";

  private final KeyValueStore<String, ExportLicense> licenses;
  private final KeyValueStore<String, RegionPolicy> policies;
  private final KeyValueStore<String, LedgerTotals> totals;
  private final KeyValueStore<String, LedgerAllocation> allocations;
  private final KeyValueStore<String, String> grantIndex;
  private final KeyValueStore<String, RevenueShare> revenueShares;
  private final KeyValueStore<String, Long> sequence;
  private final ExpiryStores finished;
  private final ProcessingContext context;

  /** The stores of a running processor. */
  public LedgerStores(ProcessingContext context) {
    this.licenses = context.getStateStore(LICENSES);
    this.policies = context.getStateStore(POLICIES);
    this.totals = context.getStateStore(TOTALS);
    this.allocations = context.getStateStore(ALLOCATIONS);
    this.grantIndex = context.getStateStore(GRANT_INDEX);
    this.revenueShares = context.getStateStore(REVENUE_SHARE);
    this.sequence = context.getStateStore(SEQUENCE);
    this.finished = new ExpiryStores(context.getStateStore(FINISHED_ALLOCATIONS));
    this.context = context;
  }

  /** Builders of every store, to add to the topology. */
  public static List<StoreBuilder<?>> storeBuilders(Topics topics, AvroSerdes serdes) {
    return List.of(
        store(LICENSES, topics.licenses().valueSerde()),
        store(POLICIES, topics.policies().valueSerde()),
        store(TOTALS, serdes.value(LedgerTotals.class)),
        store(ALLOCATIONS, serdes.value(LedgerAllocation.class)),
        uncachedStore(GRANT_INDEX, Serdes.String()),
        store(REVENUE_SHARE, topics.revenueShare().valueSerde()),
        store(SEQUENCE, Serdes.Long()),
        ExpiryStores.storeBuilder(FINISHED_ALLOCATIONS));
  }

  // Cached: a key written many times between two commits (the totals of a product and period,
  // the sequence counter: nearly every decision) reaches its changelog once per commit.
  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> serde) {
    return uncachedStore(name, serde).withCachingEnabled();
  }

  // Not cached: the grant index is read with reverseRange, and Kafka Streams 4.4's caching layer
  // can return a grant deleted since the last commit (a null value) from a reverse iterator when
  // an older grant of the same group is already in RocksDB. Seen as NullPointerExceptions in
  // CrashRecoveryIT; AllocationIT has the sequence that triggers it.
  // Caching it (read forwards, where the cache is sound) was measured slower: 8,792 -> 6,556
  // requests/s on one thread with 300,000 open orders (docs/performance.md): each range scan then
  // merges the cache with RocksDB, and a million index entries churn the cache.
  private static <V> StoreBuilder<KeyValueStore<String, V>> uncachedStore(
      String name, Serde<V> serde) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), AvroSerdes.keys(), serde);
  }

  @Override
  public ExportLicense license(String customerId, String region) {
    return licenses.get(Keys.license(customerId, region));
  }

  @Override
  public void putLicense(String customerId, String region, ExportLicense license) {
    licenses.put(Keys.license(customerId, region), license);
  }

  @Override
  public void deleteLicense(String customerId, String region) {
    licenses.delete(Keys.license(customerId, region));
  }

  @Override
  public RegionPolicy policy(String region) {
    return policies.get(region);
  }

  @Override
  public void putPolicy(String region, RegionPolicy policy) {
    policies.put(region, policy);
  }

  @Override
  public void deletePolicy(String region) {
    policies.delete(region);
  }

  @Override
  public LedgerTotals totals(String product, String period) {
    LedgerTotals found = totals.get(Keys.join(product, period));
    return found != null ? found : LedgerState.noTotals(product, period);
  }

  @Override
  public void putTotals(LedgerTotals value) {
    totals.put(Keys.join(value.getProduct(), value.getPeriod()), value);
  }

  @Override
  public LedgerAllocation allocation(String allocationId) {
    return allocations.get(allocationId);
  }

  @Override
  public void putAllocation(LedgerAllocation previous, LedgerAllocation allocation) {
    if (previous != null && previous.getGrantedUnits() > 0) {
      indexKeys(previous).forEach(grantIndex::delete);
    }
    allocations.put(allocation.getAllocationId(), allocation);
    if (allocation.getGrantedUnits() > 0) {
      indexKeys(allocation).forEach(key -> grantIndex.put(key, allocation.getAllocationId()));
    } else if (previous == null || previous.getGrantedUnits() > 0) {
      // Finished (rejected, released, revoked): nothing changes it any more.
      finished.add(context.currentSystemTimeMs(), allocation.getAllocationId());
    }
  }

  /**
   * State retention: allocations finished at or before {@code cutoffMs} leave the ledger; a REQUEST
   * repeating one of their allocationIds later is decided as a new one.
   *
   * @return how many left
   */
  public int purgeFinishedAllocations(long cutoffMs) {
    int purged = 0;
    for (String allocationId : finished.takeUntil(cutoffMs)) {
      LedgerAllocation allocation = allocations.get(allocationId);
      if (allocation != null && allocation.getGrantedUnits() == 0) {
        allocations.delete(allocationId);
        purged++;
      }
    }
    return purged;
  }

  private static List<String> indexKeys(LedgerAllocation a) {
    String seq = sequenceKey(a.getGrantSequence());
    List<String> keys = new ArrayList<>(3);
    keys.add(prefix("o", a.getOrderId()) + seq);
    keys.add(prefix("c", a.getCustomerId(), a.getRegion()) + seq);
    if (!a.getPriorityRegion()) {
      keys.add(prefix("x", a.getProduct(), a.getPeriod()) + seq);
    }
    return keys;
  }

  /** The index prefix of a group of grants; ends with the separator so groups never overlap. */
  private static String prefix(String kind, String... parts) {
    String[] all = new String[parts.length + 1];
    all[0] = kind;
    System.arraycopy(parts, 0, all, 1, parts.length);
    return Keys.join(all) + "|";
  }

  private static String sequenceKey(long sequence) {
    return Keys.zeroPadded(sequence, 20);
  }

  private List<LedgerAllocation> mostRecentFirst(String prefix) {
    List<LedgerAllocation> result = new ArrayList<>();
    try (KeyValueIterator<String, String> entries =
        grantIndex.reverseRange(prefix + sequenceKey(0), prefix + sequenceKey(Long.MAX_VALUE))) {
      entries.forEachRemaining(entry -> result.add(allocations.get(entry.value)));
    }
    return result;
  }

  @Override
  public List<LedgerAllocation> activeGrantsOfOrder(String orderId) {
    return mostRecentFirst(prefix("o", orderId));
  }

  @Override
  public List<LedgerAllocation> activeNonPriorityGrants(String product, String period) {
    return mostRecentFirst(prefix("x", product, period));
  }

  @Override
  public List<LedgerAllocation> activeGrantsOfCustomer(String customerId, String region) {
    return mostRecentFirst(prefix("c", customerId, region));
  }

  @Override
  public RevenueShare revenueShare(String region, String quarter) {
    return revenueShares.get(Keys.join(region, quarter));
  }

  @Override
  public void putRevenueShare(RevenueShare total) {
    revenueShares.put(Keys.join(total.getRegion(), total.getQuarter()), total);
  }

  @Override
  public long nextSequence() {
    Long current = sequence.get(SEQUENCE_KEY);
    long next = current == null ? 1 : current + 1;
    sequence.put(SEQUENCE_KEY, next);
    return next;
  }
}
