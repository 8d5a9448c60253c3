package io.demandflow.domain.allocation;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * {@link LedgerState} in plain maps, with the same indexes the pipeline's stores keep: for tests,
 * property tests and benchmarks of the ledger rules without Kafka.
 */
public final class InMemoryLedgerState implements LedgerState {

  private final Map<String, ExportLicense> licenses = new HashMap<>();
  private final Map<String, RegionPolicy> policies = new HashMap<>();
  private final Map<String, LedgerTotals> totals = new TreeMap<>();
  private final Map<String, LedgerAllocation> allocations = new HashMap<>();
  private final Map<String, NavigableMap<Long, String>> byOrder = new HashMap<>();
  private final Map<String, NavigableMap<Long, String>> nonPriorityByLedger = new HashMap<>();
  private final Map<String, NavigableMap<Long, String>> byCustomer = new HashMap<>();
  private final Map<String, RevenueShare> revenueShares = new TreeMap<>();
  private long sequence;

  private static String key(String a, String b) {
    return a + "|" + b;
  }

  @Override
  public ExportLicense license(String customerId, String region) {
    return licenses.get(key(customerId, region));
  }

  @Override
  public void putLicense(String customerId, String region, ExportLicense license) {
    licenses.put(key(customerId, region), license);
  }

  @Override
  public void deleteLicense(String customerId, String region) {
    licenses.remove(key(customerId, region));
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
    policies.remove(region);
  }

  @Override
  public LedgerTotals totals(String product, String period) {
    LedgerTotals found = totals.get(key(product, period));
    return found != null ? found : LedgerState.noTotals(product, period);
  }

  @Override
  public void putTotals(LedgerTotals value) {
    totals.put(key(value.getProduct(), value.getPeriod()), value);
  }

  /** Every product and period the ledger has figures for. */
  public Map<String, LedgerTotals> allTotals() {
    return totals;
  }

  @Override
  public LedgerAllocation allocation(String allocationId) {
    return allocations.get(allocationId);
  }

  /** Every allocation with a decision. */
  public Map<String, LedgerAllocation> allAllocations() {
    return allocations;
  }

  @Override
  public void putAllocation(LedgerAllocation previous, LedgerAllocation allocation) {
    if (previous != null && previous.getGrantedUnits() > 0) {
      index(previous).forEach(index -> removeFrom(index, previous));
    }
    allocations.put(allocation.getAllocationId(), allocation);
    if (allocation.getGrantedUnits() > 0) {
      index(allocation)
          .forEach(
              index ->
                  index
                      .computeIfAbsent(indexKey(index, allocation), k -> new TreeMap<>())
                      .put(allocation.getGrantSequence(), allocation.getAllocationId()));
    }
  }

  private List<Map<String, NavigableMap<Long, String>>> index(LedgerAllocation allocation) {
    List<Map<String, NavigableMap<Long, String>>> indexes = new ArrayList<>();
    indexes.add(byOrder);
    indexes.add(byCustomer);
    if (!allocation.getPriorityRegion()) {
      indexes.add(nonPriorityByLedger);
    }
    return indexes;
  }

  private String indexKey(Map<String, NavigableMap<Long, String>> index, LedgerAllocation a) {
    if (index == byOrder) {
      return a.getOrderId();
    }
    if (index == byCustomer) {
      return key(a.getCustomerId(), a.getRegion());
    }
    return key(a.getProduct(), a.getPeriod());
  }

  private void removeFrom(Map<String, NavigableMap<Long, String>> index, LedgerAllocation a) {
    NavigableMap<Long, String> entries = index.get(indexKey(index, a));
    if (entries != null) {
      entries.remove(a.getGrantSequence());
    }
  }

  private List<LedgerAllocation> mostRecentFirst(NavigableMap<Long, String> entries) {
    List<LedgerAllocation> result = new ArrayList<>();
    if (entries != null) {
      entries.descendingMap().values().forEach(id -> result.add(allocations.get(id)));
    }
    return result;
  }

  @Override
  public List<LedgerAllocation> activeGrantsOfOrder(String orderId) {
    return mostRecentFirst(byOrder.get(orderId));
  }

  @Override
  public List<LedgerAllocation> activeNonPriorityGrants(String product, String period) {
    return mostRecentFirst(nonPriorityByLedger.get(key(product, period)));
  }

  @Override
  public List<LedgerAllocation> activeGrantsOfCustomer(String customerId, String region) {
    return mostRecentFirst(byCustomer.get(key(customerId, region)));
  }

  @Override
  public RevenueShare revenueShare(String region, String quarter) {
    return revenueShares.get(key(region, quarter));
  }

  @Override
  public void putRevenueShare(RevenueShare total) {
    revenueShares.put(key(total.getRegion(), total.getQuarter()), total);
  }

  /** Every revenue-share total. */
  public Map<String, RevenueShare> allRevenueShares() {
    return revenueShares;
  }

  @Override
  public long nextSequence() {
    return ++sequence;
  }
}
