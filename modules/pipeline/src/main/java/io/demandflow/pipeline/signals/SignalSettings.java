package io.demandflow.pipeline.signals;

import io.demandflow.domain.allocation.AllocationSettings;
import io.demandflow.domain.signals.SignalPolicy;
import io.demandflow.pipeline.allocation.AllocationTopology;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The production-signal settings (SPEC R7) as read from demandflow's configuration; a missing key
 * takes its default ({@link #DEFAULTS}, also part of {@code DemandflowConfig.DEFAULTS}).
 *
 * @param policy thresholds, buffer, lot size, update ratio, number of top regions
 * @param interval wall-clock time between evaluations; {@link Duration#ZERO} disables the
 *     wall-clock cadence, so only evaluation requests on the control topic evaluate (replay)
 * @param priorityRegion the region whose open demand D decides {@code usAtRisk} (D &gt; S)
 */
public record SignalSettings(SignalPolicy policy, Duration interval, String priorityRegion) {

  public static final String INTERVAL_MS = "demandflow.signals.interval.ms";
  public static final String MIN_UNITS = "demandflow.signals.min-units";
  public static final String MIN_RATIO = "demandflow.signals.min-ratio";
  public static final String BUFFER = "demandflow.signals.buffer";
  public static final String LOT_SIZE = "demandflow.signals.lot-size";
  public static final String UPDATE_RATIO = "demandflow.signals.update-ratio";
  public static final String TOP_REGIONS = "demandflow.signals.top-regions";

  /**
   * The priority region of US-first allocation (SPEC R4): one setting for allocation and signals.
   */
  public static final String PRIORITY_REGION = AllocationTopology.PRIORITY_REGION;

  /** The defaults of SPEC R7, by key. */
  public static final Map<String, String> DEFAULTS = defaultValues();

  public SignalSettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException(INTERVAL_MS + " must not be negative, got " + interval);
    }
    if (priorityRegion == null || priorityRegion.isBlank()) {
      throw new IllegalArgumentException(PRIORITY_REGION + " must name a region");
    }
  }

  /** The settings in {@code config}; missing keys take their defaults. */
  public static SignalSettings from(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    try {
      SignalPolicy policy =
          new SignalPolicy(
              Long.parseLong(value(config, MIN_UNITS)),
              new BigDecimal(value(config, MIN_RATIO)),
              new BigDecimal(value(config, BUFFER)),
              Long.parseLong(value(config, LOT_SIZE)),
              new BigDecimal(value(config, UPDATE_RATIO)),
              Integer.parseInt(value(config, TOP_REGIONS)));
      return new SignalSettings(
          policy,
          Duration.ofMillis(Long.parseLong(value(config, INTERVAL_MS))),
          value(config, PRIORITY_REGION));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid production-signal setting (demandflow.signals.*): " + e.getMessage(), e);
    }
  }

  /** The default settings. */
  public static SignalSettings defaults() {
    return from(Map.of());
  }

  private static String value(Map<String, ?> config, String key) {
    Object value = config.get(key);
    return value == null ? DEFAULTS.get(key) : value.toString().strip();
  }

  private static Map<String, String> defaultValues() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(INTERVAL_MS, "60000");
    defaults.put(MIN_UNITS, "0");
    defaults.put(MIN_RATIO, "0.05");
    defaults.put(BUFFER, "0.10");
    defaults.put(LOT_SIZE, "1000");
    defaults.put(UPDATE_RATIO, "0.10");
    defaults.put(TOP_REGIONS, "3");
    defaults.put(PRIORITY_REGION, AllocationSettings.DEFAULTS.priorityRegion());
    return Map.copyOf(defaults);
  }
}
