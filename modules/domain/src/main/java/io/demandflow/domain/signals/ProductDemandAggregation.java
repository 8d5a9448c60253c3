package io.demandflow.domain.signals;

import io.demandflow.events.RegionDemand;
import io.demandflow.events.internal.ProductDemand;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums the region demand rows (SPEC R3) of one product and period into a {@link ProductDemand}: one
 * entry per region, so a row's new version replaces its old one. The row exists while at least one
 * region row does; retracting the last returns {@code null}, which removes it.
 *
 * <p>Maps are kept sorted by region so the serialized bytes do not depend on insertion order.
 */
public final class ProductDemandAggregation {

  private ProductDemandAggregation() {}

  /** {@code current} (or a new row) with {@code row}'s region set to its units. */
  public static ProductDemand add(ProductDemand current, RegionDemand row) {
    Map<String, Long> eligible = copy(current == null ? null : current.getEligibleUnitsByRegion());
    Map<String, Long> open = copy(current == null ? null : current.getOpenUnitsByRegion());
    eligible.put(row.getRegion(), row.getEligibleUnits());
    open.put(row.getRegion(), row.getOpenUnits());
    return new ProductDemand(row.getProduct(), row.getPeriod(), eligible, open);
  }

  /** {@code current} without {@code row}'s region, or {@code null} when no region is left. */
  public static ProductDemand retract(ProductDemand current, RegionDemand row) {
    if (current == null) {
      return null;
    }
    Map<String, Long> eligible = copy(current.getEligibleUnitsByRegion());
    Map<String, Long> open = copy(current.getOpenUnitsByRegion());
    eligible.remove(row.getRegion());
    open.remove(row.getRegion());
    return open.isEmpty()
        ? null
        : new ProductDemand(current.getProduct(), current.getPeriod(), eligible, open);
  }

  /** E: eligible open units of all regions. */
  public static long eligibleUnits(Map<String, Long> eligibleByRegion) {
    return eligibleByRegion.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact);
  }

  private static Map<String, Long> copy(Map<String, Long> map) {
    return map == null ? new TreeMap<>() : new TreeMap<>(map);
  }
}
