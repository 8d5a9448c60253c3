package io.demandflow.domain;

import io.demandflow.events.CustomerDemand;
import io.demandflow.events.Order;
import io.demandflow.events.RegionDemand;

/**
 * Adds orders to and retracts them from the demand rows of SPEC R3. A row exists while it has at
 * least one open order: retracting the last one returns {@code null}, which removes the row.
 *
 * <p>The adders accept {@code null} as the current row (a new row takes its identity from the
 * order); the order passed to a retraction must be the one that was added.
 */
public final class DemandAggregation {

  private DemandAggregation() {}

  /** The customer row with {@code order} added. */
  public static CustomerDemand add(CustomerDemand current, Order order) {
    DemandTotals totals = totals(current).plus(OrderContribution.of(order, true));
    return customerRow(order.getCustomerId(), order.getProduct(), totals);
  }

  /** The customer row with {@code order} retracted, or {@code null} when no open order is left. */
  public static CustomerDemand retract(CustomerDemand current, Order order) {
    if (current == null) {
      return null;
    }
    DemandTotals totals = totals(current).minus(OrderContribution.of(order, true));
    return totals.isEmpty()
        ? null
        : customerRow(current.getCustomerId(), current.getProduct(), totals);
  }

  /** The region row with {@code order} added; {@code eligible} splits its units (SPEC R2). */
  public static RegionDemand add(RegionDemand current, Order order, boolean eligible) {
    DemandTotals totals = totals(current).plus(OrderContribution.of(order, eligible));
    return regionRow(
        order.getRegion(), order.getProduct(), Periods.of(order.getRequestedDate()), totals);
  }

  /**
   * The region row with {@code order} retracted, or {@code null} when no open order is left. {@code
   * eligible} must be the eligibility the order was added with.
   */
  public static RegionDemand retract(RegionDemand current, Order order, boolean eligible) {
    if (current == null) {
      return null;
    }
    DemandTotals totals = totals(current).minus(OrderContribution.of(order, eligible));
    return totals.isEmpty()
        ? null
        : regionRow(current.getRegion(), current.getProduct(), current.getPeriod(), totals);
  }

  static DemandTotals totals(CustomerDemand row) {
    return row == null
        ? DemandTotals.EMPTY
        : new DemandTotals(
            row.getOpenUnits(), row.getOpenValue(), row.getOpenOrders(), row.getOpenUnits(), 0);
  }

  static DemandTotals totals(RegionDemand row) {
    return row == null
        ? DemandTotals.EMPTY
        : new DemandTotals(
            row.getOpenUnits(),
            row.getOpenValue(),
            row.getOpenOrders(),
            row.getEligibleUnits(),
            row.getIneligibleUnits());
  }

  private static CustomerDemand customerRow(
      String customerId, String product, DemandTotals totals) {
    return CustomerDemand.newBuilder()
        .setCustomerId(customerId)
        .setProduct(product)
        .setOpenUnits(totals.openUnits())
        .setOpenValue(totals.openValue())
        .setOpenOrders(totals.openOrders())
        .build();
  }

  private static RegionDemand regionRow(
      String region, String product, String period, DemandTotals totals) {
    return RegionDemand.newBuilder()
        .setRegion(region)
        .setProduct(product)
        .setPeriod(period)
        .setOpenUnits(totals.openUnits())
        .setEligibleUnits(totals.eligibleUnits())
        .setIneligibleUnits(totals.ineligibleUnits())
        .setOpenValue(totals.openValue())
        .setOpenOrders(totals.openOrders())
        .build();
  }
}
