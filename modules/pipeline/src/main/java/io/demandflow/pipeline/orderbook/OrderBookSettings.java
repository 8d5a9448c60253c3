package io.demandflow.pipeline.orderbook;

import io.demandflow.pipeline.PipelineTopology;
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
 * @param partitions partitions of the order book ({@code demandflow.topic.partitions}), which the
 *     ledger must hear from before it decides in timestamp order
 * @param sequencing whether the ledger decides its order-book inputs in the order of their input
 *     records' timestamps, with watermarks from input ticks (docs/order-book.md, "Sequencing"): on
 *     when {@value #SEQUENCING} is true, the interval is not zero and the input topics take the
 *     broker's arrival time ({@code LogAppendTime}); replay runs without it
 */
public record OrderBookSettings(
    Duration orderWait,
    Duration interval,
    String priorityRegion,
    int partitions,
    boolean sequencing) {

  /** Setting: ISO-8601 duration ({@code PT30S}) or milliseconds. */
  public static final String ORDER_WAIT = "demandflow.allocation.order-wait";

  /** Setting: milliseconds; 0 = no wall-clock cadence. */
  public static final String INTERVAL_MS = "demandflow.allocation.order-book.interval.ms";

  /** Setting: whether the live ledger decides in input-timestamp order ({@code true}). */
  public static final String SEQUENCING = "demandflow.allocation.sequencing.enabled";

  /** The input topics' timestamp type (declared by {@code TopicConfigs}, read here). */
  private static final String INPUTS_TIMESTAMP_TYPE = "demandflow.topic.inputs.timestamp.type";

  /** The defaults, by key. */
  public static final Map<String, String> DEFAULTS =
      Map.of(ORDER_WAIT, "PT30S", INTERVAL_MS, "100", SEQUENCING, "true");

  /** Settings without sequencing (the ledger decides in arrival order), for tests and tools. */
  public OrderBookSettings(Duration orderWait, Duration interval, String priorityRegion) {
    this(orderWait, interval, priorityRegion, 1, false);
  }

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
    if (partitions < 1) {
      throw new IllegalArgumentException("the order book needs a partition, got " + partitions);
    }
    if (sequencing && interval.isZero()) {
      throw new IllegalArgumentException(
          "sequencing needs a wall-clock interval (" + INTERVAL_MS + ")");
    }
  }

  /** The settings in {@code config}; missing keys take their defaults. */
  public static OrderBookSettings from(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    String interval = value(config, INTERVAL_MS);
    Object timestampType = config.get(INPUTS_TIMESTAMP_TYPE);
    try {
      Duration cadence = Duration.ofMillis(Long.parseLong(interval));
      return new OrderBookSettings(
          duration(value(config, ORDER_WAIT)),
          cadence,
          AllocationTopology.settings(config).priorityRegion(),
          PipelineTopology.signalPartitions(config),
          Boolean.parseBoolean(value(config, SEQUENCING))
              && !cadence.isZero()
              && (timestampType == null
                  || "LogAppendTime".equalsIgnoreCase(timestampType.toString().strip())));
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
