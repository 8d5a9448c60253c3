package io.demandflow.domain.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.domain.signals.SignalEvaluator.Evaluation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hysteresis of SPEC R7 with the default settings unless a test says otherwise. */
class SignalEvaluatorTest {

  private final SignalEvaluator evaluator = new SignalEvaluator(SignalPolicy.DEFAULTS);

  private Evaluation evaluate(SignalState previous, long eligible, long supply) {
    return evaluator.evaluate(previous, eligible, supply, 0, Map.of("CN", eligible));
  }

  private static SignalState shortage(long lastRecommended, long sequence) {
    return new SignalState(true, lastRecommended, sequence);
  }

  @Test
  void shouldEmitIncreaseWhenTheShortfallExceedsTheThreshold() {
    // Given supply 10000 (threshold 500) / When eligible demand is 12000
    Evaluation evaluation = evaluate(SignalState.INITIAL, 12_000, 10_000);

    // Then shortfall 2000 x 1.10 = 2200, rounded up to 3000
    Signal signal = evaluation.signal().orElseThrow();
    assertThat(signal.kind()).isEqualTo(SignalKind.INCREASE);
    assertThat(signal.eligibleUnits()).isEqualTo(12_000);
    assertThat(signal.supplyUnits()).isEqualTo(10_000);
    assertThat(signal.shortfallUnits()).isEqualTo(2_000);
    assertThat(signal.recommendedUnits()).isEqualTo(3_000);
    assertThat(signal.sequence()).isEqualTo(1);
    assertThat(evaluation.state()).isEqualTo(new SignalState(true, 3_000, 1));
  }

  @Test
  void shouldEmitNothingWhenTheShortfallIsExactlyTheRatioThreshold() {
    // Given supply 10000: threshold max(0, 0.05 x 10000) = 500 / When shortfall is exactly 500
    Evaluation atThreshold = evaluate(SignalState.INITIAL, 10_500, 10_000);
    Evaluation justAbove = evaluate(SignalState.INITIAL, 10_501, 10_000);

    // Then only a shortfall strictly above the threshold enters SHORTAGE
    assertThat(atThreshold.signal()).isEmpty();
    assertThat(atThreshold.state()).isEqualTo(SignalState.INITIAL);
    assertThat(justAbove.signal()).get().extracting(Signal::kind).isEqualTo(SignalKind.INCREASE);
  }

  @Test
  void shouldUseMinUnitsWhenItIsAboveTheRatioThreshold() {
    // Given minUnits 800 and supply 10000 (ratio threshold 500)
    SignalEvaluator strict =
        new SignalEvaluator(
            new SignalPolicy(
                800, new BigDecimal("0.05"), new BigDecimal("0.10"), 1000, BigDecimal.TEN, 3));

    // When / Then
    assertThat(strict.evaluate(SignalState.INITIAL, 10_800, 10_000, 0, Map.of()).signal())
        .isEmpty();
    assertThat(strict.evaluate(SignalState.INITIAL, 10_801, 10_000, 0, Map.of()).signal())
        .isPresent();
  }

  @Test
  void shouldEnterShortageOnAnyDemandWhenThereIsNoSupply() {
    // Given S = 0: threshold max(0, 0) = 0 / When one unit is demanded
    Evaluation evaluation = evaluate(SignalState.INITIAL, 1, 0);

    // Then a whole lot is recommended
    assertThat(evaluation.signal()).get().extracting(Signal::recommendedUnits).isEqualTo(1_000L);
    assertThat(evaluate(SignalState.INITIAL, 0, 0).signal()).isEmpty();
  }

  @Test
  void shouldRoundTheBufferedShortfallUpToTheLotWhenItIsNotAMultiple() {
    SignalPolicy policy = SignalPolicy.DEFAULTS;

    // Given / When / Then: 1000 x 1.1 = 1100 -> 2000; 909 x 1.1 = 999.9 -> 1000;
    // 910 x 1.1 = 1001 -> 2000; 10000 x 1.1 = 11000 exactly -> 11000
    assertThat(policy.recommendedUnits(1_000)).isEqualTo(2_000);
    assertThat(policy.recommendedUnits(909)).isEqualTo(1_000);
    assertThat(policy.recommendedUnits(910)).isEqualTo(2_000);
    assertThat(policy.recommendedUnits(10_000)).isEqualTo(11_000);
    assertThat(policy.recommendedUnits(0)).isZero();
    assertThat(policy.recommendedUnits(-5)).isZero();
  }

  @Test
  void shouldEmitUpdateWhenTheRecommendationMovedByAtLeastTheUpdateRatio() {
    // Given in SHORTAGE with 10000 recommended / When it becomes 11000 (exactly +10 %)
    Evaluation evaluation = evaluate(shortage(10_000, 1), 10_000 + 10_000, 10_000);

    // Then 10000 x 1.1 = 11000: an UPDATE with the next sequence number
    Signal signal = evaluation.signal().orElseThrow();
    assertThat(signal.kind()).isEqualTo(SignalKind.UPDATE);
    assertThat(signal.recommendedUnits()).isEqualTo(11_000);
    assertThat(signal.sequence()).isEqualTo(2);
    assertThat(evaluation.state()).isEqualTo(shortage(11_000, 2));
  }

  @Test
  void shouldEmitNothingWhenTheRecommendationMovedByLessThanTheUpdateRatio() {
    // Given in SHORTAGE with 20000 recommended (10 % = 2000) / When it becomes 21000 (+5 %)
    Evaluation evaluation = evaluate(shortage(20_000, 4), 19_000 + 10_000, 10_000);

    // Then 19000 x 1.1 = 20900 -> 21000 is not enough: no signal, state unchanged
    assertThat(evaluation.signal()).isEmpty();
    assertThat(evaluation.state()).isEqualTo(shortage(20_000, 4));
  }

  @Test
  void shouldEmitUpdateWhenTheRecommendationFellByAtLeastTheUpdateRatio() {
    // Given in SHORTAGE with 10000 recommended / When the shortfall shrinks to 8000 (8800 -> 9000)
    Evaluation evaluation = evaluate(shortage(10_000, 1), 18_000, 10_000);

    // Then -10 % is enough, downwards too
    assertThat(evaluation.signal()).get().extracting(Signal::kind).isEqualTo(SignalKind.UPDATE);
    assertThat(evaluation.signal().orElseThrow().recommendedUnits()).isEqualTo(9_000);
  }

  @Test
  void shouldStayInShortageWithoutSignalWhenTheShortfallIsPositiveButBelowTheEntryThreshold() {
    // Given in SHORTAGE with 1000 recommended / When the shortfall is 100 (threshold 500)
    Evaluation evaluation = evaluate(shortage(1_000, 1), 10_100, 10_000);

    // Then 100 x 1.1 -> 1000: unchanged, still in SHORTAGE (hysteresis)
    assertThat(evaluation.signal()).isEmpty();
    assertThat(evaluation.state().inShortage()).isTrue();
  }

  @Test
  void shouldEmitResolvedWhenTheShortfallIsExactlyZero() {
    // Given in SHORTAGE / When supply meets demand exactly
    Evaluation evaluation = evaluate(shortage(3_000, 2), 12_000, 12_000);

    // Then RESOLVED with nothing recommended, and the key is out of SHORTAGE
    Signal signal = evaluation.signal().orElseThrow();
    assertThat(signal.kind()).isEqualTo(SignalKind.RESOLVED);
    assertThat(signal.shortfallUnits()).isZero();
    assertThat(signal.recommendedUnits()).isZero();
    assertThat(signal.sequence()).isEqualTo(3);
    assertThat(evaluation.state()).isEqualTo(new SignalState(false, 0, 3));
  }

  @Test
  void shouldEmitNothingWhenNotInShortageAndSupplyExceedsDemand() {
    // Given / When
    Evaluation evaluation = evaluate(new SignalState(false, 0, 3), 5_000, 12_000);

    // Then
    assertThat(evaluation.signal()).isEmpty();
    assertThat(evaluation.state()).isEqualTo(new SignalState(false, 0, 3));
  }

  @Test
  void shouldNeverRepeatASignalWhenTheSameInputsAreEvaluatedAgain() {
    // Given an INCREASE, an UPDATE and a RESOLVED
    long[][] inputs = {{12_000, 10_000}, {20_000, 10_000}, {10_000, 12_000}};
    SignalState state = SignalState.INITIAL;
    for (long[] input : inputs) {
      Evaluation first = evaluate(state, input[0], input[1]);
      assertThat(first.signal()).isPresent();

      // When the same inputs are evaluated again
      Evaluation again = evaluate(first.state(), input[0], input[1]);

      // Then nothing is emitted and the state does not move
      assertThat(again.signal()).isEmpty();
      assertThat(again.state()).isEqualTo(first.state());
      state = first.state();
    }
  }

  @Test
  void shouldNotRepeatTheRecommendationWhenTheUpdateRatioIsZero() {
    // Given an update ratio of 0
    SignalEvaluator eager =
        new SignalEvaluator(
            new SignalPolicy(
                0, new BigDecimal("0.05"), new BigDecimal("0.10"), 1000, BigDecimal.ZERO, 3));

    // When the recommendation stays the same / Then no UPDATE
    assertThat(eager.evaluate(shortage(3_000, 1), 12_000, 10_000, 0, Map.of()).signal()).isEmpty();
    // When it moves by one lot / Then an UPDATE
    assertThat(eager.evaluate(shortage(3_000, 1), 13_000, 10_000, 0, Map.of()).signal())
        .isPresent();
  }

  @Test
  void shouldNumberSignalsContiguouslyWhenAKeyGoesThroughSeveralShortages() {
    // Given / When: INCREASE, RESOLVED, INCREASE again
    Evaluation first = evaluate(SignalState.INITIAL, 12_000, 10_000);
    Evaluation second = evaluate(first.state(), 9_000, 10_000);
    Evaluation third = evaluate(second.state(), 15_000, 10_000);

    // Then 1, 2, 3
    assertThat(List.of(first, second, third))
        .extracting(e -> e.signal().orElseThrow().sequence())
        .containsExactly(1L, 2L, 3L);
    assertThat(third.signal().orElseThrow().kind()).isEqualTo(SignalKind.INCREASE);
  }

  @Test
  void shouldFlagUsAtRiskOnlyWhenPriorityDemandExceedsSupply() {
    // Given supply 10000 / When US open demand is 10000, then 10001
    Signal equal =
        evaluator.evaluate(SignalState.INITIAL, 20_000, 10_000, 10_000, Map.of()).signal().get();
    Signal above =
        evaluator.evaluate(SignalState.INITIAL, 20_000, 10_000, 10_001, Map.of()).signal().get();

    // Then only D_US > S is at risk
    assertThat(equal.usAtRisk()).isFalse();
    assertThat(above.usAtRisk()).isTrue();
  }

  @Test
  void shouldListTheThreeLargestRegionsWithTiesByRegionCodeWhenNamingTopRegions() {
    // Given / When
    List<RegionUnits> top =
        evaluator.topRegions(
            Map.of("US", 500L, "CN", 900L, "DE", 500L, "AE", 500L, "JP", 0L, "KR", 100L));

    // Then largest first, ties by code, at most three, no region without eligible units
    assertThat(top)
        .containsExactly(
            new RegionUnits("CN", 900), new RegionUnits("AE", 500), new RegionUnits("DE", 500));
    assertThat(evaluator.topRegions(Map.of("JP", 0L))).isEmpty();
  }
}
