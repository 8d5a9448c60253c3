package io.demandflow.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.RegionDemand;
import io.demandflow.service.metrics.StoreGauges.ProductFigure;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StoreGaugesTest {

  private static RegionDemand row(String region, long open) {
    return RegionDemand.newBuilder()
        .setRegion(region)
        .setProduct("H200")
        .setPeriod("2026-03")
        .setOpenUnits(open)
        .setEligibleUnits(open)
        .setIneligibleUnits(0)
        .setOpenValue(BigDecimal.ZERO.setScale(2))
        .setOpenOrders(1)
        .build();
  }

  private static ProductFigure priorityOpenUnits(String priorityRegion) {
    return StoreGauges.demandFigures(priorityRegion).stream()
        .filter(figure -> figure.meterName().equals(StoreGauges.US_OPEN_UNITS))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldCountOpenUnitsOfTheConfiguredPriorityRegionWhenItIsNotUs() {
    // Given the priority region set to DE
    ProductFigure figure = priorityOpenUnits("DE");

    // When / Then: DE rows count, US rows do not
    assertThat(figure.amountOf().applyAsLong(row("DE", 7))).isEqualTo(7);
    assertThat(figure.amountOf().applyAsLong(row("US", 5))).isZero();
    assertThat(figure.productOf().apply(row("DE", 7))).isEqualTo("H200");
  }

  @Test
  void shouldCountUsOpenUnitsWhenThePriorityRegionIsTheDefault() {
    // Given the default priority region
    ProductFigure figure = priorityOpenUnits("US");

    // When / Then
    assertThat(figure.amountOf().applyAsLong(row("US", 5))).isEqualTo(5);
    assertThat(figure.amountOf().applyAsLong(row("CN", 9))).isZero();
  }
}
