package io.demandflow.domain;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.CustomerDemand;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.Order;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.internal.LicensedRegionDemand;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DemandAggregationTest {

  private final Order first = order("o-1", 1).setQuantity(10).build();
  private final Order second =
      order("o-2", 1).setQuantity(5).setUnitPrice(new BigDecimal("29999.99")).build();

  @Test
  void shouldBuildTheRowFromTheOrderWhenTheRowIsNew() {
    // Given no row / When
    CustomerDemand row = DemandAggregation.add(null, first);

    // Then
    assertThat(row)
        .isEqualTo(
            CustomerDemand.newBuilder()
                .setCustomerId("ACME")
                .setProduct(first.getProduct())
                .setOpenUnits(10)
                .setOpenValue(new BigDecimal("300000.00"))
                .setOpenOrders(1)
                .build());
  }

  @Test
  void shouldSumOrdersWhenTheyShareARow() {
    // Given / When
    CustomerDemand row = DemandAggregation.add(DemandAggregation.add(null, first), second);

    // Then
    assertThat(row.getOpenUnits()).isEqualTo(15);
    assertThat(row.getOpenValue()).isEqualTo(new BigDecimal("449999.95"));
    assertThat(row.getOpenOrders()).isEqualTo(2);
  }

  @Test
  void shouldSubtractTheOrderWhenItIsRetracted() {
    // Given
    CustomerDemand both = DemandAggregation.add(DemandAggregation.add(null, first), second);

    // When
    CustomerDemand row = DemandAggregation.retract(both, second);

    // Then
    assertThat(row).isEqualTo(DemandAggregation.add(null, first));
  }

  @Test
  void shouldRemoveTheRowWhenTheLastOrderIsRetracted() {
    // Given
    CustomerDemand only = DemandAggregation.add(null, first);

    // When / Then
    assertThat(DemandAggregation.retract(only, first)).isNull();
    assertThat(DemandAggregation.retract((CustomerDemand) null, first)).isNull();
  }

  @Test
  void shouldRetractTheCountedRevisionAndAddTheNewOneWhenApplyingAnAmendment() {
    // Given a row of two orders
    CustomerDemand both = DemandAggregation.add(DemandAggregation.add(null, first), second);
    Order amended = Order.newBuilder(first).setRevision(2).setQuantity(3).build();

    // When the first is amended, then the second cancelled, then the first cancelled
    CustomerDemand afterAmendment = DemandAggregation.apply(both, first, amended);
    CustomerDemand afterCancellation = DemandAggregation.apply(afterAmendment, second, null);

    // Then
    assertThat(afterAmendment.getOpenUnits()).isEqualTo(8);
    assertThat(afterAmendment.getOpenOrders()).isEqualTo(2);
    assertThat(afterCancellation).isEqualTo(DemandAggregation.add(null, amended));
    assertThat(DemandAggregation.apply(afterCancellation, amended, null)).isNull();
  }

  @Test
  void shouldSplitUnitsByLicenseWhenAddingToALicensedRegionRow() {
    // Given / When: the first order's license qualifies, the second's does not
    LicensedRegionDemand row = LicensedRows.add(LicensedRows.add(null, first, true), second, false);

    // Then
    assertThat(row.getRegion()).isEqualTo("US");
    assertThat(row.getPeriod()).isEqualTo("2026-03");
    assertThat(row.getOpenUnits()).isEqualTo(15);
    assertThat(row.getLicensedUnits()).isEqualTo(10);
    assertThat(row.getUnlicensedUnits()).isEqualTo(5);
    assertThat(row.getOpenValue()).isEqualTo(new BigDecimal("449999.95"));
    assertThat(row.getOpenOrders()).isEqualTo(2);
  }

  @Test
  void shouldRetractWithTheLicenseSplitItWasAddedWithWhenRetractingFromALicensedRegionRow() {
    // Given
    LicensedRegionDemand both =
        LicensedRows.add(LicensedRows.add(null, first, true), second, false);

    // When
    LicensedRegionDemand row = LicensedRows.retract(both, second, false);

    // Then
    assertThat(row).isEqualTo(LicensedRows.add(null, first, true));
    assertThat(LicensedRows.retract(row, first, true)).isNull();
  }

  @Test
  void shouldTakeThePeriodFromTheRequestedDateWhenBuildingARegionRow() {
    // Given
    Order december = order("o-3", 1).setRequestedDate(LocalDate.of(2026, 12, 31)).build();

    // When / Then
    assertThat(LicensedRows.add(null, december, true).getPeriod()).isEqualTo("2026-12");
  }

  @Test
  void shouldCountEveryOpenUnitEligibleWhenTheRegionHasNoPolicy() {
    // Given 10 licensed and 5 unlicensed units in a region without a policy (SPEC §2 defaults)
    LicensedRegionDemand licensed =
        LicensedRows.add(LicensedRows.add(null, first, true), second, false);

    // When
    RegionDemand row = DemandAggregation.withPolicy(licensed, null);

    // Then no license is required: all 15 units are eligible, and the rest of the row is kept
    assertThat(row.getEligibleUnits()).isEqualTo(15);
    assertThat(row.getIneligibleUnits()).isZero();
    assertThat(row.getOpenUnits()).isEqualTo(15);
    assertThat(row.getOpenValue()).isEqualTo(new BigDecimal("449999.95"));
    assertThat(row.getOpenOrders()).isEqualTo(2);
    assertThat(row.getRegion() + "|" + row.getProduct() + "|" + row.getPeriod())
        .isEqualTo(licensed.getRegion() + "|" + licensed.getProduct() + "|2026-03");
  }

  @Test
  void shouldCountOnlyLicensedUnitsEligibleWhenThePolicyRequiresALicense() {
    // Given
    LicensedRegionDemand licensed =
        LicensedRows.add(LicensedRows.add(null, first, true), second, false);

    // When the region requires a license and its import is PENDING (the shipped CN policy)
    RegionDemand row =
        DemandAggregation.withPolicy(licensed, policy("US", true, ImportStatus.PENDING));

    // Then
    assertThat(row.getEligibleUnits()).isEqualTo(10);
    assertThat(row.getIneligibleUnits()).isEqualTo(5);
  }

  @Test
  void shouldCountNothingEligibleWhenImportIsDenied() {
    // Given
    LicensedRegionDemand licensed =
        LicensedRows.add(LicensedRows.add(null, first, true), second, false);

    // When / Then: DENIED overrides licenses, required or not
    for (boolean licenseRequired : new boolean[] {true, false}) {
      RegionDemand row =
          DemandAggregation.withPolicy(
              licensed, policy("US", licenseRequired, ImportStatus.DENIED));
      assertThat(row.getEligibleUnits()).isZero();
      assertThat(row.getIneligibleUnits()).isEqualTo(15);
    }
  }

  @Test
  void shouldKeepTheRowsIdentityWhenRetractingAnOrder() {
    // Given a row built from the first order
    CustomerDemand both = DemandAggregation.add(DemandAggregation.add(null, first), second);

    // When
    CustomerDemand row = DemandAggregation.retract(both, first);

    // Then
    assertThat(row.getCustomerId()).isEqualTo(both.getCustomerId());
    assertThat(row.getProduct()).isEqualTo(both.getProduct());
  }

  private static RegionPolicy policy(String region, boolean licenseRequired, ImportStatus status) {
    return RegionPolicy.newBuilder()
        .setRegion(region)
        .setLicenseRequired(licenseRequired)
        .setImportStatus(status)
        .setRevenueShareRate(BigDecimal.ZERO.setScale(4))
        .setEventTime(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }
}
