package io.demandflow.domain;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.internal.LicensedDemandBucket;
import io.demandflow.events.internal.LicensedRegionDemandChange;
import io.demandflow.testkit.OrderFixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicensedDemandBucketsTest {

  private final Order first = order("o-1", 1).setQuantity(10).build();
  private final Order second =
      order("o-2", 1).setQuantity(5).setUnitPrice(new BigDecimal("29999.99")).build();

  @Test
  void shouldSumOpenOrdersAndKeepTheQualificationOfANewBucket() {
    // When
    LicensedDemandBucket bucket =
        LicensedDemandBuckets.add(LicensedDemandBuckets.add(null, first, true), second, false);

    // Then the second order joins the bucket as the bucket counts: qualifying
    assertThat(bucket.getCustomerId() + "|" + bucket.getRegion() + "|" + bucket.getProduct())
        .isEqualTo(first.getCustomerId() + "|US|" + first.getProduct());
    assertThat(bucket.getRequestedDate()).isEqualTo(first.getRequestedDate());
    assertThat(bucket.getOpenUnits()).isEqualTo(15);
    assertThat(bucket.getOpenValue()).isEqualTo(new BigDecimal("449999.95"));
    assertThat(bucket.getOpenOrders()).isEqualTo(2);
    assertThat(bucket.getLicenseQualifies()).isTrue();
  }

  @Test
  void shouldRemoveTheBucketWithItsLastOpenOrder() {
    // Given
    LicensedDemandBucket both =
        LicensedDemandBuckets.add(LicensedDemandBuckets.add(null, first, false), second, false);

    // When / Then
    LicensedDemandBucket onlyFirst = LicensedDemandBuckets.retract(both, second);
    assertThat(onlyFirst).isEqualTo(LicensedDemandBuckets.add(null, first, false));
    assertThat(LicensedDemandBuckets.retract(onlyFirst, first)).isNull();
  }

  @Test
  void shouldQualifyABucketAsTheLicenseQualifiesEachOfItsOrders() {
    // Given a bucket and licenses that differ in status, products and validity
    LicensedDemandBucket bucket = LicensedDemandBuckets.add(null, first, false);
    ExportLicense active =
        OrderFixtures.license(first.getCustomerId(), "US", Instant.EPOCH).build();
    List<ExportLicense> licenses =
        List.of(
            active,
            ExportLicense.newBuilder(active).setStatus(LicenseStatus.SUSPENDED).build(),
            ExportLicense.newBuilder(active).setProducts(List.of("OTHER")).build(),
            ExportLicense.newBuilder(active)
                .setValidUntil(first.getRequestedDate().minusDays(1))
                .build(),
            ExportLicense.newBuilder(active).setValidUntil(first.getRequestedDate()).build(),
            ExportLicense.newBuilder(active).setRegion("CN").build());

    // Then the bucket qualifies exactly when its orders do
    for (ExportLicense license : licenses) {
      assertThat(LicensedDemandBuckets.licenseQualifies(license, bucket))
          .as("%s", license)
          .isEqualTo(Eligibility.licenseQualifies(license, first));
    }
    assertThat(LicensedDemandBuckets.licenseQualifies(null, bucket)).isFalse();
  }

  @Test
  void shouldMoveAllOfABucketsUnitsWhenItIsRequalified() {
    // Given a bucket of two orders counted as not qualifying, and a single order on another date
    LicensedDemandBucket bucket =
        LicensedDemandBuckets.add(LicensedDemandBuckets.add(null, first, false), second, false);
    Order later =
        order("o-3", 1).setQuantity(2).setRequestedDate(LocalDate.of(2026, 3, 30)).build();
    LicensedDemandBucket other = LicensedDemandBuckets.add(null, later, false);

    // When a license change makes both qualify
    List<LicensedRegionDemandChange> changes =
        new LicensedRegionDemandChanges().requalify(bucket, true).requalify(other, true).changes();

    // Then one change for their (common) row: 17 units move to licensed, nothing else changes
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).getLicensedUnits()).isEqualTo(17);
    assertThat(changes.get(0).getUnlicensedUnits()).isEqualTo(-17);
    assertThat(changes.get(0).getOpenUnits()).isZero();
    assertThat(changes.get(0).getOpenOrders()).isZero();
    assertThat(LicensedDemandBuckets.withQualification(bucket, true).getLicenseQualifies())
        .isTrue();
    assertThat(new LicensedRegionDemandChanges().requalify(bucket, false).changes()).isEmpty();
  }
}
