package io.demandflow.domain.signals;

import java.util.List;

/**
 * A production signal (SPEC R7), before it gets its key and emission time.
 *
 * @param kind INCREASE, UPDATE or RESOLVED
 * @param eligibleUnits E, eligible open units of all regions
 * @param supplyUnits S, committed supply
 * @param shortfallUnits E − S
 * @param recommendedUnits shortfall × (1 + buffer) rounded up to the lot; 0 on RESOLVED
 * @param usAtRisk open demand of the priority region exceeds supply (D_US &gt; S)
 * @param topRegions the regions with the most eligible units, largest first
 * @param sequence 1 for the key's first signal, then +1 per signal
 */
public record Signal(
    SignalKind kind,
    long eligibleUnits,
    long supplyUnits,
    long shortfallUnits,
    long recommendedUnits,
    boolean usAtRisk,
    List<RegionUnits> topRegions,
    long sequence) {

  public Signal {
    topRegions = List.copyOf(topRegions);
  }
}
