package io.demandflow.domain.signals;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hysteresis of production signals (SPEC R7) for one product and period.
 *
 * <ul>
 *   <li>Outside SHORTAGE, a shortfall {@code E − S} greater than {@code max(minUnits, minRatio ×
 *       S)} enters SHORTAGE with an INCREASE; a smaller one emits nothing.
 *   <li>In SHORTAGE, a shortfall of 0 or less leaves it with a RESOLVED (recommendedUnits 0). A
 *       positive shortfall, even one below the entry threshold, stays in SHORTAGE (that gap is the
 *       hysteresis) and emits an UPDATE only when the recommendation moved by at least the update
 *       ratio since the last signal.
 *   <li>The same state never yields a signal twice: evaluating the result of an evaluation again
 *       with the same inputs emits nothing.
 *   <li>Top regions: regions with eligible units, by eligible units descending, ties by region code
 *       ascending, at most {@link SignalPolicy#topRegions()}.
 * </ul>
 */
public final class SignalEvaluator {

  private static final Comparator<RegionUnits> LARGEST_FIRST =
      Comparator.comparingLong(RegionUnits::eligibleUnits)
          .reversed()
          .thenComparing(RegionUnits::region);

  private final SignalPolicy policy;

  public SignalEvaluator(SignalPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The state after an evaluation, and the signal it emitted if any. */
  public record Evaluation(SignalState state, Optional<Signal> signal) {}

  /**
   * Evaluates one key.
   *
   * @param previous the state after the key's last evaluation ({@link SignalState#INITIAL} first)
   * @param eligibleUnits E, eligible open units of all regions
   * @param supplyUnits S, committed supply (0 when none is known)
   * @param priorityDemandUnits D_US, open units of the priority region
   * @param eligibleByRegion eligible open units per region, for the top regions
   */
  public Evaluation evaluate(
      SignalState previous,
      long eligibleUnits,
      long supplyUnits,
      long priorityDemandUnits,
      Map<String, Long> eligibleByRegion) {
    Objects.requireNonNull(previous, "previous");
    long shortfall = Math.subtractExact(eligibleUnits, supplyUnits);
    SignalKind kind;
    long recommended;
    if (!previous.inShortage()) {
      if (!policy.entersShortage(shortfall, supplyUnits)) {
        return new Evaluation(previous, Optional.empty());
      }
      kind = SignalKind.INCREASE;
      recommended = policy.recommendedUnits(shortfall);
    } else if (shortfall <= 0) {
      kind = SignalKind.RESOLVED;
      recommended = 0;
    } else {
      recommended = policy.recommendedUnits(shortfall);
      if (!policy.movedEnough(recommended, previous.lastRecommendedUnits())) {
        return new Evaluation(previous, Optional.empty());
      }
      kind = SignalKind.UPDATE;
    }
    long sequence = previous.sequence() + 1;
    Signal signal =
        new Signal(
            kind,
            eligibleUnits,
            supplyUnits,
            shortfall,
            recommended,
            priorityDemandUnits > supplyUnits,
            topRegions(eligibleByRegion),
            sequence);
    SignalState next = new SignalState(kind != SignalKind.RESOLVED, recommended, sequence);
    return new Evaluation(next, Optional.of(signal));
  }

  /** The regions with the most eligible units (see the class comment). */
  public List<RegionUnits> topRegions(Map<String, Long> eligibleByRegion) {
    return eligibleByRegion.entrySet().stream()
        .filter(e -> e.getValue() != null && e.getValue() > 0)
        .map(e -> new RegionUnits(e.getKey(), e.getValue()))
        .sorted(LARGEST_FIRST)
        .limit(policy.topRegions())
        .toList();
  }
}
