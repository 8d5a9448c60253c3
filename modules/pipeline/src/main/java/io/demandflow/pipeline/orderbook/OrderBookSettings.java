package io.demandflow.pipeline.orderbook;

import io.demandflow.pipeline.allocation.AllocationTopology;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * The order book's settings (SPEC §5) as read from demandflow's configuration.
 *
 * @param orderWait how long an allocation request whose order has not arrived waits for it before
 *     it goes to the ledger, which rejects it {@code UNKNOWN_ORDER}
 * @param interval wall-clock cadence at which the order book ends expired waits and gives pending
 *     US-demand changes to the ledger; {@link Duration#ZERO} disables it, so that only flush
 *     requests do (replay: nothing waits on the wall clock)
 * @param priorityRegion the region whose open demand is D_US (SPEC R4)
 */
public record OrderBookSettings(Duration orderWait, Duration interval, String priorityRegion) {

  /** Setting: ISO-8601 duration ({@code PT30S}) or milliseconds. */
  public static final String ORDER_WAIT = "demandflow.allocation.order-wait";

  /** Setting: milliseconds; 0 = no wall-clock cadence. */
  public static final String INTERVAL_MS = "demandflow.allocation.order-book.interval.ms";

  /** The defaults, by key. */
  public static final Map<String, String> DEFAULTS =
      Map.of(ORDER_WAIT, "PT30S", INTERVAL_MS, "100");

  public OrderBookSettings {
    Objects.requireNonNull(orderWait, "orderWait");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(priorityRegion, "priorityRegion");
    if (orderWait.isNegative()) {
      throw new IllegalArgumentException(ORDER_WAIT + " must not be negative, got " + orderWait);
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException(INTERVAL_MS + " must not be negative, got " + interval);
    }
  }

  /** The settings in {@code config}; missing keys take their defaults. */
  public static OrderBookSettings from(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    String interval = value(config, INTERVAL_MS);
    try {
      return new OrderBookSettings(
          duration(value(config, ORDER_WAIT)),
          Duration.ofMillis(Long.parseLong(interval)),
          AllocationTopology.settings(config).priorityRegion());
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid order-book setting ("
              + ORDER_WAIT
              + " or "
              + INTERVAL_MS
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static Duration duration(String value) {
    return value.chars().allMatch(Character::isDigit)
        ? Duration.ofMillis(Long.parseLong(value))
        : Duration.parse(value);
  }

  private static String value(Map<String, ?> config, String key) {
    Object value = config.get(key);
    return value == null ? DEFAULTS.get(key) : value.toString().strip();
  }
}
