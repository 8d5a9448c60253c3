package io.demandflow.domain.signals;

/** A region and its eligible open units for one product and period. */
public record RegionUnits(String region, long eligibleUnits) {}
