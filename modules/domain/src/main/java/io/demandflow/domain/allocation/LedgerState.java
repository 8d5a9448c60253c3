package io.demandflow.domain.allocation;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.util.List;
import java.util.Map;

/**
 * Where the allocation ledger keeps its state. {@link AllocationLedger} holds the rules; an
 * implementation only stores: {@link InMemoryLedgerState} for tests and benchmarks, named
 * changelogged Kafka Streams stores in the pipeline.
 *
 * <p>"Active" grants are allocations with grantedUnits &gt; 0; lists of them come most recent grant
 * first (highest grantSequence first), the order in which SPEC R4 and R5 cut.
 */
public interface LedgerState {

  /** The customer's license for a region, or null. */
  ExportLicense license(String customerId, String region);

  void putLicense(String customerId, String region, ExportLicense license);

  void deleteLicense(String customerId, String region);

  /** A region's policy, or null when it has none. */
  RegionPolicy policy(String region);

  void putPolicy(String region, RegionPolicy policy);

  void deletePolicy(String region);

  /** The figures of a product and period; {@link #noTotals} when nothing happened there yet. */
  LedgerTotals totals(String product, String period);

  /** The figures of a product and period where nothing happened yet: all zero. */
  static LedgerTotals noTotals(String product, String period) {
    return new LedgerTotals(product, period, 0L, 0L, 0L, 0L);
  }

  void putTotals(LedgerTotals totals);

  /** An allocation with any decision, or null. */
  LedgerAllocation allocation(String allocationId);

  /**
   * Stores an allocation and keeps the indexes of active grants right: {@code previous} is what
   * {@link #allocation} returned before (null for a new one).
   */
  void putAllocation(LedgerAllocation previous, LedgerAllocation allocation);

  /** Active grants of an order, most recent first. */
  List<LedgerAllocation> activeGrantsOfOrder(String orderId);

  /** Active non-priority grants of a product and period, most recent first. */
  List<LedgerAllocation> activeNonPriorityGrants(String product, String period);

  /** Units of a customer's active grants in a region (any period), by product: license caps. */
  Map<String, Long> grantedUnitsOfCustomer(String customerId, String region);

  /** The revenue-share total of a region and quarter, or null. */
  RevenueShare revenueShare(String region, String quarter);

  void putRevenueShare(RevenueShare total);

  /** The next number of the ledger's total order of decisions: 1, 2, 3, ... */
  long nextSequence();
}
