package io.demandflow.domain;

import io.demandflow.events.Order;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What one order adds to a demand aggregate (SPEC R3). A cancelled order contributes nothing.
 *
 * @param units open units (the order's quantity)
 * @param value quantity × unitPrice in USD, scale 2
 * @param orders 1 for an open order, 0 otherwise
 * @param eligibleUnits the units when the order is eligible demand (SPEC R2), else 0
 * @param ineligibleUnits the units when the order is not eligible demand, else 0
 */
public record OrderContribution(
    long units, BigDecimal value, int orders, long eligibleUnits, long ineligibleUnits) {

  /** Money is kept in cents. */
  public static final int SCALE = 2;

  public static final OrderContribution NONE =
      new OrderContribution(0, BigDecimal.ZERO.setScale(SCALE), 0, 0, 0);

  public OrderContribution {
    Objects.requireNonNull(value, "value");
    value = value.setScale(SCALE, RoundingMode.UNNECESSARY);
  }

  /**
   * The contribution of {@code order}.
   *
   * <p>The value is exact: the schema gives unitPrice at most two decimals, so quantity × unitPrice
   * has at most two as well. A price with more decimals (not representable in the schema) is
   * rounded half-even to cents, once per order.
   *
   * @param eligible whether the order is eligible demand (SPEC R2); only splits the units between
   *     eligibleUnits and ineligibleUnits
   */
  public static OrderContribution of(Order order, boolean eligible) {
    Objects.requireNonNull(order, "order");
    if (!Orders.isOpen(order)) {
      return NONE;
    }
    long units = order.getQuantity();
    BigDecimal value =
        order
            .getUnitPrice()
            .multiply(BigDecimal.valueOf(units))
            .setScale(SCALE, RoundingMode.HALF_EVEN);
    return of(units, value, 1, eligible);
  }

  /**
   * The contribution of {@code orders} open orders with {@code units} and {@code value} in all,
   * eligible or not alike (a bucket of orders that one license qualifies for, or not).
   */
  public static OrderContribution of(long units, BigDecimal value, int orders, boolean eligible) {
    return new OrderContribution(units, value, orders, eligible ? units : 0, eligible ? 0 : units);
  }
}
