package io.demandflow.pipeline.orderbook;

import io.demandflow.pipeline.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The orders whose requests wait in the order book, by the wall-clock time their wait began ({@link
 * WaitingRequestStores}): the order-wait timer finds the expired waits here instead of scanning the
 * store every interval.
 */
final class WaitingIndex {

  private final Map<String, Long> sinceByOrder = new HashMap<>();
  private final NavigableMap<Long, Set<String>> ordersBySince = new TreeMap<>();

  /** Notes that requests of {@code orderId} wait since {@code sinceMs} (no-op if they did). */
  void add(String orderId, long sinceMs) {
    if (sinceByOrder.putIfAbsent(orderId, sinceMs) == null) {
      ordersBySince.computeIfAbsent(sinceMs, since -> new HashSet<>()).add(orderId);
    }
  }

  /** Notes that nothing of {@code orderId} waits any more. */
  void remove(String orderId) {
    Long since = sinceByOrder.remove(orderId);
    if (since != null) {
      Set<String> orders = ordersBySince.get(since);
      orders.remove(orderId);
      if (orders.isEmpty()) {
        ordersBySince.remove(since);
      }
    }
  }

  /**
   * Removes and returns the orders whose wait began at or before {@code cutoffMs}, in the store's
   * key order.
   */
  List<String> takeUntil(long cutoffMs) {
    NavigableMap<Long, Set<String>> expired = ordersBySince.headMap(cutoffMs, true);
    if (expired.isEmpty()) {
      return List.of();
    }
    List<String> orders = new ArrayList<>();
    expired.values().forEach(orders::addAll);
    expired.clear();
    orders.forEach(sinceByOrder::remove);
    // The order a scan of the store gave them: decisions keep their sequence.
    orders.sort(Keys.STORE_ORDER);
    return orders;
  }
}
