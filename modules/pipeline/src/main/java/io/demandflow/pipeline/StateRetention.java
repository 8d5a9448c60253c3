package io.demandflow.pipeline;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * How long what is finished stays in the pipeline's state (docs/topics.md, "State retention"):
 * closed (cancelled) orders in the order book and finished allocations (granted units 0: rejected,
 * released, revoked) in the ledger. Open orders and active grants never leave.
 *
 * @param closedOrders how long a cancelled order stays after its cancellation; after that a
 *     revision of it is no longer recognised as stale
 * @param finishedAllocations how long a finished allocation stays; after that a repeated REQUEST
 *     with its allocationId is no longer recognised as a duplicate
 * @param purgeInterval wall-clock cadence of the purge; {@link Duration#ZERO} disables it
 */
public record StateRetention(
    Duration closedOrders, Duration finishedAllocations, Duration purgeInterval) {

  public static final String CLOSED_ORDERS = "demandflow.retention.closed-orders";
  public static final String FINISHED_ALLOCATIONS = "demandflow.retention.finished-allocations";
  public static final String PURGE_INTERVAL_MS = "demandflow.retention.purge.interval.ms";

  /** The defaults, by key. */
  public static final Map<String, String> DEFAULTS =
      Map.of(CLOSED_ORDERS, "P30D", FINISHED_ALLOCATIONS, "P30D", PURGE_INTERVAL_MS, "60000");

  public StateRetention {
    for (Duration d : new Duration[] {closedOrders, finishedAllocations, purgeInterval}) {
      if (Objects.requireNonNull(d).isNegative()) {
        throw new IllegalArgumentException("state retention settings must not be negative: " + d);
      }
    }
  }

  /** The settings in {@code config}; missing keys take their defaults. */
  public static StateRetention from(Map<String, ?> config) {
    try {
      return new StateRetention(
          Duration.parse(value(config, CLOSED_ORDERS)),
          Duration.parse(value(config, FINISHED_ALLOCATIONS)),
          Duration.ofMillis(Long.parseLong(value(config, PURGE_INTERVAL_MS))));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid state retention setting (demandflow.retention.*): " + e.getMessage(), e);
    }
  }

  private static String value(Map<String, ?> config, String key) {
    Object value = config.get(key);
    return value == null ? DEFAULTS.get(key) : value.toString().strip();
  }
}
