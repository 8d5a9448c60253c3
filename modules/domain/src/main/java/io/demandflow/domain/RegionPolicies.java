package io.demandflow.domain;

import io.demandflow.events.ImportStatus;
import io.demandflow.events.RegionPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Region policies: the defaults of SPEC §2 and the policy set demandflow ships. */
public final class RegionPolicies {

  /** Scale of revenueShareRate in the schema (decimal(5,4)). */
  public static final int RATE_SCALE = 4;

  private static final Instant SHIPPED_AT = Instant.parse("2026-01-01T00:00:00Z");

  private RegionPolicies() {}

  /**
   * The policy in force for {@code region}: {@code policy} itself, or the SPEC §2 default for a
   * region without one (no license required, import APPROVED, no revenue share).
   */
  public static RegionPolicy effective(String region, RegionPolicy policy) {
    return policy != null ? policy : defaultFor(region);
  }

  /** The policy of a region that has none. */
  public static RegionPolicy defaultFor(String region) {
    return RegionPolicy.newBuilder()
        .setRegion(region)
        .setLicenseRequired(false)
        .setImportStatus(ImportStatus.APPROVED)
        .setRevenueShareRate(BigDecimal.ZERO.setScale(RATE_SCALE))
        .setEventTime(SHIPPED_AT)
        .build();
  }

  /**
   * The shipped default policy set (SPEC §2), seeded by the demo: CN requires a license, its import
   * approval is PENDING, and 25 % of the revenue is owed to the US government.
   */
  public static List<RegionPolicy> shipped() {
    return List.of(
        RegionPolicy.newBuilder()
            .setRegion("CN")
            .setLicenseRequired(true)
            .setImportStatus(ImportStatus.PENDING)
            .setRevenueShareRate(new BigDecimal("0.2500"))
            .setEventTime(SHIPPED_AT)
            .build());
  }
}
