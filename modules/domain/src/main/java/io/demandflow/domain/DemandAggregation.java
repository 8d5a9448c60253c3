package io.demandflow.domain;

import io.demandflow.events.CustomerDemand;
import io.demandflow.events.Order;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.internal.LicensedRegionDemand;
import io.demandflow.events.internal.LicensedRegionDemandChange;

/**
 * Adds orders to and retracts them from the demand rows of SPEC R3. A row exists while it has at
 * least one open order: retracting the last one returns {@code null}, which removes the row.
 *
 * <p>Region rows are built in two steps: the net changes of orders ({@link
 * LicensedRegionDemandChanges}) are added up into a {@link LicensedRegionDemand} row (units split
 * by whether the customer's license qualifies), and {@link #withPolicy} applies the region's policy
 * to the row as a whole, so a policy change recomputes rows, not orders.
 *
 * <p>The adders accept {@code null} as the current row (a new row takes its identity from the order
 * or the change); the order passed to a retraction must be the one that was added.
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

  /**
   * The customer row after one order revision: {@code retracted} (the revision counted until now,
   * or null) taken out and {@code added} (the one that counts from now on, or null) put in; {@code
   * null} when no open order is left.
   */
  public static CustomerDemand apply(CustomerDemand current, Order retracted, Order added) {
    CustomerDemand row = retracted == null ? current : retract(current, retracted);
    return added == null ? row : add(row, added);
  }

  /**
   * The licensed region row with {@code change} added, or {@code null} when no open order is left.
   * A new row takes its identity from the change.
   */
  public static LicensedRegionDemand apply(
      LicensedRegionDemand current, LicensedRegionDemandChange change) {
    DemandTotals totals = totals(current).plus(LicensedRegionDemandChanges.contribution(change));
    return totals.isEmpty()
        ? null
        : licensedRow(change.getRegion(), change.getProduct(), change.getPeriod(), totals);
  }

  /**
   * The region row (SPEC R3) of {@code licensed} under its region's {@code policy} (null: the SPEC
   * §2 defaults): every order of a row has the same region, so the policy decides for the licensed
   * and the unlicensed units as a whole what {@link Eligibility#isEligible} decides per order.
   */
  public static RegionDemand withPolicy(LicensedRegionDemand licensed, RegionPolicy policy) {
    RegionPolicy effective = RegionPolicies.effective(licensed.getRegion(), policy);
    long eligible =
        (Eligibility.policyAdmits(effective, true) ? licensed.getLicensedUnits() : 0)
            + (Eligibility.policyAdmits(effective, false) ? licensed.getUnlicensedUnits() : 0);
    return regionRow(
        licensed.getRegion(),
        licensed.getProduct(),
        licensed.getPeriod(),
        new DemandTotals(
            licensed.getOpenUnits(),
            licensed.getOpenValue(),
            licensed.getOpenOrders(),
            eligible,
            licensed.getOpenUnits() - eligible));
  }

  static DemandTotals totals(CustomerDemand row) {
    return row == null
        ? DemandTotals.EMPTY
        : new DemandTotals(
            row.getOpenUnits(), row.getOpenValue(), row.getOpenOrders(), row.getOpenUnits(), 0);
  }

  static DemandTotals totals(LicensedRegionDemand row) {
    return row == null
        ? DemandTotals.EMPTY
        : new DemandTotals(
            row.getOpenUnits(),
            row.getOpenValue(),
            row.getOpenOrders(),
            row.getLicensedUnits(),
            row.getUnlicensedUnits());
  }

  private static LicensedRegionDemand licensedRow(
      String region, String product, String period, DemandTotals totals) {
    return LicensedRegionDemand.newBuilder()
        .setRegion(region)
        .setProduct(product)
        .setPeriod(period)
        .setOpenUnits(totals.openUnits())
        .setLicensedUnits(totals.eligibleUnits())
        .setUnlicensedUnits(totals.ineligibleUnits())
        .setOpenValue(totals.openValue())
        .setOpenOrders(totals.openOrders())
        .build();
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
