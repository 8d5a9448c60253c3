package io.demandflow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DemandTotalsTest {

  private static final OrderContribution TEN =
      new OrderContribution(10, new BigDecimal("300000.00"), 1, 10, 0);
  private static final OrderContribution FIVE_INELIGIBLE =
      new OrderContribution(5, new BigDecimal("0.05"), 1, 0, 5);

  @Test
  void shouldSumEveryFieldWhenContributionsAreAdded() {
    // Given / When
    DemandTotals totals = DemandTotals.EMPTY.plus(TEN).plus(FIVE_INELIGIBLE);

    // Then
    assertThat(totals).isEqualTo(new DemandTotals(15, new BigDecimal("300000.05"), 2, 10, 5));
    assertThat(totals.isEmpty()).isFalse();
  }

  @Test
  void shouldReturnToTheStartWhenAnAddedContributionIsRetracted() {
    // Given
    DemandTotals before = DemandTotals.EMPTY.plus(TEN);

    // When
    DemandTotals after = before.plus(FIVE_INELIGIBLE).minus(FIVE_INELIGIBLE);

    // Then: exact, including the decimal scale
    assertThat(after).isEqualTo(before);
    assertThat(after.openValue()).hasScaleOf(2);
  }

  @Test
  void shouldBeZeroOnlyWhenEveryFigureIsZero() {
    // Given a net change that only moves units between eligible and ineligible
    DemandTotals moved =
        DemandTotals.EMPTY
            .minus(OrderContribution.of(10, new BigDecimal("300000.00"), 1, false))
            .plus(OrderContribution.of(10, new BigDecimal("300000.00"), 1, true));

    // When / Then: no open order or unit changed, yet it is not zero
    assertThat(moved.isEmpty()).isTrue();
    assertThat(moved.isZero()).isFalse();
    assertThat(moved.plus(TEN).minus(TEN).isZero()).isFalse();
    assertThat(DemandTotals.EMPTY.plus(TEN).minus(TEN).isZero()).isTrue();
  }

  @Test
  void shouldBeEmptyWhenTheLastOrderIsRetracted() {
    // Given / When
    DemandTotals totals = DemandTotals.EMPTY.plus(TEN).minus(TEN);

    // Then
    assertThat(totals.isEmpty()).isTrue();
    assertThat(totals).isEqualTo(DemandTotals.EMPTY);
  }

  @Test
  void shouldNotDriftWhenManyCentsAreSummed() {
    // Given a value that binary floating point cannot hold
    OrderContribution tenCents = new OrderContribution(1, new BigDecimal("0.10"), 1, 1, 0);
    DemandTotals totals = DemandTotals.EMPTY;

    // When
    for (int i = 0; i < 1000; i++) {
      totals = totals.plus(tenCents);
    }

    // Then
    assertThat(totals.openValue()).isEqualTo(new BigDecimal("100.00"));
  }

  @Test
  void shouldFailWhenUnitsOverflow() {
    // Given
    DemandTotals nearMax = new DemandTotals(Long.MAX_VALUE, BigDecimal.ZERO, 1, 0, 0);

    // When / Then: never wrap around silently
    assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> nearMax.plus(TEN));
  }

  @Test
  void shouldRejectSubCentValuesWhenConstructed() {
    // Given / When / Then: totals hold cents only
    assertThatExceptionOfType(ArithmeticException.class)
        .isThrownBy(() -> new DemandTotals(1, new BigDecimal("0.001"), 1, 1, 0));
  }
}
