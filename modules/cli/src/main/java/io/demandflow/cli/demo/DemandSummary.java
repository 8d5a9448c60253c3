package io.demandflow.cli.demo;

import io.demandflow.events.CustomerDemand;
import io.demandflow.events.RegionDemand;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the demo's live text summary from the demand tables: demand per region and product (all
 * periods), then the customers with the largest open demand.
 */
public final class DemandSummary {

  private DemandSummary() {}

  /** Totals of one region and product over all periods. */
  record RegionProductTotal(
      String region, String product, long units, long eligible, BigDecimal value, int orders) {
    RegionProductTotal plus(RegionDemand row) {
      return new RegionProductTotal(
          region,
          product,
          units + row.getOpenUnits(),
          eligible + row.getEligibleUnits(),
          value.add(row.getOpenValue()),
          orders + row.getOpenOrders());
    }
  }

  /** The summary as lines of text, at most {@code topCustomers} customers listed. */
  public static String render(
      Collection<RegionDemand> regions, Collection<CustomerDemand> customers, int topCustomers) {
    StringBuilder out = new StringBuilder();
    out.append("Open demand by region and product (all periods)\n");
    out.append(
        String.format(
            "%-7s %-16s %12s %22s %7s%n", "REGION", "PRODUCT", "UNITS", "VALUE (USD)", "ORDERS"));
    Map<String, RegionProductTotal> totals = new TreeMap<>();
    for (RegionDemand row : regions) {
      String key = row.getRegion() + "|" + row.getProduct();
      RegionProductTotal before =
          totals.getOrDefault(
              key,
              new RegionProductTotal(row.getRegion(), row.getProduct(), 0, 0, BigDecimal.ZERO, 0));
      totals.put(key, before.plus(row));
    }
    for (RegionProductTotal total : totals.values()) {
      out.append(
          String.format(
              "%-7s %-16s %,12d %,12d %,12d %,22.2f %,7d%n",
              total.region(),
              total.product(),
              total.units(),
              total.eligible(),
              total.units() - total.eligible(),
              total.value(),
              total.orders()));
    }
    if (totals.isEmpty()) {
      out.append("  (no open orders yet)\n");
    }
    out.append('\n');
    out.append("Top customers by open units\n");
    out.append(
        String.format(
            "%-22s %-16s %12s %22s %7s%n",
            "CUSTOMER", "PRODUCT", "UNITS", "VALUE (USD)", "ORDERS"));
    List<CustomerDemand> top =
        customers.stream()
            .sorted(
                Comparator.comparingLong(CustomerDemand::getOpenUnits)
                    .reversed()
                    .thenComparing(CustomerDemand::getCustomerId)
                    .thenComparing(CustomerDemand::getProduct))
            .limit(topCustomers)
            .collect(Collectors.toList());
    for (CustomerDemand row : top) {
      out.append(
          String.format(
              "%-22s %-16s %,12d %,22.2f %,7d%n",
              row.getCustomerId(),
              row.getProduct(),
              row.getOpenUnits(),
              row.getOpenValue(),
              row.getOpenOrders()));
    }
    return out.toString();
  }
}
