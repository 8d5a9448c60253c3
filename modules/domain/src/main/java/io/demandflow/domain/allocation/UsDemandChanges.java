package io.demandflow.domain.allocation;

import io.demandflow.domain.Orders;
import io.demandflow.domain.Periods;
import io.demandflow.events.Order;
import java.util.ArrayList;
import java.util.List;

/**
 * How an accepted order revision changes open priority-region demand (D_US of SPEC R4/R5) per
 * product and period: the retraction of the revision counted before and the addition of the new
 * one, each only when that side is an open order of the priority region; both sides under one
 * product and period net out. Changes of many orders add up per product and period, so the ledger
 * can take them as one sum ({@link AllocationLedger#onUsDemand}).
 */
public final class UsDemandChanges {

  /** A change of D_US of one product and period, in units (negative: demand went away). */
  public record Change(String product, String period, long units) {}

  private UsDemandChanges() {}

  /** The changes of D_US from {@code before} (null for a new order) to {@code after}. */
  public static List<Change> of(Order before, Order after, String priorityRegion) {
    List<Change> changes = new ArrayList<>(2);
    if (counts(before, priorityRegion)) {
      changes.add(change(before, -before.getQuantity()));
    }
    if (counts(after, priorityRegion)) {
      Change added = change(after, after.getQuantity());
      if (!changes.isEmpty() && sameKey(changes.get(0), added)) {
        long net = changes.get(0).units() + added.units();
        changes.clear();
        if (net != 0) {
          changes.add(new Change(added.product(), added.period(), net));
        }
      } else {
        changes.add(added);
      }
    }
    return changes;
  }

  private static boolean counts(Order order, String priorityRegion) {
    return order != null && Orders.isOpen(order) && priorityRegion.equals(order.getRegion());
  }

  private static Change change(Order order, long units) {
    return new Change(order.getProduct(), Periods.of(order.getRequestedDate()), units);
  }

  private static boolean sameKey(Change a, Change b) {
    return a.product().equals(b.product()) && a.period().equals(b.period());
  }
}
