package io.demandflow.domain;

import io.demandflow.events.Order;
import io.demandflow.events.internal.LicensedDemandBucket;
import io.demandflow.events.internal.LicensedRegionDemandChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The net change to licensed region demand rows (SPEC R2, R3) of a set of retractions and
 * additions: one order revision (at most two rows), or a license change that re-qualifies the
 * buckets of a customer in a region (one change per row whose units move, however many orders it
 * holds). Rows whose changes cancel out are left out.
 *
 * <p>A retraction must name what was added before, with the qualification it was added with; {@link
 * DemandAggregation#apply(io.demandflow.events.internal.LicensedRegionDemand,
 * LicensedRegionDemandChange)} adds a change to its row.
 */
public final class LicensedRegionDemandChanges {

  private record Row(String region, String product, String period) {}

  private final Map<Row, DemandTotals> net = new LinkedHashMap<>();

  /** Counts {@code order} in its row, with its license qualifying or not. */
  public LicensedRegionDemandChanges add(Order order, boolean licenseQualifies) {
    return merge(row(order), OrderContribution.of(order, licenseQualifies), true);
  }

  /** Takes {@code order}, counted before with {@code licenseQualifies}, out of its row. */
  public LicensedRegionDemandChanges retract(Order order, boolean licenseQualifies) {
    return merge(row(order), OrderContribution.of(order, licenseQualifies), false);
  }

  /**
   * Moves the open orders of {@code bucket} (counted with its {@code licenseQualifies}) to {@code
   * licenseQualifies}: its units change sides in its row; nothing changes when both are the same.
   */
  public LicensedRegionDemandChanges requalify(
      LicensedDemandBucket bucket, boolean licenseQualifies) {
    Row row =
        new Row(bucket.getRegion(), bucket.getProduct(), Periods.of(bucket.getRequestedDate()));
    merge(row, contribution(bucket, bucket.getLicenseQualifies()), false);
    return merge(row, contribution(bucket, licenseQualifies), true);
  }

  /** The non-zero net changes, one per row, in the order their rows were first touched. */
  public List<LicensedRegionDemandChange> changes() {
    List<LicensedRegionDemandChange> changes = new ArrayList<>();
    net.forEach(
        (row, totals) -> {
          if (!totals.isZero()) {
            changes.add(
                LicensedRegionDemandChange.newBuilder()
                    .setRegion(row.region())
                    .setProduct(row.product())
                    .setPeriod(row.period())
                    .setOpenUnits(totals.openUnits())
                    .setLicensedUnits(totals.eligibleUnits())
                    .setUnlicensedUnits(totals.ineligibleUnits())
                    .setOpenValue(totals.openValue())
                    .setOpenOrders(totals.openOrders())
                    .build());
          }
        });
    return changes;
  }

  /** {@code change} as a (signed) contribution to add to its row's totals. */
  static OrderContribution contribution(LicensedRegionDemandChange change) {
    return new OrderContribution(
        change.getOpenUnits(),
        change.getOpenValue(),
        change.getOpenOrders(),
        change.getLicensedUnits(),
        change.getUnlicensedUnits());
  }

  private LicensedRegionDemandChanges merge(
      Row row, OrderContribution contribution, boolean added) {
    DemandTotals current = net.getOrDefault(row, DemandTotals.EMPTY);
    net.put(row, added ? current.plus(contribution) : current.minus(contribution));
    return this;
  }

  private static OrderContribution contribution(
      LicensedDemandBucket bucket, boolean licenseQualifies) {
    return OrderContribution.of(
        bucket.getOpenUnits(), bucket.getOpenValue(), bucket.getOpenOrders(), licenseQualifies);
  }

  private static Row row(Order order) {
    return new Row(order.getRegion(), order.getProduct(), Periods.of(order.getRequestedDate()));
  }
}
