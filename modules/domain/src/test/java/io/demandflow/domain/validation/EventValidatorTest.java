package io.demandflow.domain.validation;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demandflow.domain.validation.Violation.Reason;
import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static List<Reason> reasons(Object event) {
    return EventValidator.validate(event).stream().map(Violation::reason).toList();
  }

  @Test
  void shouldAcceptAValidOrder() {
    assertThat(EventValidator.validate(order("o-1", 1).build())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5})
  void shouldRejectAnOpenOrderWhenQuantityIsNotPositive(int quantity) {
    assertThat(reasons(order("o-1", 1).setQuantity(quantity).build()))
        .containsExactly(Reason.INVALID_QUANTITY);
    assertThat(
            reasons(order("o-1", 2).setStatus(OrderStatus.AMENDED).setQuantity(quantity).build()))
        .containsExactly(Reason.INVALID_QUANTITY);
  }

  @Test
  void shouldAcceptACancelledOrderWhenQuantityIsZero() {
    assertThat(reasons(order("o-1", 2).setStatus(OrderStatus.CANCELLED).setQuantity(0).build()))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"USA", "us", "", "U1"})
  void shouldRejectAnOrderWhenRegionIsMalformed(String region) {
    assertThat(reasons(order("o-1", 1).setRegion(region).build()))
        .containsExactly(Reason.INVALID_REGION);
  }

  @Test
  void shouldRejectAnOrderWhenIdsAreBlankOrPriceNegative() {
    assertThat(
            reasons(
                order(" ", 1)
                    .setCustomerId("")
                    .setUnitPrice(new BigDecimal("-1.00"))
                    .setStatus(OrderStatus.UNKNOWN)
                    .build()))
        .containsExactlyInAnyOrder(
            Reason.BLANK_ID, Reason.BLANK_ID, Reason.NEGATIVE_PRICE, Reason.UNKNOWN_SYMBOL);
  }

  @Test
  void shouldRejectARequestWhenQuantityIsNotPositiveButIgnoreItOnRelease() {
    AllocationRequest.Builder request =
        AllocationRequest.newBuilder()
            .setAllocationId("a-1")
            .setOrderId("o-1")
            .setQuantity(0)
            .setAction(AllocationAction.REQUEST)
            .setEventTime(T)
            .setSource("erp");
    assertThat(reasons(request.build())).containsExactly(Reason.INVALID_QUANTITY);
    assertThat(reasons(request.setAction(AllocationAction.RELEASE).build())).isEmpty();
  }

  @Test
  void shouldRejectSupplyWhenPeriodIsMalformedOrUnitsNegative() {
    Supply.Builder supply =
        Supply.newBuilder()
            .setProduct("H200")
            .setPeriod("2026-03")
            .setUnits(100)
            .setEventTime(T)
            .setSource("plan");
    assertThat(reasons(supply.build())).isEmpty();
    assertThat(reasons(supply.setPeriod("2026-13").build())).containsExactly(Reason.INVALID_PERIOD);
    assertThat(reasons(supply.setPeriod("2026-3").setUnits(-1).build()))
        .containsExactlyInAnyOrder(Reason.INVALID_PERIOD, Reason.NEGATIVE_UNITS);
  }

  @Test
  void shouldRejectALicenseWhenCapIsNegativeOrAProductIsBlank() {
    ExportLicense.Builder license =
        ExportLicense.newBuilder()
            .setLicenseId("L-1")
            .setCustomerId("c")
            .setRegion("CN")
            .setProducts(List.of("H200"))
            .setMaxUnits(10L)
            .setValidUntil(null)
            .setStatus(LicenseStatus.ACTIVE)
            .setEventTime(T);
    assertThat(reasons(license.build())).isEmpty();
    assertThat(reasons(license.setMaxUnits(-1L).setProducts(List.of(" ")).build()))
        .containsExactlyInAnyOrder(Reason.NEGATIVE_UNITS, Reason.BLANK_ID);
  }

  @Test
  void shouldRejectAPolicyWhenRateIsOutsideZeroToOne() {
    RegionPolicy.Builder policy =
        RegionPolicy.newBuilder()
            .setRegion("CN")
            .setLicenseRequired(true)
            .setImportStatus(ImportStatus.PENDING)
            .setRevenueShareRate(new BigDecimal("0.2500"))
            .setEventTime(T);
    assertThat(reasons(policy.build())).isEmpty();
    assertThat(reasons(policy.setRevenueShareRate(new BigDecimal("1.5000")).build()))
        .containsExactly(Reason.INVALID_RATE);
    assertThat(reasons(policy.setRevenueShareRate(new BigDecimal("-0.0100")).build()))
        .containsExactly(Reason.INVALID_RATE);
  }

  @Test
  void shouldRefuseObjectsThatAreNotInputEvents() {
    assertThatThrownBy(() -> EventValidator.validate("text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }
}
