package io.demandflow.domain;

import io.demandflow.events.Order;
import io.demandflow.events.internal.LicensedRegionDemand;
import io.demandflow.events.internal.LicensedRegionDemandChange;

/** Licensed region rows built the way the pipeline builds them: from net row changes. */
final class LicensedRows {

  private LicensedRows() {}

  /** {@code row} with {@code order} counted, its license qualifying or not. */
  static LicensedRegionDemand add(LicensedRegionDemand row, Order order, boolean qualifies) {
    return apply(row, new LicensedRegionDemandChanges().add(order, qualifies));
  }

  /** {@code row} with {@code order}, counted with {@code qualifies}, taken out. */
  static LicensedRegionDemand retract(LicensedRegionDemand row, Order order, boolean qualifies) {
    return apply(row, new LicensedRegionDemandChanges().retract(order, qualifies));
  }

  static LicensedRegionDemand apply(LicensedRegionDemand row, LicensedRegionDemandChanges changes) {
    LicensedRegionDemand result = row;
    for (LicensedRegionDemandChange change : changes.changes()) {
      result = DemandAggregation.apply(result, change);
    }
    return result;
  }
}
