package io.demandflow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class CompositeKeysTest {

  @Test
  void shouldJoinWithThePipeWhenPartsAreOrdinaryIds() {
    // Given / When / Then
    assertThat(CompositeKeys.join("H200-SXM-141GB", "2026-03")).isEqualTo("H200-SXM-141GB|2026-03");
  }

  @Test
  void shouldSplitBackIntoTheSamePartsWhenAPartContainsTheSeparatorOrEscape() {
    // Given parts that would collide if joined naively: a|b + c vs a + b|c
    String left = CompositeKeys.join("a|b", "c");
    String right = CompositeKeys.join("a", "b|c");

    // When / Then
    assertThat(left).isEqualTo("a\\|b|c").isNotEqualTo(right);
    assertThat(CompositeKeys.split(left)).containsExactly("a|b", "c");
    assertThat(CompositeKeys.split(right)).containsExactly("a", "b|c");
    assertThat(CompositeKeys.split(CompositeKeys.join("back\\slash", "")))
        .containsExactly("back\\slash", "");
  }

  @Test
  void shouldRejectNullWhenAPartIsMissing() {
    // Given / When / Then
    assertThatIllegalArgumentException().isThrownBy(() -> CompositeKeys.join("a", null));
  }
}
