package io.demandflow.pipeline.demand;

import io.demandflow.domain.RevisionDecision;
import io.demandflow.events.Order;
import io.demandflow.pipeline.PipelineSensors;
import io.demandflow.pipeline.StoreNames;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only order records with a higher revision than any seen before for their orderId
 * (SPEC R1). The highest revision per orderId lives in {@value StoreNames#ORDER_REVISIONS}, a
 * changelogged {@code KeyValueStore<String, Long>} keyed like the orders topic, so the gate
 * survives restarts and rebalances. It never changes a key (a fixed-key processor), so the table
 * after it needs no repartition topic.
 *
 * <p>Every record it holds back is counted by a sensor in metric group {@value #METRIC_GROUP}:
 * {@value #SKIPPED_TOTAL} and {@value #SKIPPED_RATE}, tagged {@code kind} = {@code stale-revision},
 * {@code duplicate-revision}, {@code tombstone} (a null value: the orders topic carries no deletes)
 * or {@code missing-key} (no orderId to track the revision by).
 */
public final class OrderRevisionGate implements FixedKeyProcessor<String, Order, Order> {

  public static final String METRIC_GROUP = PipelineSensors.GROUP;
  public static final String SKIPPED = "skipped-order-records";
  public static final String SKIPPED_TOTAL = SKIPPED + "-total";
  public static final String SKIPPED_RATE = SKIPPED + "-rate";

  /** Why a record was held back; the metric tag {@code kind}. */
  public enum Skip {
    STALE_REVISION("stale-revision"),
    DUPLICATE_REVISION("duplicate-revision"),
    TOMBSTONE("tombstone"),
    MISSING_KEY("missing-key");

    private final String tag;

    Skip(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(OrderRevisionGate.class);

  private FixedKeyProcessorContext<String, Order> context;
  private KeyValueStore<String, Long> revisions;
  private final Map<Skip, Sensor> sensors = new EnumMap<>(Skip.class);

  /** The store the gate needs, to be added to the topology and connected to the gate. */
  public static StoreBuilder<KeyValueStore<String, Long>> storeBuilder() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.ORDER_REVISIONS), Serdes.String(), Serdes.Long());
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Order> context) {
    this.context = context;
    this.revisions = context.getStateStore(StoreNames.ORDER_REVISIONS);
    for (Skip skip : Skip.values()) {
      sensors.put(skip, sensor(skip));
    }
  }

  @Override
  public void process(FixedKeyRecord<String, Order> record) {
    String orderId = record.key();
    Order order = record.value();
    if (orderId == null) {
      skip(Skip.MISSING_KEY, record);
      return;
    }
    if (order == null) {
      skip(Skip.TOMBSTONE, record);
      return;
    }
    RevisionDecision decision =
        RevisionDecision.decide(revisions.get(orderId), order.getRevision());
    switch (decision) {
      case ACCEPTED -> {
        revisions.put(orderId, order.getRevision());
        context.forward(record);
      }
      case STALE -> skip(Skip.STALE_REVISION, record);
      case DUPLICATE -> skip(Skip.DUPLICATE_REVISION, record);
    }
  }

  @Override
  public void close() {
    if (context != null) {
      sensors.values().forEach(sensor -> context.metrics().removeSensor(sensor));
    }
    sensors.clear();
  }

  private void skip(Skip kind, FixedKeyRecord<String, Order> record) {
    sensors.get(kind).record();
    if (log.isDebugEnabled()) {
      log.debug(
          "Skipped order record: kind={} orderId={} revision={} highestSeen={}",
          kind.tag(),
          record.key(),
          record.value() == null ? null : record.value().getRevision(),
          record.key() == null ? null : revisions.get(record.key()));
    }
  }

  private Sensor sensor(Skip kind) {
    return PipelineSensors.counter(
        context,
        SKIPPED,
        "Order records held back by the revision gate",
        Map.of("kind", kind.tag()));
  }
}
