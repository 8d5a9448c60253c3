package io.demandflow.cli.demo;

import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the demo's allocation part: decisions by status and reason (current state of every
 * allocation), and US coverage per product and period — the share of open US demand that supply not
 * granted to other regions covers, min(D_US, S − G_X) / D_US (SPEC R4, R5).
 */
public final class AllocationSummary {

  private AllocationSummary() {}

  public static String render(
      Collection<LedgerAllocation> allocations, Collection<LedgerTotals> ledgers) {
    StringBuilder out = new StringBuilder("Allocations by status and reason\n");
    Map<String, Integer> counts = new TreeMap<>();
    for (LedgerAllocation allocation : allocations) {
      String reason = allocation.getReason() == null ? "" : " " + allocation.getReason();
      counts.merge(allocation.getStatus() + reason, 1, Integer::sum);
    }
    counts.forEach((key, count) -> out.append(String.format("  %-40s %,7d%n", key, count)));
    if (counts.isEmpty()) {
      out.append("  (no allocation requests yet)\n");
    }
    out.append('\n');
    out.append("US coverage per product and period\n");
    out.append(
        String.format(
            "%-16s %-8s %10s %10s %10s %10s %9s%n",
            "PRODUCT", "PERIOD", "S", "D_US", "G_US", "G_X", "COVERAGE"));
    for (LedgerTotals ledger : ledgers) {
      out.append(
          String.format(
              "%-16s %-8s %,10d %,10d %,10d %,10d %9s%n",
              ledger.getProduct(),
              ledger.getPeriod(),
              ledger.getSupplyUnits(),
              ledger.getUsDemandUnits(),
              ledger.getUsGrantedUnits(),
              ledger.getNonUsGrantedUnits(),
              coverage(ledger)));
    }
    return out.toString();
  }

  /** min(D_US, S − G_X) / D_US as a percentage with one decimal; "-" without US demand. */
  static String coverage(LedgerTotals ledger) {
    long usDemand = ledger.getUsDemandUnits();
    if (usDemand == 0) {
      return "-";
    }
    long covered =
        Math.min(usDemand, Math.max(0, ledger.getSupplyUnits() - ledger.getNonUsGrantedUnits()));
    // Tenths of a percent in integers: exact, no floating point.
    long tenths = covered * 1000 / usDemand;
    return (tenths / 10) + "." + (tenths % 10) + " %";
  }
}
