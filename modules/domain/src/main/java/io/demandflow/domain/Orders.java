package io.demandflow.domain;

import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;

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
}
