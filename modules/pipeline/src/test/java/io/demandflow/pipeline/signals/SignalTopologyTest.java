package io.demandflow.pipeline.signals;

import static io.demandflow.testkit.OrderFixtures.H200;
import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.ProductionSignal;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.SignalKind;
import io.demandflow.events.Supply;
import io.demandflow.events.TopRegion;
import io.demandflow.events.internal.SignalEvaluationState;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.testkit.OrderFixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Production signals (SPEC R7) wired into the whole pipeline, in a TopologyTestDriver. */
class SignalTopologyTest {

  private static final String PERIOD = "2026-03";
  private static final String KEY = H200 + "|" + PERIOD;
  private static final Duration INTERVAL = Duration.ofSeconds(60);
  private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");

  private SignalDriver pipeline;

  @AfterEach
  void close() {
    pipeline.close();
  }

  private void start(Duration interval) {
    pipeline =
        new SignalDriver(Map.of(SignalSettings.INTERVAL_MS, Long.toString(interval.toMillis())));
  }

  private static Supply supply(long units) {
    return Supply.newBuilder()
        .setProduct(H200)
        .setPeriod(PERIOD)
        .setUnits(units)
        .setEventTime(T)
        .setSource("planning")
        .build();
  }

  private static RegionPolicy cnPolicyRequiringLicense() {
    return RegionPolicy.newBuilder()
        .setRegion("CN")
        .setLicenseRequired(true)
        .setImportStatus(ImportStatus.PENDING)
        .setRevenueShareRate(new BigDecimal("0.2500"))
        .setEventTime(T)
        .build();
  }

  private static ExportLicense cnLicense() {
    return OrderFixtures.license("SKYCLOUD", "CN", T).build();
  }

  private void cnOrder(String orderId, long revision, int quantity) {
    pipeline.send(
        order(orderId, revision)
            .setCustomerId("SKYCLOUD")
            .setRegion("CN")
            .setQuantity(quantity)
            .build());
  }

  private void usOrder(String orderId, long revision, int quantity) {
    pipeline.send(order(orderId, revision).setQuantity(quantity).build());
  }

  @Test
  void shouldEmitIncreaseOnlyWhenTheWallClockIntervalHasPassed() {
    // Given supply 1000 and 1500 units of US demand
    start(INTERVAL);
    pipeline.send(supply(1_000));
    usOrder("o-1", 1, 1_500);

    // When less than an interval passes / Then nothing yet: signals follow a cadence
    pipeline.advanceWallClock(INTERVAL.minusSeconds(1));
    assertThat(pipeline.newSignals()).isEmpty();

    // When the interval is complete
    pipeline.advanceWallClock(Duration.ofSeconds(1));

    // Then one INCREASE: shortfall 500 > 0.05 x 1000; 550 rounds up to 1000; US is at risk
    List<ProductionSignal> signals = pipeline.newSignals();
    assertThat(signals).hasSize(1);
    ProductionSignal signal = signals.get(0);
    assertThat(signal.getProduct()).isEqualTo(H200);
    assertThat(signal.getPeriod()).isEqualTo(PERIOD);
    assertThat(signal.getKind()).isEqualTo(SignalKind.INCREASE);
    assertThat(signal.getEligibleUnits()).isEqualTo(1_500);
    assertThat(signal.getSupplyUnits()).isEqualTo(1_000);
    assertThat(signal.getShortfallUnits()).isEqualTo(500);
    assertThat(signal.getRecommendedUnits()).isEqualTo(1_000);
    assertThat(signal.getUsAtRisk()).isTrue();
    assertThat(signal.getTopRegions()).containsExactly(new TopRegion("US", 1_500L));
    assertThat(signal.getSequence()).isEqualTo(1);
    assertThat(signal.getEmittedAt()).isEqualTo(SignalDriver.START.plus(INTERVAL));
  }

  @Test
  void shouldNotEmitAgainWhenNothingChangedSinceTheLastEvaluation() {
    // Given an INCREASE
    start(INTERVAL);
    usOrder("o-1", 1, 1_500);
    pipeline.advanceWallClock(INTERVAL);
    assertThat(pipeline.newSignals()).hasSize(1);

    // When intervals pass and evaluations are requested without any change
    pipeline.advanceWallClock(INTERVAL.multipliedBy(3));
    pipeline.requestEvaluation();

    // Then no signal is repeated, and the key is clean in the store
    assertThat(pipeline.newSignals()).isEmpty();
    SignalEvaluationState state = pipeline.storeValue(StoreNames.SIGNAL_STATE, KEY);
    assertThat(state.getDirty()).isFalse();
    assertThat(state.getInShortage()).isTrue();
    assertThat(state.getSequence()).isEqualTo(1);
  }

  @Test
  void shouldEvaluateOnlyOnRequestWhenTheIntervalIsZero() {
    // Given the wall-clock cadence disabled (replay) and a shortage
    start(Duration.ZERO);
    usOrder("o-1", 1, 1_500);

    // When hours pass / Then nothing
    pipeline.advanceWallClock(Duration.ofHours(2));
    assertThat(pipeline.newSignals()).isEmpty();

    // When an evaluation is requested on the control topic / Then the INCREASE
    pipeline.requestEvaluation();
    assertThat(pipeline.newSignals())
        .extracting(ProductionSignal::getKind)
        .containsExactly(SignalKind.INCREASE);
  }

  @Test
  void shouldEmitUpdateOnlyWhenTheRecommendationMovedByTheUpdateRatio() {
    // Given no supply and 10000 units of demand: INCREASE recommending 11000
    start(Duration.ZERO);
    usOrder("o-1", 1, 10_000);
    pipeline.requestEvaluation();
    assertThat(pipeline.newSignals())
        .extracting(ProductionSignal::getRecommendedUnits)
        .containsExactly(11_000L);

    // When demand grows by 500 (12000 recommended, +9 %) / Then no UPDATE
    usOrder("o-2", 1, 500);
    pipeline.requestEvaluation();
    assertThat(pipeline.newSignals()).isEmpty();

    // When it grows by 500 more (12100 -> 13000, +18 % since the last signal) / Then an UPDATE
    usOrder("o-3", 1, 500);
    pipeline.requestEvaluation();
    List<ProductionSignal> signals = pipeline.newSignals();
    assertThat(signals).extracting(ProductionSignal::getKind).containsExactly(SignalKind.UPDATE);
    assertThat(signals.get(0).getRecommendedUnits()).isEqualTo(13_000);
    assertThat(signals.get(0).getEligibleUnits()).isEqualTo(11_000);
    assertThat(signals.get(0).getSequence()).isEqualTo(2);
  }

  @Test
  void shouldCountALicenseChangeAsAChangeWhenItMakesDemandEligible() {
    // Given China requires a license and a Chinese customer without one orders 5000
    start(Duration.ZERO);
    pipeline.send(cnPolicyRequiringLicense());
    pipeline.send(supply(1_000));
    cnOrder("o-cn", 1, 5_000);
    pipeline.requestEvaluation();
    assertThat(pipeline.newSignals()).as("ineligible demand signals nothing").isEmpty();

    // When the customer is licensed
    pipeline.send(cnLicense());
    pipeline.requestEvaluation();

    // Then the demand is eligible and the shortage is signalled; US is not at risk
    List<ProductionSignal> signals = pipeline.newSignals();
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).getKind()).isEqualTo(SignalKind.INCREASE);
    assertThat(signals.get(0).getEligibleUnits()).isEqualTo(5_000);
    assertThat(signals.get(0).getRecommendedUnits()).isEqualTo(5_000); // 4000 x 1.1 = 4400
    assertThat(signals.get(0).getUsAtRisk()).isFalse();
    assertThat(signals.get(0).getTopRegions()).containsExactly(new TopRegion("CN", 5_000L));
  }

  @Test
  void shouldEmitResolvedWhenSupplyIncreases() {
    // Given an INCREASE
    start(Duration.ZERO);
    pipeline.send(supply(1_000));
    usOrder("o-1", 1, 1_500);
    pipeline.requestEvaluation();
    assertThat(pipeline.newSignals()).hasSize(1);

    // When supply grows to cover demand
    pipeline.send(supply(1_500));
    pipeline.requestEvaluation();

    // Then RESOLVED, nothing recommended, next sequence number
    List<ProductionSignal> signals = pipeline.newSignals();
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).getKind()).isEqualTo(SignalKind.RESOLVED);
    assertThat(signals.get(0).getShortfallUnits()).isZero();
    assertThat(signals.get(0).getRecommendedUnits()).isZero();
    assertThat(signals.get(0).getUsAtRisk()).isFalse();
    assertThat(signals.get(0).getSequence()).isEqualTo(2);
  }

  @Test
  void shouldEmitResolvedWhenTheLastOrderIsCancelledAndNoSupplyExists() {
    // Given an INCREASE from one order and no supply
    start(Duration.ZERO);
    usOrder("o-1", 1, 700);
    pipeline.requestEvaluation();
    assertThat(pipeline.newSignals()).hasSize(1);

    // When the order is cancelled: neither demand nor supply is left for the key
    pipeline.send(order("o-1", 2).setQuantity(700).setStatus(OrderStatus.CANCELLED).build());
    pipeline.requestEvaluation();

    // Then RESOLVED with E = 0 and S = 0
    List<ProductionSignal> signals = pipeline.newSignals();
    assertThat(signals).extracting(ProductionSignal::getKind).containsExactly(SignalKind.RESOLVED);
    assertThat(signals.get(0).getEligibleUnits()).isZero();
    assertThat(signals.get(0).getSupplyUnits()).isZero();
    assertThat(signals.get(0).getTopRegions()).isEmpty();
  }

  @Test
  void shouldEvaluateDirtyKeysInKeyOrderWhenSeveralChanged() {
    // Given shortages for two periods, the later one changed first
    start(Duration.ZERO);
    pipeline.send(
        order("o-apr", 1)
            .setQuantity(100)
            .setRequestedDate(java.time.LocalDate.of(2026, 4, 2))
            .build());
    usOrder("o-mar", 1, 100);

    // When evaluated
    pipeline.requestEvaluation();

    // Then the signals come in key order
    assertThat(pipeline.newSignals())
        .extracting(ProductionSignal::getPeriod)
        .containsExactly("2026-03", "2026-04");
  }
}
