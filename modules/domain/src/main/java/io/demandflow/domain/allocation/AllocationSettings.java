package io.demandflow.domain.allocation;

import java.util.Objects;

/**
 * Settings of the allocation ledger.
 *
 * @param priorityRegion the region whose open demand is reserved first (SPEC R4: US)
 * @param preemptionEnabled whether non-priority grants are revoked when they eat into what priority
 *     demand needs (SPEC R5; on by default)
 */
public record AllocationSettings(String priorityRegion, boolean preemptionEnabled) {

  /**
   * Unless configured otherwise: US first (SPEC R4), with preemption. The one declaration of the
   * default priority region; allocation, signals, the order book and the service's gauges all read
   * the one setting {@code demandflow.allocation.priority-region}.
   */
  public static final AllocationSettings DEFAULTS = new AllocationSettings("US", true);

  public AllocationSettings {
    Objects.requireNonNull(priorityRegion, "priorityRegion");
  }
}
