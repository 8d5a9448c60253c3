package io.demandflow.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionDecisionTest {

  @ParameterizedTest
  @CsvSource({"0", "1", "42", "-1"})
  void shouldAcceptWhenNoRevisionWasSeenBefore(long revision) {
    // Given no revision seen / When / Then
    assertThat(RevisionDecision.decide(null, revision)).isEqualTo(RevisionDecision.ACCEPTED);
  }

  @Test
  void shouldAcceptWhenTheRevisionIsHigher() {
    // Given highest 3 / When 4 or a jump to 100 / Then
    assertThat(RevisionDecision.decide(3L, 4)).isEqualTo(RevisionDecision.ACCEPTED);
    assertThat(RevisionDecision.decide(3L, 100)).isEqualTo(RevisionDecision.ACCEPTED);
    assertThat(RevisionDecision.ACCEPTED.isAccepted()).isTrue();
  }

  @Test
  void shouldCallItDuplicateWhenTheRevisionIsEqual() {
    // Given highest 3 / When 3 / Then
    assertThat(RevisionDecision.decide(3L, 3)).isEqualTo(RevisionDecision.DUPLICATE);
    assertThat(RevisionDecision.DUPLICATE.isAccepted()).isFalse();
  }

  @Test
  void shouldCallItStaleWhenTheRevisionIsLower() {
    // Given highest 3 / When 2 or 0 / Then
    assertThat(RevisionDecision.decide(3L, 2)).isEqualTo(RevisionDecision.STALE);
    assertThat(RevisionDecision.decide(3L, 0)).isEqualTo(RevisionDecision.STALE);
    assertThat(RevisionDecision.STALE.isAccepted()).isFalse();
  }

  @Test
  void shouldCompareExactlyWhenRevisionsAreAtTheEdgesOfLong() {
    // Given / When / Then: no overflow in the comparison
    assertThat(RevisionDecision.decide(Long.MAX_VALUE - 1, Long.MAX_VALUE))
        .isEqualTo(RevisionDecision.ACCEPTED);
    assertThat(RevisionDecision.decide(Long.MAX_VALUE, Long.MIN_VALUE))
        .isEqualTo(RevisionDecision.STALE);
  }
}
