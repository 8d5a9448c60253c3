package io.demandflow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PeriodsTest {

  @Test
  void shouldFormatYearAndMonthWhenGivenADate() {
    // Given / When / Then
    assertThat(Periods.of(LocalDate.of(2026, 3, 15))).isEqualTo("2026-03");
    assertThat(Periods.of(LocalDate.of(2026, 12, 1))).isEqualTo("2026-12");
  }

  @Test
  void shouldKeepTheMonthWhenTheDateIsItsFirstOrLastDay() {
    // Given / When / Then: month boundaries belong to their own month
    assertThat(Periods.of(LocalDate.of(2026, 1, 31))).isEqualTo("2026-01");
    assertThat(Periods.of(LocalDate.of(2026, 2, 1))).isEqualTo("2026-02");
    assertThat(Periods.of(LocalDate.of(2028, 2, 29))).isEqualTo("2028-02");
  }

  @Test
  void shouldPadTheYearWhenItHasFewerThanFourDigits() {
    // Given / When / Then
    assertThat(Periods.of(LocalDate.of(999, 7, 4))).isEqualTo("0999-07");
  }

  @Test
  void shouldRejectNullWhenNoDateIsGiven() {
    // Given / When / Then
    assertThatNullPointerException().isThrownBy(() -> Periods.of(null));
  }
}
