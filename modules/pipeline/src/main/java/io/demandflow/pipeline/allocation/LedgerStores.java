package io.demandflow.pipeline.allocation;

import io.demandflow.domain.allocation.ActiveGrants;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocation ledger's {@link LedgerState} over named, changelogged Kafka Streams stores, so the
 * ledger survives restarts and moves between instances with exactly-once guarantees.
 *
 * <ul>
 *   <li>{@value #LICENSES} customerId|region → ExportLicense; {@value #POLICIES} region →
 *       RegionPolicy: the ledger's own view of its inputs.
 *   <li>{@value #TOTALS} product|period → LedgerTotals (S, D_US, G_US, G_X).
 *   <li>{@value #ALLOCATIONS} allocationId → LedgerAllocation.
 *   <li>Active grants by order, by product and period, and units by customer: {@link ActiveGrants}
 *       in heap, rebuilt from {@value #ALLOCATIONS} when the stores open (the processor's init,
 *       which Kafka Streams runs after restoring them). An index in a store cost three writes and
 *       three changelog records per grant, and a RocksDB range scan per request.
 *   <li>{@value #REVENUE_SHARE} region|quarter → RevenueShare; {@value #SEQUENCE} the counter.
 *   <li>{@value #FINISHED_ALLOCATIONS}: finished allocations by time ({@link ExpiryStores}), for
 *       state retention.
 * </ul>
 *
 * <p>Licenses, policies, totals, revenue shares and the sequence are small (bounded by customers,
 * regions, products and periods) and read on every decision: each is a {@link HeapMirror}, read
 * from heap and written through. Together these took the ledger on one thread from 9,172 to 21,694
 * requests/s with 1,000,000 open orders in state (docs/performance.md, "Ledger on one thread").
 */
public final class LedgerStores implements LedgerState {

  public static final String LICENSES = "ledger-licenses-store";
  public static final String POLICIES = "ledger-policies-store";
  public static final String TOTALS = "ledger-totals-store";
  public static final String ALLOCATIONS = "allocations-store";
  public static final String REVENUE_SHARE = "revenue-share-store";
  public static final String SEQUENCE = "ledger-sequence-store";

  /**
   * Finished allocations (granted units 0) by when they finished: they leave {@value #ALLOCATIONS}
   * after {@code demandflow.retention.finished-allocations}.
   */
  public static final String FINISHED_ALLOCATIONS = "ledger-finished-allocations-store";

  /** Every store, for connecting them to the processor. */
  public static final String[] ALL = {
    LICENSES, POLICIES, TOTALS, ALLOCATIONS, REVENUE_SHARE, SEQUENCE, FINISHED_ALLOCATIONS
  };

  private static final Logger LOG = LoggerFactory.getLogger(LedgerStores.class);
  private static final String SEQUENCE_KEY = "sequence";

  private final HeapMirror<ExportLicense> licenses;
  private final HeapMirror<RegionPolicy> policies;
  private final HeapMirror<LedgerTotals> totals;
  private final KeyValueStore<String, LedgerAllocation> allocations;
  private final ActiveGrants grants = new ActiveGrants();
  private final HeapMirror<RevenueShare> revenueShares;
  private final HeapMirror<Long> sequence;
  private final ExpiryStores finished;
  private final ProcessingContext context;

  /** The stores of a running processor. */
  public LedgerStores(ProcessingContext context) {
    this.licenses = new HeapMirror<>(context.getStateStore(LICENSES));
    this.policies = new HeapMirror<>(context.getStateStore(POLICIES));
    this.totals = new HeapMirror<>(context.getStateStore(TOTALS));
    this.allocations = context.getStateStore(ALLOCATIONS);
    this.revenueShares = new HeapMirror<>(context.getStateStore(REVENUE_SHARE));
    this.sequence = new HeapMirror<>(context.getStateStore(SEQUENCE));
    this.finished = new ExpiryStores(context.getStateStore(FINISHED_ALLOCATIONS));
    this.context = context;
    loadActiveGrants();
  }

  private void loadActiveGrants() {
    long start = System.nanoTime();
    try (KeyValueIterator<String, LedgerAllocation> all = allocations.all()) {
      while (all.hasNext()) {
        LedgerAllocation allocation = all.next().value;
        if (allocation.getGrantedUnits() > 0) {
          grants.add(allocation);
        }
      }
    }
    LOG.info(
        "Ledger: {} active grants indexed from {} in {} ms",
        grants.size(),
        ALLOCATIONS,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Builders of every store, to add to the topology. */
  public static List<StoreBuilder<?>> storeBuilders(Topics topics, AvroSerdes serdes) {
    return List.of(
        store(LICENSES, topics.licenses().valueSerde()),
        store(POLICIES, topics.policies().valueSerde()),
        store(TOTALS, serdes.value(LedgerTotals.class)),
        store(ALLOCATIONS, serdes.value(LedgerAllocation.class)),
        store(REVENUE_SHARE, topics.revenueShare().valueSerde()),
        store(SEQUENCE, Serdes.Long()),
        ExpiryStores.storeBuilder(FINISHED_ALLOCATIONS));
  }

  // Cached: a key written many times between two commits (the totals of a product and period,
  // the sequence counter: nearly every decision) reaches its changelog once per commit.
  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> serde) {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), AvroSerdes.keys(), serde)
        .withCachingEnabled();
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
    // The store first: should its write fail, the heap index still agrees with it.
    allocations.put(allocation.getAllocationId(), allocation);
    if (previous != null && previous.getGrantedUnits() > 0) {
      grants.remove(previous);
    }
    if (allocation.getGrantedUnits() > 0) {
      grants.add(allocation);
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

  private List<LedgerAllocation> allocations(List<String> allocationIds) {
    List<LedgerAllocation> result = new ArrayList<>(allocationIds.size());
    allocationIds.forEach(id -> result.add(allocations.get(id)));
    return result;
  }

  @Override
  public List<LedgerAllocation> activeGrantsOfOrder(String orderId) {
    return allocations(grants.ofOrder(orderId));
  }

  @Override
  public List<LedgerAllocation> activeNonPriorityGrants(String product, String period) {
    return allocations(grants.nonPriority(product, period));
  }

  @Override
  public Map<String, Long> grantedUnitsOfCustomer(String customerId, String region) {
    return grants.unitsOfCustomer(customerId, region);
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

  /**
   * A small changelogged store read from heap: its content is copied when the processor opens it
   * (Kafka Streams runs a processor's init after restoring its stores), and every write goes to the
   * store, and so to its changelog, and to the copy. A read then skips the key's serialization, the
   * record cache's lookup and the value's Avro decoding, which the ledger paid several times per
   * decision. For stores bounded by reference data (policies, licenses, figures per product and
   * period), never for stores that grow with orders.
   *
   * <p>Values are shared with the store's copy: callers treat them as immutable (the ledger builds
   * new records to change them).
   */
  private static final class HeapMirror<V> {

    private final KeyValueStore<String, V> store;
    private final Map<String, V> copy = new HashMap<>();

    HeapMirror(KeyValueStore<String, V> store) {
      this.store = store;
      try (KeyValueIterator<String, V> all = store.all()) {
        all.forEachRemaining(entry -> copy.put(entry.key, entry.value));
      }
    }

    /** The value of {@code key}, or null. */
    V get(String key) {
      return copy.get(key);
    }

    void put(String key, V value) {
      store.put(key, value);
      copy.put(key, value);
    }

    void delete(String key) {
      store.delete(key);
      copy.remove(key);
    }
  }
}
