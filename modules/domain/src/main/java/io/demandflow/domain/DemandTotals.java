package io.demandflow.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The open demand of one aggregate row (SPEC R3). Arithmetic is exact: longs that fail on overflow
 * and decimals in cents, never floating point.
 *
 * @param openUnits sum of the quantities of the open orders
 * @param openValue sum of quantity × unitPrice of the open orders, scale 2
 * @param openOrders number of open orders
 * @param eligibleUnits open units that are eligible demand
 * @param ineligibleUnits open units that are not eligible demand
 */
public record DemandTotals(
    long openUnits,
    BigDecimal openValue,
    int openOrders,
    long eligibleUnits,
    long ineligibleUnits) {

  public static final DemandTotals EMPTY =
      new DemandTotals(0, BigDecimal.ZERO.setScale(OrderContribution.SCALE), 0, 0, 0);

  public DemandTotals {
    Objects.requireNonNull(openValue, "openValue");
    openValue = openValue.setScale(OrderContribution.SCALE, RoundingMode.UNNECESSARY);
  }

  /** These totals with {@code contribution} added. */
  public DemandTotals plus(OrderContribution contribution) {
    return new DemandTotals(
        Math.addExact(openUnits, contribution.units()),
        openValue.add(contribution.value()),
        Math.addExact(openOrders, contribution.orders()),
        Math.addExact(eligibleUnits, contribution.eligibleUnits()),
        Math.addExact(ineligibleUnits, contribution.ineligibleUnits()));
  }

  /** These totals with {@code contribution} (added earlier) retracted. */
  public DemandTotals minus(OrderContribution contribution) {
    return new DemandTotals(
        Math.subtractExact(openUnits, contribution.units()),
        openValue.subtract(contribution.value()),
        Math.subtractExact(openOrders, contribution.orders()),
        Math.subtractExact(eligibleUnits, contribution.eligibleUnits()),
        Math.subtractExact(ineligibleUnits, contribution.ineligibleUnits()));
  }

  /** Whether every figure is zero: as a net change, one that changes nothing. */
  public boolean isZero() {
    return openUnits == 0
        && openValue.signum() == 0
        && openOrders == 0
        && eligibleUnits == 0
        && ineligibleUnits == 0;
  }

  /** Whether no open order is left: the row then disappears from the aggregate. */
  public boolean isEmpty() {
    return openOrders == 0;
  }
}
