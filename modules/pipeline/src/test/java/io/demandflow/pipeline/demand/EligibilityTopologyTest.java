package io.demandflow.pipeline.demand;

import static io.demandflow.testkit.OrderFixtures.H100;
import static io.demandflow.testkit.OrderFixtures.H200;
import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RegionPolicy;
import io.demandflow.pipeline.PipelineDriver;
import io.demandflow.testkit.OrderFixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Eligibility (SPEC R2) in the region demand table: every open order qualified against its
 * customer's license, the region's policy applied to the rows, and every change re-evaluated.
 */
class EligibilityTopologyTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String PERIOD = "2026-03";

  private final PipelineDriver pipeline = new PipelineDriver();

  @AfterEach
  void close() {
    pipeline.close();
  }

  private static Order cnOrder(String orderId, int quantity) {
    return order(orderId, 1)
        .setCustomerId("cn-cloud")
        .setRegion("CN")
        .setQuantity(quantity)
        .build();
  }

  private static ExportLicense.Builder license() {
    return OrderFixtures.license("cn-cloud", "CN", T);
  }

  private static RegionPolicy cnPolicy(ImportStatus status) {
    return RegionPolicy.newBuilder()
        .setRegion("CN")
        .setLicenseRequired(true)
        .setImportStatus(status)
        .setRevenueShareRate(new BigDecimal("0.2500"))
        .setEventTime(T)
        .build();
  }

  private RegionDemand cn(String product) {
    return pipeline.regionDemand("CN", product, PERIOD);
  }

  @Test
  void shouldCountDemandAsEligibleWhenTheRegionHasNoPolicy() {
    // Given / When
    pipeline.send(cnOrder("o-1", 10));

    // Then
    assertThat(cn(H200).getEligibleUnits()).isEqualTo(10);
    assertThat(cn(H200).getIneligibleUnits()).isZero();
  }

  @Test
  void shouldMakeDemandEligibleWhenTheLicenseIsGrantedLater() {
    // Given a region requiring a license and an order without one
    pipeline.send(cnPolicy(ImportStatus.PENDING));
    pipeline.send(cnOrder("o-1", 10));
    assertThat(cn(H200).getIneligibleUnits()).isEqualTo(10);

    // When the license arrives
    pipeline.send(license().build());

    // Then the same order is now eligible: no units counted twice
    assertThat(cn(H200).getEligibleUnits()).isEqualTo(10);
    assertThat(cn(H200).getIneligibleUnits()).isZero();
    assertThat(cn(H200).getOpenUnits()).isEqualTo(10);
  }

  @Test
  void shouldMakeDemandIneligibleWhenTheLicenseIsRevokedOrSuspended() {
    // Given an eligible order
    pipeline.send(cnPolicy(ImportStatus.PENDING));
    pipeline.send(license().build());
    pipeline.send(cnOrder("o-1", 10));
    assertThat(cn(H200).getEligibleUnits()).isEqualTo(10);

    // When the license is revoked
    pipeline.send(license().setStatus(LicenseStatus.REVOKED).build());

    // Then
    assertThat(cn(H200).getEligibleUnits()).isZero();
    assertThat(cn(H200).getIneligibleUnits()).isEqualTo(10);

    // And a tombstone (license deleted) keeps it ineligible
    pipeline.send(pipeline.topics().licenses(), "cn-cloud|CN", null);
    assertThat(cn(H200).getIneligibleUnits()).isEqualTo(10);
  }

  @Test
  void shouldChangeEachRegionRowOnceWhenALicenseChangeRequalifiesManyOpenOrders() {
    // Given 40 open CN orders of one customer on two region rows, ineligible without a license
    pipeline.send(cnPolicy(ImportStatus.PENDING));
    for (int i = 0; i < 40; i++) {
      pipeline.send(
          Order.newBuilder(cnOrder("o-" + i, 1 + i % 3))
              .setProduct(i % 2 == 0 ? H200 : H100)
              .build());
    }
    pipeline.read(pipeline.topics().regionDemand());
    long h200 = cn(H200).getOpenUnits();
    long h100 = cn(H100).getOpenUnits();

    // When the license is granted
    pipeline.send(license().build());

    // Then every order is eligible now, and the re-qualification published one update per row
    assertThat(cn(H200).getEligibleUnits()).isEqualTo(h200);
    assertThat(cn(H100).getEligibleUnits()).isEqualTo(h100);
    assertThat(cn(H200).getOpenOrders() + cn(H100).getOpenOrders()).isEqualTo(40);
    assertThat(pipeline.read(pipeline.topics().regionDemand()))
        .extracting(record -> record.value().getProduct())
        .containsExactlyInAnyOrder(H200, H100);

    // And an order amended after the change is retracted with the qualification it was counted
    // with: revoking the license moves exactly the open units back
    pipeline.send(Order.newBuilder(cnOrder("o-0", 7)).setRevision(2).build());
    pipeline.send(license().setStatus(LicenseStatus.SUSPENDED).build());
    assertThat(cn(H200).getEligibleUnits()).isZero();
    assertThat(cn(H200).getIneligibleUnits())
        .isEqualTo(cn(H200).getOpenUnits())
        .isEqualTo(h200 + 6);
  }

  @Test
  void shouldSplitByProductWhenTheLicenseIsProductLimited() {
    // Given a license for H200 only
    pipeline.send(cnPolicy(ImportStatus.PENDING));
    pipeline.send(license().setProducts(List.of(H200)).build());

    // When the customer orders both products
    pipeline.send(cnOrder("o-1", 10));
    pipeline.send(Order.newBuilder(cnOrder("o-2", 7)).setProduct(H100).build());

    // Then
    assertThat(cn(H200).getEligibleUnits()).isEqualTo(10);
    assertThat(cn(H100).getEligibleUnits()).isZero();
    assertThat(cn(H100).getIneligibleUnits()).isEqualTo(7);
  }

  @Test
  void shouldBeIneligibleWhenTheLicenseExpiresBeforeTheRequestedDate() {
    // Given a license valid until the day before the order's requested date (2026-03-15)
    pipeline.send(cnPolicy(ImportStatus.PENDING));
    pipeline.send(license().setValidUntil(LocalDate.of(2026, 3, 14)).build());

    // When
    pipeline.send(cnOrder("o-1", 10));

    // Then
    assertThat(cn(H200).getIneligibleUnits()).isEqualTo(10);

    // And extending the license to the requested date makes it eligible
    pipeline.send(license().setValidUntil(LocalDate.of(2026, 3, 15)).build());
    assertThat(cn(H200).getEligibleUnits()).isEqualTo(10);
  }

  @Test
  void shouldFollowThePolicyWhenItSwitchesFromPendingToApprovedToDenied() {
    // Given a licensed order
    pipeline.send(cnPolicy(ImportStatus.PENDING));
    pipeline.send(license().build());
    pipeline.send(cnOrder("o-1", 10));
    assertThat(cn(H200).getEligibleUnits()).isEqualTo(10);

    // When import is approved, it stays eligible
    pipeline.send(cnPolicy(ImportStatus.APPROVED));
    assertThat(cn(H200).getEligibleUnits()).isEqualTo(10);

    // When import is denied, it becomes ineligible, licensed or not
    pipeline.send(cnPolicy(ImportStatus.DENIED));
    assertThat(cn(H200).getEligibleUnits()).isZero();
    assertThat(cn(H200).getIneligibleUnits()).isEqualTo(10);
  }

  @Test
  void shouldRetractWithTheEligibilityItWasCountedWithWhenAnOrderIsCancelledAfterAChange() {
    // Given an order counted as ineligible, then made eligible by a license
    pipeline.send(cnPolicy(ImportStatus.PENDING));
    pipeline.send(cnOrder("o-1", 10));
    pipeline.send(license().build());

    // When the order is cancelled
    pipeline.send(
        Order.newBuilder(cnOrder("o-1", 10))
            .setRevision(2)
            .setStatus(io.demandflow.events.OrderStatus.CANCELLED)
            .build());

    // Then the row goes away entirely (no negative eligible or ineligible units left behind)
    assertThat(cn(H200)).isNull();
  }

  @Test
  void shouldLeaveOtherRegionsAloneWhenAPolicyChanges() {
    // Given a US order and a CN order
    pipeline.send(order("o-us", 1).setQuantity(5).build());
    pipeline.send(cnOrder("o-cn", 10));

    // When CN import is denied
    pipeline.send(cnPolicy(ImportStatus.DENIED));

    // Then US demand stays eligible
    assertThat(pipeline.regionDemand("US", H200, PERIOD).getEligibleUnits()).isEqualTo(5);
    assertThat(cn(H200).getIneligibleUnits()).isEqualTo(10);
  }
}
