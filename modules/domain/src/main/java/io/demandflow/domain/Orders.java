package io.demandflow.domain;

import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import java.util.Objects;

/** Order state rules of SPEC R1 that do not depend on other orders. */
public final class Orders {

  private Orders() {}

  /**
   * Whether the order is open. Only CANCELLED closes an order (its open quantity is 0); an {@code
   * UNKNOWN} status written by a newer producer is treated as open so that no demand disappears
   * unnoticed.
   */
  public static boolean isOpen(Order order) {
    return order != null && order.getStatus() != OrderStatus.CANCELLED;
  }

  /**
   * Whether a revision keeps the grants of its order (SPEC R4) where they are: both revisions open,
   * for the same customer, region, product and period, the quantity not lowered. Grants never
   * exceed the order's quantity, so such a revision releases or cuts nothing: the allocation ledger
   * need not see it. Any other revision (cancelled, moved, lowered, or no revision before) may
   * change grants.
   */
  public static boolean keepsGrants(Order before, Order after) {
    return isOpen(before)
        && isOpen(after)
        && Objects.equals(before.getCustomerId(), after.getCustomerId())
        && Objects.equals(before.getRegion(), after.getRegion())
        && Objects.equals(before.getProduct(), after.getProduct())
        && Objects.equals(
            Periods.of(before.getRequestedDate()), Periods.of(after.getRequestedDate()))
        && after.getQuantity() >= before.getQuantity();
  }
}
