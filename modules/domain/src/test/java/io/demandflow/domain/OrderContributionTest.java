package io.demandflow.domain;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.OrderStatus;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderContributionTest {

  @Test
  void shouldContributeQuantityValueAndOneOrderWhenTheOrderIsOpen() {
    // Given
    var placed = order("o-1", 1).setQuantity(3).setUnitPrice(new BigDecimal("12.34")).build();

    // When
    OrderContribution contribution = OrderContribution.of(placed, true);

    // Then
    assertThat(contribution).isEqualTo(new OrderContribution(3, new BigDecimal("37.02"), 1, 3, 0));
    assertThat(contribution.value().scale()).isEqualTo(2);
  }

  @Test
  void shouldCountUnitsAsIneligibleWhenTheOrderIsNotEligible() {
    // Given
    var placed = order("o-1", 1).setQuantity(7).build();

    // When
    OrderContribution contribution = OrderContribution.of(placed, false);

    // Then
    assertThat(contribution.units()).isEqualTo(7);
    assertThat(contribution.eligibleUnits()).isZero();
    assertThat(contribution.ineligibleUnits()).isEqualTo(7);
  }

  @Test
  void shouldContributeNothingWhenTheOrderIsCancelled() {
    // Given
    var cancelled = order("o-1", 2).setStatus(OrderStatus.CANCELLED).build();

    // When / Then
    assertThat(OrderContribution.of(cancelled, true)).isEqualTo(OrderContribution.NONE);
    assertThat(OrderContribution.NONE.value()).isEqualByComparingTo("0").hasScaleOf(2);
  }

  @Test
  void shouldTreatTheOrderAsOpenWhenItsStatusIsUnknown() {
    // Given a status symbol added by a newer writer
    var unknown = order("o-1", 2).setStatus(OrderStatus.UNKNOWN).setQuantity(2).build();

    // When / Then
    assertThat(OrderContribution.of(unknown, true).units()).isEqualTo(2);
  }

  @Test
  void shouldKeepCentsExactWhenValuesAreLarge() {
    // Given a price near the top of decimal(18,2) and the largest quantity
    var big =
        order("o-1", 1)
            .setQuantity(Integer.MAX_VALUE)
            .setUnitPrice(new BigDecimal("9999999999999999.99"))
            .build();

    // When
    BigDecimal value = OrderContribution.of(big, true).value();

    // Then
    assertThat(value).isEqualTo(new BigDecimal("21474836469999999978525163.53"));
  }

  @Test
  void shouldScaleToCentsWhenThePriceHasFewerDecimals() {
    // Given
    var whole = order("o-1", 1).setQuantity(4).setUnitPrice(new BigDecimal("25")).build();

    // When / Then
    assertThat(OrderContribution.of(whole, true).value()).isEqualTo(new BigDecimal("100.00"));
  }

  @Test
  void shouldRoundHalfEvenToCentsWhenThePriceHasMoreDecimals() {
    // Given prices the schema cannot carry (scale 3)
    var down = order("o-1", 1).setQuantity(1).setUnitPrice(new BigDecimal("0.125")).build();
    var up = order("o-2", 1).setQuantity(1).setUnitPrice(new BigDecimal("0.135")).build();

    // When / Then: banker's rounding, once per order
    assertThat(OrderContribution.of(down, true).value()).isEqualTo(new BigDecimal("0.12"));
    assertThat(OrderContribution.of(up, true).value()).isEqualTo(new BigDecimal("0.14"));
  }
}
