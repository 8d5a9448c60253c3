package io.demandflow.domain.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.RegionDemand;
import io.demandflow.events.internal.ProductDemand;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductDemandAggregationTest {

  private static RegionDemand row(String region, long open, long eligible) {
    return RegionDemand.newBuilder()
        .setRegion(region)
        .setProduct("H200")
        .setPeriod("2026-03")
        .setOpenUnits(open)
        .setEligibleUnits(eligible)
        .setIneligibleUnits(open - eligible)
        .setOpenValue(BigDecimal.ZERO.setScale(2))
        .setOpenOrders(1)
        .build();
  }

  @Test
  void shouldKeepOneEntryPerRegionWhenRowsAreAddedAndReplaced() {
    // Given / When: US, CN, then CN's row replaced (retract old, add new)
    ProductDemand demand = ProductDemandAggregation.add(null, row("US", 10, 10));
    demand = ProductDemandAggregation.add(demand, row("CN", 30, 20));
    demand = ProductDemandAggregation.retract(demand, row("CN", 30, 20));
    demand = ProductDemandAggregation.add(demand, row("CN", 50, 50));

    // Then
    assertThat(demand.getProduct()).isEqualTo("H200");
    assertThat(demand.getPeriod()).isEqualTo("2026-03");
    assertThat(demand.getEligibleUnitsByRegion()).isEqualTo(Map.of("US", 10L, "CN", 50L));
    assertThat(demand.getOpenUnitsByRegion()).isEqualTo(Map.of("US", 10L, "CN", 50L));
    assertThat(ProductDemandAggregation.eligibleUnits(demand.getEligibleUnitsByRegion()))
        .isEqualTo(60);
  }

  @Test
  void shouldRemoveTheRowWhenItsLastRegionIsRetracted() {
    // Given
    ProductDemand demand = ProductDemandAggregation.add(null, row("US", 10, 10));

    // When / Then
    assertThat(ProductDemandAggregation.retract(demand, row("US", 10, 10))).isNull();
    assertThat(ProductDemandAggregation.retract(null, row("US", 10, 10))).isNull();
  }
}
