package io.demandflow.pipeline.demand;

import io.demandflow.domain.RevisionDecision;
import io.demandflow.events.Order;
import io.demandflow.events.internal.OrderChange;
import io.demandflow.pipeline.PipelineSensors;
import io.demandflow.pipeline.StoreNames;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
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
 * (SPEC R1), as the {@link OrderChange} from the revision accepted before (null for a new order) to
 * the new one. The latest accepted revision per orderId lives in {@value StoreNames#ORDERS}, a
 * changelogged {@code KeyValueStore<String, Order>} keyed like the orders topic: it is both the
 * gate's memory of the highest revision and the order table, so one store and one changelog serve
 * both, and the gate survives restarts and rebalances. It never changes a key (a fixed-key
 * processor).
 *
 * <p>Every record it holds back is counted by a sensor in metric group {@value #METRIC_GROUP}:
 * {@value #SKIPPED_TOTAL} and {@value #SKIPPED_RATE}, tagged {@code kind} = {@code stale-revision},
 * {@code duplicate-revision}, {@code tombstone} (a null value: the orders topic carries no deletes)
 * or {@code missing-key} (no orderId to track the revision by).
 */
public final class OrderRevisionGate implements FixedKeyProcessor<String, Order, OrderChange> {

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

  private FixedKeyProcessorContext<String, OrderChange> context;
  private KeyValueStore<String, Order> orders;
  private final Map<Skip, Sensor> sensors = new EnumMap<>(Skip.class);

  /** The store the gate needs, to be added to the topology and connected to the gate. */
  public static StoreBuilder<KeyValueStore<String, Order>> storeBuilder(Serde<Order> orderSerde) {
    // Cached like the DSL's tables: revisions of one order between two commits reach the
    // changelog once.
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.ORDERS), Serdes.String(), orderSerde)
        .withCachingEnabled();
  }

  @Override
  public void init(FixedKeyProcessorContext<String, OrderChange> context) {
    this.context = context;
    this.orders = context.getStateStore(StoreNames.ORDERS);
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
    Order previous = orders.get(orderId);
    RevisionDecision decision =
        RevisionDecision.decide(
            previous == null ? null : previous.getRevision(), order.getRevision());
    switch (decision) {
      case ACCEPTED -> {
        orders.put(orderId, order);
        context.forward(record.withValue(new OrderChange(previous, order)));
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
          highestRevision(record.key()));
    }
  }

  private Long highestRevision(String orderId) {
    Order latest = orderId == null ? null : orders.get(orderId);
    return latest == null ? null : latest.getRevision();
  }

  private Sensor sensor(Skip kind) {
    return PipelineSensors.counter(
        context,
        SKIPPED,
        "Order records held back by the revision gate",
        Map.of("kind", kind.tag()));
  }
}
