package io.demandflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void shouldTakeMiddleValueWhenCountIsOdd() {
    // Given three rounds in run order, When summarised
    Summary summary = Summary.of(List.of(30.0, 10.0, 20.0));

    // Then the median is the middle one and min-max the extremes
    assertThat(summary).isEqualTo(new Summary(20.0, 10.0, 30.0));
  }

  @Test
  void shouldAverageMiddleTwoWhenCountIsEven() {
    // Given four rounds, When summarised
    Summary summary = Summary.of(List.of(4.0, 1.0, 3.0, 2.0));

    // Then the median is the mean of the middle two
    assertThat(summary.median()).isEqualTo(2.5);
  }

  @Test
  void shouldRefuseWhenThereAreNoValues() {
    // Given no rounds, When summarised, Then it is refused
    assertThatThrownBy(() -> Summary.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
