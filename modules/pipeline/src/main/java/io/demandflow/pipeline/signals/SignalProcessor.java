package io.demandflow.pipeline.signals;

import io.demandflow.domain.signals.ProductDemandAggregation;
import io.demandflow.domain.signals.RegionUnits;
import io.demandflow.domain.signals.Signal;
import io.demandflow.domain.signals.SignalEvaluator;
import io.demandflow.domain.signals.SignalState;
import io.demandflow.events.ProductionSignal;
import io.demandflow.events.SignalKind;
import io.demandflow.events.TopRegion;
import io.demandflow.events.internal.SignalEvaluationState;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.PipelineSensors;
import io.demandflow.pipeline.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest demand and supply of every product and period of its task in {@value
 * StoreNames#SIGNAL_STATE}, marks a key dirty when they change, and evaluates the dirty keys (in
 * key order) with {@link SignalEvaluator}: every {@code demandflow.signals.interval.ms} of
 * wall-clock time, and whenever an evaluation request arrives on the control topic.
 *
 * <p>Why a restart neither repeats nor loses a signal: the new state of a key (its sequence number,
 * SHORTAGE flag and cleared dirty flag) is written to the changelogged store in the same task, so
 * under exactly-once it commits in the same transaction as the signal it emitted. An evaluation
 * whose transaction aborts leaves the key dirty and its sequence unchanged; it is evaluated again.
 *
 * <p>Counted in metric group {@value PipelineSensors#GROUP}: {@value #EMITTED}-total/-rate, tagged
 * {@code kind}.
 */
final class SignalProcessor implements Processor<String, SignalInput, String, ProductionSignal> {

  static final String EMITTED = "production-signals";

  private final SignalSettings settings;
  private final SignalEvaluator evaluator;
  private final Map<io.demandflow.domain.signals.SignalKind, Sensor> emitted =
      new EnumMap<>(io.demandflow.domain.signals.SignalKind.class);
  private ProcessorContext<String, ProductionSignal> context;
  private KeyValueStore<String, SignalEvaluationState> states;

  SignalProcessor(SignalSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.evaluator = new SignalEvaluator(settings.policy());
  }

  @Override
  public void init(ProcessorContext<String, ProductionSignal> context) {
    this.context = context;
    this.states = context.getStateStore(StoreNames.SIGNAL_STATE);
    for (io.demandflow.domain.signals.SignalKind kind :
        io.demandflow.domain.signals.SignalKind.values()) {
      emitted.put(
          kind,
          PipelineSensors.counter(
              context,
              EMITTED,
              "Production signals emitted",
              Map.of("kind", kind.name().toLowerCase(java.util.Locale.ROOT))));
    }
    // Zero disables the wall-clock cadence: replay evaluates only on requests, at its barriers.
    if (!settings.interval().isZero()) {
      context.schedule(
          settings.interval(), PunctuationType.WALL_CLOCK_TIME, now -> evaluateDirtyKeys());
    }
  }

  @Override
  public void process(Record<String, SignalInput> record) {
    if (record.value() instanceof SignalInput.EvaluationRequest) {
      evaluateDirtyKeys();
    } else if (record.key() != null) {
      // A null value: both demand and supply are gone, which reads as E = 0 and S = 0.
      SignalInput.Inputs inputs =
          record.value() instanceof SignalInput.Inputs i ? i : new SignalInput.Inputs(null, null);
      recordInputs(record.key(), inputs);
    }
  }

  private void recordInputs(String key, SignalInput.Inputs inputs) {
    SignalEvaluationState state = states.get(key);
    if (state == null) {
      List<String> parts = Keys.split(key);
      state =
          new SignalEvaluationState(
              parts.get(0), parts.get(1), Map.of(), Map.of(), 0L, false, false, 0L, 0L);
    }
    Map<String, Long> eligible =
        new TreeMap<>(
            inputs.demand() == null ? Map.of() : inputs.demand().getEligibleUnitsByRegion());
    Map<String, Long> open =
        new TreeMap<>(inputs.demand() == null ? Map.of() : inputs.demand().getOpenUnitsByRegion());
    long supply = inputs.supply() == null ? 0 : inputs.supply().getUnits();
    boolean changed =
        !eligible.equals(state.getEligibleUnitsByRegion())
            || !open.equals(state.getOpenUnitsByRegion())
            || supply != state.getSupplyUnits();
    if (!changed) {
      return; // e.g. only an order's price moved: nothing signals depend on
    }
    states.put(
        key,
        SignalEvaluationState.newBuilder(state)
            .setEligibleUnitsByRegion(eligible)
            .setOpenUnitsByRegion(open)
            .setSupplyUnits(supply)
            .setDirty(true)
            .build());
  }

  /** Evaluates every dirty key of this task, in key order, and emits the resulting signals. */
  private void evaluateDirtyKeys() {
    // Collected first: the loop below writes to the store it would otherwise be iterating.
    List<KeyValue<String, SignalEvaluationState>> dirty = new ArrayList<>();
    try (KeyValueIterator<String, SignalEvaluationState> all = states.all()) {
      all.forEachRemaining(
          entry -> {
            if (entry.value.getDirty()) {
              dirty.add(entry);
            }
          });
    }
    long now = context.currentSystemTimeMs();
    for (KeyValue<String, SignalEvaluationState> entry : dirty) {
      evaluate(entry.key, entry.value, now);
    }
  }

  private void evaluate(String key, SignalEvaluationState state, long now) {
    SignalState previous =
        new SignalState(
            state.getInShortage(), state.getLastRecommendedUnits(), state.getSequence());
    SignalEvaluator.Evaluation evaluation =
        evaluator.evaluate(
            previous,
            ProductDemandAggregation.eligibleUnits(state.getEligibleUnitsByRegion()),
            state.getSupplyUnits(),
            state.getOpenUnitsByRegion().getOrDefault(settings.priorityRegion(), 0L),
            state.getEligibleUnitsByRegion());
    SignalState next = evaluation.state();
    states.put(
        key,
        SignalEvaluationState.newBuilder(state)
            .setDirty(false)
            .setInShortage(next.inShortage())
            .setLastRecommendedUnits(next.lastRecommendedUnits())
            .setSequence(next.sequence())
            .build());
    evaluation
        .signal()
        .ifPresent(
            signal -> {
              context.forward(new Record<>(key, toEvent(state, signal, now), now));
              emitted.get(signal.kind()).record();
            });
  }

  private static ProductionSignal toEvent(SignalEvaluationState state, Signal signal, long now) {
    List<TopRegion> topRegions = new ArrayList<>();
    for (RegionUnits region : signal.topRegions()) {
      topRegions.add(new TopRegion(region.region(), region.eligibleUnits()));
    }
    return ProductionSignal.newBuilder()
        .setProduct(state.getProduct())
        .setPeriod(state.getPeriod())
        .setKind(SignalKind.valueOf(signal.kind().name()))
        .setEligibleUnits(signal.eligibleUnits())
        .setSupplyUnits(signal.supplyUnits())
        .setShortfallUnits(signal.shortfallUnits())
        .setRecommendedUnits(signal.recommendedUnits())
        .setUsAtRisk(signal.usAtRisk())
        .setTopRegions(topRegions)
        .setSequence(signal.sequence())
        .setEmittedAt(Instant.ofEpochMilli(now))
        .build();
  }
}
