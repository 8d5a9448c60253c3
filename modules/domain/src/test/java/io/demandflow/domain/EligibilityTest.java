package io.demandflow.domain;

import static io.demandflow.testkit.OrderFixtures.H100;
import static io.demandflow.testkit.OrderFixtures.H200;
import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.testkit.OrderFixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EligibilityTest {

  private static final Order CN_ORDER =
      order("o-1", 1).setCustomerId("cn-cloud").setRegion("CN").build();

  private static ExportLicense.Builder license() {
    return OrderFixtures.license("cn-cloud", "CN", Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static RegionPolicy policy(boolean licenseRequired, ImportStatus importStatus) {
    return RegionPolicy.newBuilder()
        .setRegion("CN")
        .setLicenseRequired(licenseRequired)
        .setImportStatus(importStatus)
        .setRevenueShareRate(new BigDecimal("0.2500"))
        .setEventTime(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  private static final RegionPolicy CN_PENDING = policy(true, ImportStatus.PENDING);

  @Test
  void shouldBeEligibleWhenTheRegionHasNoPolicy() {
    assertThat(Eligibility.isEligible(CN_ORDER, null, null)).isTrue();
  }

  @Test
  void shouldBeIneligibleWhenALicenseIsRequiredAndThereIsNone() {
    assertThat(Eligibility.isEligible(CN_ORDER, null, CN_PENDING)).isFalse();
  }

  @Test
  void shouldBeEligibleWhenAnActiveLicenseCoversAllProducts() {
    // Import PENDING blocks allocation (R4), not eligibility: only DENIED does.
    assertThat(Eligibility.isEligible(CN_ORDER, license().build(), CN_PENDING)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = LicenseStatus.class,
      names = {"SUSPENDED", "REVOKED", "UNKNOWN"})
  void shouldBeIneligibleWhenTheLicenseIsNotActive(LicenseStatus status) {
    assertThat(Eligibility.isEligible(CN_ORDER, license().setStatus(status).build(), CN_PENDING))
        .isFalse();
  }

  @Test
  void shouldFollowTheProductListWhenTheLicenseIsProductLimited() {
    ExportLicense h200Only = license().setProducts(List.of(H200)).build();
    Order h100Order = Order.newBuilder(CN_ORDER).setProduct(H100).build();

    assertThat(Eligibility.isEligible(CN_ORDER, h200Only, CN_PENDING)).isTrue();
    assertThat(Eligibility.isEligible(h100Order, h200Only, CN_PENDING)).isFalse();
  }

  @Test
  void shouldCompareValidUntilWithTheRequestedDateWhenTheLicenseExpires() {
    LocalDate requested = CN_ORDER.getRequestedDate();

    assertThat(license().setValidUntil(requested).build())
        .satisfies(l -> assertThat(Eligibility.isEligible(CN_ORDER, l, CN_PENDING)).isTrue());
    assertThat(license().setValidUntil(requested.minusDays(1)).build())
        .satisfies(l -> assertThat(Eligibility.isEligible(CN_ORDER, l, CN_PENDING)).isFalse());
  }

  @Test
  void shouldBeIneligibleWhenImportIsDeniedEvenWithoutLicenseRequirement() {
    assertThat(Eligibility.isEligible(CN_ORDER, null, policy(false, ImportStatus.DENIED)))
        .isFalse();
    assertThat(
            Eligibility.isEligible(CN_ORDER, license().build(), policy(true, ImportStatus.DENIED)))
        .isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = ImportStatus.class,
      names = {"APPROVED", "CONDITIONAL", "PENDING"})
  void shouldBeEligibleWhenNoLicenseIsRequiredAndImportIsNotDenied(ImportStatus status) {
    assertThat(Eligibility.isEligible(CN_ORDER, null, policy(false, status))).isTrue();
  }

  @Test
  void shouldNotQualifyWhenTheLicenseBelongsToAnotherCustomerOrRegion() {
    assertThat(Eligibility.licenseQualifies(license().setCustomerId("other").build(), CN_ORDER))
        .isFalse();
    assertThat(Eligibility.licenseQualifies(license().setRegion("HK").build(), CN_ORDER)).isFalse();
  }

  @Test
  void shouldShipTheChinaPolicyOfTheSpecWhenAskedForDefaults() {
    RegionPolicy cn = RegionPolicies.shipped().get(0);
    assertThat(cn.getRegion()).isEqualTo("CN");
    assertThat(cn.getLicenseRequired()).isTrue();
    assertThat(cn.getImportStatus()).isEqualTo(ImportStatus.PENDING);
    assertThat(cn.getRevenueShareRate()).isEqualByComparingTo("0.25");
    assertThat(RegionPolicies.effective("DE", null).getImportStatus())
        .isEqualTo(ImportStatus.APPROVED);
  }

  @Test
  void shouldGiveTheSameEligibleUnitsPerRowAsPerOrderForEveryPolicy() {
    // Given seeded random CN orders (products, dates, quantities) and licenses of every kind
    java.util.Random random = new java.util.Random(20261127L);
    List<Order> orders = new java.util.ArrayList<>();
    List<ExportLicense> licenses = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      orders.add(
          order("o-" + i, 1)
              .setCustomerId("cn-cloud")
              .setRegion("CN")
              .setProduct(random.nextBoolean() ? H200 : H100)
              .setRequestedDate(java.time.LocalDate.of(2026, 3, 1 + random.nextInt(31)))
              .setQuantity(1 + random.nextInt(500))
              .build());
      licenses.add(
          random.nextInt(5) == 0
              ? null
              : license()
                  .setStatus(LicenseStatus.values()[random.nextInt(LicenseStatus.values().length)])
                  .setProducts(random.nextBoolean() ? List.of() : List.of(H200))
                  .setValidUntil(
                      random.nextBoolean()
                          ? null
                          : java.time.LocalDate.of(2026, 3, 1 + random.nextInt(31)))
                  .build());
    }
    for (boolean licenseRequired : new boolean[] {true, false}) {
      for (ImportStatus status : ImportStatus.values()) {
        RegionPolicy policy = policy(licenseRequired, status);
        // When eligibility is decided per order, and per row (one per product) from the license
        // split
        long perOrder = 0;
        java.util.Map<String, io.demandflow.events.internal.LicensedRegionDemand> rows =
            new java.util.HashMap<>();
        for (int i = 0; i < orders.size(); i++) {
          Order order = orders.get(i);
          ExportLicense license = licenses.get(i);
          if (Eligibility.isEligible(order, license, policy)) {
            perOrder += order.getQuantity();
          }
          boolean qualifies = Eligibility.licenseQualifies(license, order);
          rows.merge(
              order.getProduct(),
              LicensedRows.add(null, order, qualifies),
              (current, added) -> LicensedRows.add(current, order, qualifies));
        }
        long perRow =
            rows.values().stream()
                .mapToLong(row -> DemandAggregation.withPolicy(row, policy).getEligibleUnits())
                .sum();
        // Then both give the same eligible units
        assertThat(perRow)
            .as("license required %s, import %s", licenseRequired, status)
            .isEqualTo(perOrder);
      }
    }
  }
}
