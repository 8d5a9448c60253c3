package io.demandflow.pipeline.allocation;

import io.demandflow.domain.allocation.AllocationLedger;
import io.demandflow.domain.allocation.AllocationSettings;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerOutput;
import io.demandflow.events.internal.UsDemandChange;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.PipelineSensors;
import io.demandflow.pipeline.StateRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Feeds the ledger's inputs, one at a time and in arrival order, to the pure {@link
 * AllocationLedger} over {@link LedgerStores}, and forwards what it decided: decisions keyed by
 * allocationId, revenue-share totals keyed by region|quarter. Counts decisions by status and
 * reason, preemptions and duplicate requests ({@link PipelineSensors}). With sequencing on, the
 * order book's inputs pass a {@link LedgerSequenceGate} first, which lets them through in timestamp
 * order across the order-book tasks.
 */
public final class LedgerProcessor implements Processor<String, LedgerInput, String, LedgerOutput> {

  public static final String DECISIONS = "allocation-decisions";
  public static final String PREEMPTIONS = "preemptions";
  public static final String DUPLICATE_REQUESTS = "duplicate-allocation-requests";

  private final AllocationSettings settings;
  private final StateRetention retention;
  private final Duration sequencingInterval;
  private final Duration maxHold;
  private final Serde<LedgerInput> inputSerde;
  private LedgerSequenceGate gate;
  private LedgerStores stores;
  private ProcessorContext<String, LedgerOutput> context;
  private AllocationLedger ledger;
  private final Map<String, Sensor> decisionSensors = new HashMap<>();
  private Sensor preemptions;
  private Sensor duplicates;

  /**
   * @param inputSerde the serde of the ledger's inputs, for those it holds back (sequencing)
   * @param sequencingInterval how often the ledger tells the app it still holds inputs back; {@link
   *     Duration#ZERO}: no sequencing, inputs are decided in arrival order
   * @param maxHold how long the ledger holds an input back at most (sequencing)
   */
  public LedgerProcessor(
      AllocationSettings settings,
      StateRetention retention,
      Serde<LedgerInput> inputSerde,
      Duration sequencingInterval,
      Duration maxHold) {
    this.settings = settings;
    this.inputSerde = inputSerde;
    this.retention = retention;
    this.sequencingInterval = sequencingInterval;
    this.maxHold = maxHold;
  }

  @Override
  public void init(ProcessorContext<String, LedgerOutput> context) {
    this.context = context;
    this.stores = new LedgerStores(context);
    this.ledger = new AllocationLedger(stores, settings);
    if (!sequencingInterval.isZero()) {
      this.gate = new LedgerSequenceGate(context, inputSerde, maxHold);
      context.schedule(
          sequencingInterval,
          PunctuationType.WALL_CLOCK_TIME,
          now -> gate.onInterval(now).forEach(this::decide));
    }
    if (!retention.purgeInterval().isZero()) {
      long keep = retention.finishedAllocations().toMillis();
      context.schedule(
          retention.purgeInterval(),
          PunctuationType.WALL_CLOCK_TIME,
          now -> stores.purgeFinishedAllocations(now - keep));
    }
    this.preemptions =
        PipelineSensors.counter(
            context, PREEMPTIONS, "Grants cut or revoked by US-priority preemption", Map.of());
    this.duplicates =
        PipelineSensors.counter(
            context,
            DUPLICATE_REQUESTS,
            "Allocation requests that already had a decision",
            Map.of());
  }

  @Override
  public void process(Record<String, LedgerInput> record) {
    LedgerInput input = record.value();
    if (input == null) {
      return;
    }
    if (gate == null) {
      decide(record);
      return;
    }
    List<Record<String, LedgerInput>> due =
        switch (input.getKind()) {
          case ORDER, ALLOCATION, US_DEMAND -> gate.offer(record);
          case WATERMARK -> gate.onWatermark(input.getWatermark());
          case FLUSH -> gate.onFlush(input.getWatermark());
          default -> List.of(record);
        };
    due.forEach(this::decide);
  }

  private void decide(Record<String, LedgerInput> record) {
    LedgerInput input = record.value();
    AllocationLedger.Effects effects =
        switch (input.getKind()) {
          case ORDER -> ledger.onOrder(input.getOrder());
          case ALLOCATION -> ledger.onRequest(input.getRequest(), input.getOrder());
          case US_DEMAND -> {
            UsDemandChange change = input.getUsDemand();
            yield ledger.onUsDemand(
                change.getProduct(), change.getPeriod(), change.getUnits(), change.getEventTime());
          }
          case SUPPLY -> supply(record.key(), input, record.timestamp());
          case LICENSE -> {
            List<String> key = Keys.split(record.key());
            ledger.onLicense(key.get(0), key.get(1), input.getLicense());
            yield null;
          }
          case POLICY -> {
            ledger.onPolicy(record.key(), input.getPolicy());
            yield null;
          }
          // Sequencing markers mean nothing to a ledger without it.
          case WATERMARK, FLUSH, UNKNOWN -> null;
        };
    if (effects == null) {
      return;
    }
    if (effects.duplicateRequest()) {
      duplicates.record();
    }
    for (AllocationDecision decision : effects.decisions()) {
      count(decision);
      context.forward(
          record.withKey(decision.getAllocationId()).withValue(new LedgerOutput(decision, null)));
    }
    for (RevenueShare total : effects.revenueShares()) {
      context.forward(
          record
              .withKey(Keys.join(total.getRegion(), total.getQuarter()))
              .withValue(new LedgerOutput(null, total)));
    }
  }

  private AllocationLedger.Effects supply(String key, LedgerInput input, long timestamp) {
    // A tombstone removes the commitment: no supply for that product and period.
    List<String> parts = Keys.split(key);
    long units = input.getSupply() == null ? 0 : input.getSupply().getUnits();
    Instant time =
        input.getSupply() == null
            ? Instant.ofEpochMilli(timestamp)
            : input.getSupply().getEventTime();
    return ledger.onSupply(parts.get(0), parts.get(1), units, time);
  }

  private void count(AllocationDecision decision) {
    String status = decision.getStatus().name();
    String reason = decision.getReason() == null ? "NONE" : decision.getReason().name();
    decisionSensors
        .computeIfAbsent(
            status + "/" + reason,
            k ->
                PipelineSensors.counter(
                    context,
                    DECISIONS,
                    "Allocation decisions",
                    Map.of("status", status, "reason", reason)))
        .record();
    if (decision.getReason() == AllocationReason.US_PRIORITY_PREEMPTION) {
      preemptions.record();
    }
  }

  @Override
  public void close() {
    if (gate != null) {
      gate.close();
    }
    decisionSensors.values().forEach(sensor -> context.metrics().removeSensor(sensor));
    if (preemptions != null) {
      context.metrics().removeSensor(preemptions);
      context.metrics().removeSensor(duplicates);
    }
  }
}
