package io.demandflow.cli.demo;

import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.pipeline.app.DemandflowApp;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether the allocation ledger has taken in the demo story's events published so far, read from
 * its stores: each request decided, each supply figure and open US demand in the ledger's totals,
 * each license and policy in the ledger's own view. Each step of the story counts on the ones
 * before (the pending request must meet the PENDING policy, the cut must find the grants), and the
 * random feed alongside can leave the pipeline seconds behind on a busy machine: a step waits for
 * this. (A replay's {@code ProcessingBarrier} cannot serve live: wall-clock punctuations keep
 * writing.)
 *
 * <p>Only for the story's own events, whose product and period no other event touches. Not
 * thread-safe: the demo's feed thread calls it.
 */
public final class StoryProgress {

  private final DemandflowApp app;
  private final String priorityRegion;
  private final List<Object> unconfirmed = new ArrayList<>();
  private final Map<String, Long> supplyByKey = new HashMap<>();
  private final Map<String, Long> usDemandByKey = new HashMap<>();

  /**
   * @param priorityRegion the region whose open orders make D_US (SPEC R4)
   */
  public StoryProgress(DemandflowApp app, String priorityRegion) {
    this.app = app;
    this.priorityRegion = priorityRegion;
  }

  /** Records events just published (story orders are placed once, never amended). */
  public void published(List<?> events) {
    for (Object event : events) {
      if (event instanceof Supply supply) {
        supplyByKey.put(Keys.join(supply.getProduct(), supply.getPeriod()), supply.getUnits());
      } else if (event instanceof Order order && order.getRegion().equals(priorityRegion)) {
        usDemandByKey.merge(key(order), (long) order.getQuantity(), Long::sum);
      }
    }
    unconfirmed.addAll(events);
  }

  /** True once the ledger reflects every event published so far. */
  public boolean caughtUp() {
    Set<String> totalsToCheck = new HashSet<>();
    for (Object event : unconfirmed) {
      if (event instanceof AllocationRequest request && !decided(request)) {
        return false;
      } else if (event instanceof ExportLicense license && !hasLicense(license)) {
        return false;
      } else if (event instanceof RegionPolicy policy && !hasPolicy(policy)) {
        return false;
      } else if (event instanceof Supply supply) {
        totalsToCheck.add(Keys.join(supply.getProduct(), supply.getPeriod()));
      } else if (event instanceof Order order && order.getRegion().equals(priorityRegion)) {
        totalsToCheck.add(key(order));
      }
    }
    for (String key : totalsToCheck) {
      LedgerTotals totals = LiveStores.get(app, LedgerStores.TOTALS, key, LedgerTotals.class);
      if (totals == null
          || totals.getSupplyUnits() != supplyByKey.getOrDefault(key, 0L)
          || totals.getUsDemandUnits() != usDemandByKey.getOrDefault(key, 0L)) {
        return false;
      }
    }
    unconfirmed.clear();
    return true;
  }

  private static String key(Order order) {
    return Keys.join(order.getProduct(), YearMonth.from(order.getRequestedDate()).toString());
  }

  private boolean decided(AllocationRequest request) {
    return LiveStores.get(
            app, LedgerStores.ALLOCATIONS, request.getAllocationId(), LedgerAllocation.class)
        != null;
  }

  // Every ledger task may keep its own view of licenses and policies: all copies must have it.
  private boolean hasLicense(ExportLicense license) {
    List<ExportLicense> copies =
        LiveStores.readAll(app, LedgerStores.LICENSES, ExportLicense.class).stream()
            .filter(l -> l.getCustomerId().equals(license.getCustomerId()))
            .filter(l -> l.getRegion().equals(license.getRegion()))
            .toList();
    return !copies.isEmpty()
        && copies.stream().allMatch(l -> l.getLicenseId().equals(license.getLicenseId()));
  }

  private boolean hasPolicy(RegionPolicy policy) {
    List<RegionPolicy> copies =
        LiveStores.readAll(app, LedgerStores.POLICIES, RegionPolicy.class).stream()
            .filter(p -> p.getRegion().equals(policy.getRegion()))
            .toList();
    return !copies.isEmpty()
        && copies.stream()
            .allMatch(p -> Objects.equals(p.getImportStatus(), policy.getImportStatus()));
  }
}
