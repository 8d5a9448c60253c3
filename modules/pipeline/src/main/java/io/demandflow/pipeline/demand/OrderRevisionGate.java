package io.demandflow.pipeline.demand;

import io.demandflow.domain.Orders;
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
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only order records with a higher revision than any seen before for their orderId
 * (SPEC R1), as the {@link OrderChange} from the revision accepted before (null for a new order) to
 * the new one. The latest accepted revision per orderId lives in {@value StoreNames#ORDERS}, a
 * changelogged {@code KeyValueStore<String, Order>} keyed by orderId: it is both the gate's memory
 * of the highest revision and the order table, so one store and one changelog serve both, and the
 * gate survives restarts and rebalances. The order book ({@code OrderBookProcessor}) owns the store
 * and asks the gate about each order record.
 *
 * <p>Every record it holds back is counted by a sensor in metric group {@value #METRIC_GROUP}:
 * {@value #SKIPPED_TOTAL} and {@value #SKIPPED_RATE}, tagged {@code kind} = {@code stale-revision},
 * {@code duplicate-revision}, {@code tombstone} (a null value: the orders topic carries no deletes)
 * or {@code missing-key} (no orderId to track the revision by).
 */
public final class OrderRevisionGate implements AutoCloseable {

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

  private final ProcessingContext context;
  private final KeyValueStore<String, Order> orders;
  private final Map<Skip, Sensor> sensors = new EnumMap<>(Skip.class);

  /** The store the gate needs, to be added to the topology and connected to its processor. */
  public static StoreBuilder<KeyValueStore<String, Order>> storeBuilder(Serde<Order> orderSerde) {
    // Cached like the DSL's tables: revisions of one order between two commits reach the
    // changelog once.
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.ORDERS), Serdes.String(), orderSerde)
        .withCachingEnabled();
  }

  /** The gate of a running processor that has {@value StoreNames#ORDERS} connected. */
  public OrderRevisionGate(ProcessingContext context) {
    this.context = context;
    this.orders = context.getStateStore(StoreNames.ORDERS);
    for (Skip skip : Skip.values()) {
      sensors.put(skip, sensor(skip));
    }
  }

  /** The latest accepted revision of an order (cancelled ones included), or null. */
  public Order latest(String orderId) {
    return orderId == null ? null : orders.get(orderId);
  }

  /**
   * Forgets a closed order (state retention): a later revision of it counts as a new order.
   *
   * @return whether it was forgotten: only a cancelled order is, never an open one
   */
  public boolean forgetClosed(String orderId) {
    Order latest = orders.get(orderId);
    if (latest == null || Orders.isOpen(latest)) {
      return false;
    }
    orders.delete(orderId);
    return true;
  }

  /**
   * Accepts {@code order} when its revision is higher than any seen for {@code orderId}: stores it
   * and returns the change; otherwise counts why and returns null.
   */
  public OrderChange accept(String orderId, Order order) {
    if (orderId == null) {
      skip(Skip.MISSING_KEY, orderId, order);
      return null;
    }
    if (order == null) {
      skip(Skip.TOMBSTONE, orderId, null);
      return null;
    }
    Order previous = orders.get(orderId);
    RevisionDecision decision =
        RevisionDecision.decide(
            previous == null ? null : previous.getRevision(), order.getRevision());
    switch (decision) {
      case ACCEPTED -> {
        orders.put(orderId, order);
        return new OrderChange(previous, order);
      }
      case STALE -> skip(Skip.STALE_REVISION, orderId, order);
      case DUPLICATE -> skip(Skip.DUPLICATE_REVISION, orderId, order);
    }
    return null;
  }

  @Override
  public void close() {
    sensors.values().forEach(sensor -> context.metrics().removeSensor(sensor));
    sensors.clear();
  }

  private void skip(Skip kind, String orderId, Order order) {
    sensors.get(kind).record();
    if (log.isDebugEnabled()) {
      log.debug(
          "Skipped order record: kind={} orderId={} revision={} highestSeen={}",
          kind.tag(),
          orderId,
          order == null ? null : order.getRevision(),
          latest(orderId) == null ? null : latest(orderId).getRevision());
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
