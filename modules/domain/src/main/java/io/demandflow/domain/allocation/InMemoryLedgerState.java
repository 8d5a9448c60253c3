package io.demandflow.domain.allocation;

import io.demandflow.domain.CompositeKeys;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link LedgerState} in plain maps, with the {@link ActiveGrants} the pipeline's stores keep: for
 * tests, property tests and benchmarks of the ledger rules without Kafka.
 */
public final class InMemoryLedgerState implements LedgerState {

  private final Map<String, ExportLicense> licenses = new HashMap<>();
  private final Map<String, RegionPolicy> policies = new HashMap<>();
  private final Map<String, LedgerTotals> totals = new TreeMap<>();
  private final Map<String, LedgerAllocation> allocations = new HashMap<>();
  private final ActiveGrants grants = new ActiveGrants();
  private final Map<String, RevenueShare> revenueShares = new TreeMap<>();
  private long sequence;

  private static String key(String a, String b) {
    return CompositeKeys.join(a, b);
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
      grants.remove(previous);
    }
    allocations.put(allocation.getAllocationId(), allocation);
    if (allocation.getGrantedUnits() > 0) {
      grants.add(allocation);
    }
  }

  private List<LedgerAllocation> allocations(List<String> allocationIds) {
    return allocationIds.stream().map(allocations::get).toList();
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
