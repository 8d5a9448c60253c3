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
    return ExportLicense.newBuilder()
        .setLicenseId("L-1")
        .setCustomerId("cn-cloud")
        .setRegion("CN")
        .setProducts(List.of())
        .setMaxUnits(null)
        .setValidUntil(null)
        .setStatus(LicenseStatus.ACTIVE)
        .setEventTime(Instant.parse("2026-01-01T00:00:00Z"));
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
}
