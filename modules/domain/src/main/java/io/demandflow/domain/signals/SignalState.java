package io.demandflow.domain.signals;

/**
 * The hysteresis state of one product and period between evaluations.
 *
 * @param inShortage true between an INCREASE and the next RESOLVED
 * @param lastRecommendedUnits recommendedUnits of the last signal (0 before any and after RESOLVED)
 * @param sequence the sequence number of the last signal (0 before any)
 */
public record SignalState(boolean inShortage, long lastRecommendedUnits, long sequence) {

  /** A key that never had a signal. */
  public static final SignalState INITIAL = new SignalState(false, 0, 0);
}
