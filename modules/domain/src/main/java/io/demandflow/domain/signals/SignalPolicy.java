package io.demandflow.domain.signals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The settings of production signals (SPEC R7), with the exact arithmetic they define. Ratios are
 * decimals and units are longs: nothing passes through a floating point.
 *
 * @param minUnits the shortfall must exceed this many units to enter SHORTAGE (default 0)
 * @param minRatio ... and this fraction of supply (default 0.05)
 * @param buffer recommended units are the shortfall times {@code 1 + buffer} (default 0.10)
 * @param lotSize recommended units are rounded up to a multiple of this (default 1000)
 * @param updateRatio an UPDATE needs recommended units to move by at least this fraction of the
 *     last signal's recommendation (default 0.10)
 * @param topRegions how many regions a signal names (default 3)
 */
public record SignalPolicy(
    long minUnits,
    BigDecimal minRatio,
    BigDecimal buffer,
    long lotSize,
    BigDecimal updateRatio,
    int topRegions) {

  /** The SPEC defaults. */
  public static final SignalPolicy DEFAULTS =
      new SignalPolicy(
          0, new BigDecimal("0.05"), new BigDecimal("0.10"), 1000, new BigDecimal("0.10"), 3);

  public SignalPolicy {
    Objects.requireNonNull(minRatio, "minRatio");
    Objects.requireNonNull(buffer, "buffer");
    Objects.requireNonNull(updateRatio, "updateRatio");
    requireNotNegative(minUnits, "minUnits");
    requireNotNegative(minRatio, "minRatio");
    requireNotNegative(buffer, "buffer");
    requireNotNegative(updateRatio, "updateRatio");
    if (lotSize < 1) {
      throw new IllegalArgumentException("lot size must be at least 1, got " + lotSize);
    }
    if (topRegions < 0) {
      throw new IllegalArgumentException("top regions must not be negative, got " + topRegions);
    }
  }

  /** Whether {@code shortfallUnits} is large enough to enter SHORTAGE at this supply. */
  public boolean entersShortage(long shortfallUnits, long supplyUnits) {
    BigDecimal threshold =
        BigDecimal.valueOf(minUnits).max(minRatio.multiply(BigDecimal.valueOf(supplyUnits)));
    return BigDecimal.valueOf(shortfallUnits).compareTo(threshold) > 0;
  }

  /**
   * {@code shortfall × (1 + buffer)}, rounded up to a multiple of the lot size; 0 when there is no
   * shortfall.
   */
  public long recommendedUnits(long shortfallUnits) {
    if (shortfallUnits <= 0) {
      return 0;
    }
    BigDecimal buffered = BigDecimal.valueOf(shortfallUnits).multiply(BigDecimal.ONE.add(buffer));
    BigDecimal lot = BigDecimal.valueOf(lotSize);
    return buffered.divide(lot, 0, RoundingMode.CEILING).multiply(lot).longValueExact();
  }

  /**
   * Whether a recommendation of {@code recommendedUnits} moved far enough from the last signal's
   * {@code lastRecommendedUnits} for an UPDATE: by at least {@code updateRatio} of it, and at all
   * (the same recommendation twice is never news, even with a ratio of 0).
   */
  public boolean movedEnough(long recommendedUnits, long lastRecommendedUnits) {
    if (recommendedUnits == lastRecommendedUnits) {
      return false;
    }
    BigDecimal moved = BigDecimal.valueOf(Math.abs(recommendedUnits - lastRecommendedUnits));
    return moved.compareTo(updateRatio.multiply(BigDecimal.valueOf(lastRecommendedUnits))) >= 0;
  }

  private static void requireNotNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  private static void requireNotNegative(BigDecimal value, String name) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }
}
