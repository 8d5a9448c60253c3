package io.demandflow.pipeline.orderbook;

import io.demandflow.domain.Orders;
import io.demandflow.domain.allocation.UsDemandChanges;
import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.Order;
import io.demandflow.events.internal.HeldOrderBookInput;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerInputKind;
import io.demandflow.events.internal.OrderBookInput;
import io.demandflow.events.internal.OrderChange;
import io.demandflow.events.internal.UsDemandChange;
import io.demandflow.events.internal.WaitingRequests;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.ExpiryStores;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.PipelineSensors;
import io.demandflow.pipeline.SequencingActivity;
import io.demandflow.pipeline.StateRetention;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.TimestampOrderGate;
import io.demandflow.pipeline.UpstreamWatermarks;
import io.demandflow.pipeline.demand.OrderRevisionGate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The order book: one task per partition of the order-book topic, where every order record and
 * every allocation request or release of an order meet, keyed by orderId, in the order they arrived
 * (SPEC §5). It
 *
 * <ul>
 *   <li>accepts only the highest revision of each order ({@link OrderRevisionGate}, SPEC R1) and
 *       forwards each accepted change to the demand aggregation;
 *   <li>gives the ledger a REQUEST together with the latest revision of its order, so the ledger
 *       keeps no copy of the orders; a request (or release) whose order has not arrived, or behind
 *       one that waits, waits in {@value StoreNames#WAITING_REQUESTS} until the order arrives, the
 *       order wait ends, or a flush request comes (then the ledger rejects it {@code
 *       UNKNOWN_ORDER});
 *   <li>gives the ledger the changes of orders that had a request ({@value
 *       StoreNames#ALLOCATED_ORDERS}), after that request, and open US demand as sums per product
 *       and period ({@value StoreNames#PENDING_US_DEMAND}), given before its next ledger input and
 *       at every interval: order revisions of orders without a request never reach the ledger one
 *       by one.
 * </ul>
 *
 * <p>Everything it gives the ledger leaves in one stream, in the order it was decided here, so the
 * ledger sees a request after its order and before a later change of it or a later request of it.
 *
 * <p>With sequencing on (docs/order-book.md, "Sequencing"), requests, releases and the ledger's
 * side of accepted order changes (what they give the ledger, and the requests that waited for them)
 * are applied in the order of their input records' timestamps, once the least watermark of the
 * input partitions (from input ticks, {@value StoreNames#ORDER_BOOK_WATERMARKS}) has passed them
 * ({@value StoreNames#ORDER_BOOK_HELD_INPUTS}): orders and requests reach this task from separate
 * re-key tasks, so an order change published after a request was acknowledged can arrive here
 * first. The demand aggregation gets an accepted change at once, and so does the ledger a first
 * revision's side (a request stamped before it would wait for it anyway). A request is applied with
 * the revision of its order as of its timestamp (the latest one let through). Every ledger input
 * leaves with the timestamp of the input record it stands for (a request that waited: its own,
 * never below the watermark already given), and the order book gives the ledger a watermark of its
 * own whenever the input watermark moves on: the ledger then decides in timestamp order across
 * every order-book task. A flush request lets everything held through and is passed on to the
 * ledger as a FLUSH marker.
 */
public final class OrderBookProcessor
    implements Processor<String, OrderBookInput, String, OrderBookProcessor.Output> {

  public static final String REQUESTS_WAITED = "allocation-requests-waited-for-order";
  public static final String WAITS_EXPIRED = "allocation-requests-order-wait-expired";

  /** The upstream name of the order book in the watermarks it gives the ledger. */
  public static final String WATERMARK_SOURCE = "order-book";

  /** The key, in the watermarks store, of the watermark last given to the ledger. */
  private static final String GIVEN_KEY = "ledger";

  /**
   * What the order book emits: an accepted order change for the demand aggregation, or an input of
   * the ledger. Exactly one is set. Never serialized: the topology splits it at once.
   */
  public record Output(OrderChange orderChange, LedgerInput ledgerInput) {

    static Output demand(OrderChange change) {
      return new Output(change, null);
    }

    static Output ledger(LedgerInput input) {
      return new Output(null, input);
    }
  }

  private final OrderBookSettings settings;
  private final StateRetention retention;
  private final UpstreamWatermarks inputWatermarks;
  private final Serde<WaitingRequests> waitingSerde;
  private final Serde<HeldOrderBookInput> heldSerde;
  private ExpiryStores closedOrders;
  private ProcessorContext<String, Output> context;
  private OrderRevisionGate gate;
  private KeyValueStore<String, String> allocatedOrders;
  private WaitingRequestStores waiting;
  private KeyValueStore<String, UsDemandChange> pendingUsDemand;
  private KeyValueStore<String, Watermark> watermarks;

  /** The watermark last given to the ledger; no ledger input leaves with an earlier timestamp. */
  private long givenWatermark = Long.MIN_VALUE;

  private int partition;
  private Sensor requestsWaited;
  private Sensor waitsExpired;

  /** Sequencing only: holds requests and the ledger's side of order changes until the watermark. */
  private TimestampOrderGate<HeldOrderBookInput> sequencer;

  /**
   * Sequencing only: the revision each order had as of the latest input let through (null: none
   * yet), for the orders with changes still held; any other order's is its latest revision.
   */
  private final Map<String, Order> ledgerRevisions = new HashMap<>();

  /** Sequencing only: how many changes of each order are held. */
  private final Map<String, Integer> heldChanges = new HashMap<>();

  /**
   * The pending US-demand sums of {@value StoreNames#PENDING_US_DEMAND}, in its key order: read
   * here, written through to the store. Given to the ledger before every ledger input, they would
   * otherwise cost a scan of the store each time.
   */
  private final Map<String, UsDemandChange> pendingSums = new TreeMap<>(Keys.STORE_ORDER);

  /**
   * The latest input timestamp in each pending US-demand sum (heap only: after a restart a sum
   * takes the timestamp of what gives it to the ledger).
   */
  private final Map<String, Long> pendingTimes = new HashMap<>();

  /**
   * @param inputTopics the input topics whose ticks make the watermark (orders, allocations)
   * @param waitingSerde the serde of the waiting requests in their store's chunks
   * @param heldSerde the serde of the inputs held for sequencing in their store's chunks
   */
  public OrderBookProcessor(
      OrderBookSettings settings,
      StateRetention retention,
      Set<String> inputTopics,
      Serde<WaitingRequests> waitingSerde,
      Serde<HeldOrderBookInput> heldSerde) {
    this.settings = settings;
    this.retention = retention;
    this.inputWatermarks = new UpstreamWatermarks(inputTopics);
    this.waitingSerde = waitingSerde;
    this.heldSerde = heldSerde;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.gate = new OrderRevisionGate(context);
    this.allocatedOrders = context.getStateStore(StoreNames.ALLOCATED_ORDERS);
    this.waiting =
        new WaitingRequestStores(
            context.getStateStore(StoreNames.WAITING_REQUESTS),
            waitingSerde,
            StoreNames.changelogTopic(context.applicationId(), StoreNames.WAITING_REQUESTS));
    this.pendingUsDemand = context.getStateStore(StoreNames.PENDING_US_DEMAND);
    // Kafka Streams calls init again on the same processor when it revives a task (after a
    // TaskCorruptedException): heap copies are rebuilt from the stores, never added to.
    pendingSums.clear();
    pendingTimes.clear();
    ledgerRevisions.clear();
    heldChanges.clear();
    try (KeyValueIterator<String, UsDemandChange> all = pendingUsDemand.all()) {
      all.forEachRemaining(entry -> pendingSums.put(entry.key, entry.value));
    }
    this.closedOrders = new ExpiryStores(context.getStateStore(StoreNames.CLOSED_ORDERS));
    this.watermarks = context.getStateStore(StoreNames.ORDER_BOOK_WATERMARKS);
    this.partition = context.taskId().partition();
    SequencingActivity.of(context.appConfigs()).inputPartitions().forEach(inputWatermarks::declare);
    try (KeyValueIterator<String, Watermark> all = watermarks.all()) {
      all.forEachRemaining(
          entry -> {
            Watermark w = entry.value;
            if (GIVEN_KEY.equals(entry.key)) {
              givenWatermark = w.getTime();
            } else {
              inputWatermarks.update(
                  w.getSource(), w.getPartition(), w.getPartitions(), w.getTime());
            }
          });
    }
    if (settings.sequencing()) {
      this.sequencer =
          new TimestampOrderGate<>(
              context,
              StoreNames.ORDER_BOOK_HELD_INPUTS,
              "order-book",
              heldSerde,
              settings.orderWait(),
              key -> {
                throw new IllegalStateException(
                    "Not a chunk in " + StoreNames.ORDER_BOOK_HELD_INPUTS + ": " + key);
              });
      sequencer.resumeAt(givenWatermark);
      sequencer.held().stream()
          .map(HeldOrderBookInput::getChange)
          .filter(Objects::nonNull)
          .forEach(this::noteHeld);
    }
    this.requestsWaited =
        PipelineSensors.counter(
            context, REQUESTS_WAITED, "Allocation requests that waited for their order", Map.of());
    this.waitsExpired =
        PipelineSensors.counter(
            context,
            WAITS_EXPIRED,
            "Allocation requests whose order did not arrive within the order wait",
            Map.of());
    if (!settings.interval().isZero()) {
      context.schedule(settings.interval(), PunctuationType.WALL_CLOCK_TIME, this::onInterval);
    }
    if (!retention.purgeInterval().isZero()) {
      context.schedule(retention.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, this::purge);
    }
  }

  @Override
  public void process(Record<String, OrderBookInput> record) {
    OrderBookInput input = record.value();
    if (input == null) {
      return;
    }
    switch (input.getKind()) {
      case ORDER -> onOrder(record, input.getOrder());
      case REQUEST -> onRequest(record, input.getRequest());
      case FLUSH -> {
        if (sequencer != null) {
          sequenced(sequencer.releaseAll());
        }
        flush(record.timestamp(), Long.MAX_VALUE);
        if (settings.sequencing()) {
          // Tells the ledger this task has given it everything before the flush.
          toLedgerAsMarker(
              LedgerInputKind.FLUSH, ownWatermark(givenWatermark), ledgerTime(record.timestamp()));
        }
      }
      case WATERMARK -> onInputWatermark(input.getWatermark());
      case UNKNOWN -> {}
    }
  }

  private void onOrder(Record<String, OrderBookInput> record, Order order) {
    String orderId = record.key();
    OrderChange change = gate.accept(orderId, order);
    if (change == null) {
      return;
    }
    context.forward(record.withValue(Output.demand(change)));
    if (!Orders.isOpen(order)) {
      closedOrders.add(context.currentSystemTimeMs(), orderId);
    }
    // A first revision need not wait: a request stamped before it would wait for it anyway, and
    // one stamped after it must see it (with no earlier change of the order still held).
    if (sequencer == null || (change.getBefore() == null && !heldChanges.containsKey(orderId))) {
      applyChange(orderId, change, record.timestamp());
      return;
    }
    noteHeld(change);
    sequenced(sequencer.offer(record.timestamp(), new HeldOrderBookInput(null, change)));
  }

  /**
   * The ledger's side of an accepted order change: what it gives the ledger, its US demand, and the
   * requests that waited for the order.
   */
  private void applyChange(String orderId, OrderChange change, long timestamp) {
    Order order = change.getAfter();
    // Only revisions that may release or cut grants: an amendment that keeps the order where it
    // was with no fewer units (the common ERP update) costs the single-threaded ledger nothing.
    // A first revision has no grants yet (a request that came before it waits, and goes to the
    // ledger after it, carrying it), so it needs no store read either.
    if (change.getBefore() != null
        && !Orders.keepsGrants(change.getBefore(), change.getAfter())
        && allocatedOrders.get(orderId) != null) {
      toLedger(
          orderId,
          LedgerInput.newBuilder().setKind(LedgerInputKind.ORDER).setOrder(order).build(),
          timestamp);
    }
    addUsDemand(change, timestamp);
    WaitingRequests waited = waiting.get(orderId);
    if (waited != null) {
      waiting.remove(orderId);
      List<AllocationRequest> requests = waited.getRequests();
      for (int i = 0; i < requests.size(); i++) {
        requestToLedger(requests.get(i), order, waitedTime(waited, i, timestamp));
      }
    }
  }

  /**
   * Sequencing: a change of an order is held; until it is let through, requests see the one before.
   */
  private void noteHeld(OrderChange change) {
    String orderId = change.getAfter().getOrderId();
    if (heldChanges.merge(orderId, 1, Integer::sum) == 1) {
      ledgerRevisions.put(orderId, change.getBefore());
    }
  }

  /** Sequencing: applies what the gate let through, in order. */
  private void sequenced(List<TimestampOrderGate.Passed<HeldOrderBookInput>> passed) {
    for (TimestampOrderGate.Passed<HeldOrderBookInput> input : passed) {
      OrderChange change = input.input().getChange();
      if (change == null) {
        applyRequest(input.input().getRequest(), input.time());
        continue;
      }
      String orderId = change.getAfter().getOrderId();
      // An order's changes come from one input partition, so they are let through in the order
      // they were accepted: after the last one, requests see the order's latest revision.
      if (heldChanges.merge(orderId, -1, Integer::sum) == 0) {
        heldChanges.remove(orderId);
        ledgerRevisions.remove(orderId);
      } else {
        ledgerRevisions.put(orderId, change.getAfter());
      }
      applyChange(orderId, change, input.time());
    }
  }

  /**
   * The revision of an order that requests are applied with: as of the latest input let through.
   */
  private Order ledgerRevision(String orderId) {
    return ledgerRevisions.containsKey(orderId)
        ? ledgerRevisions.get(orderId)
        : gate.latest(orderId);
  }

  /**
   * The record timestamp of the {@code i}-th waiting request ({@code otherwise} for requests stored
   * before timestamps were kept).
   */
  private static long waitedTime(WaitingRequests waited, int i, long otherwise) {
    List<Long> times = waited.getTimestamps();
    return times.size() == waited.getRequests().size() ? times.get(i) : otherwise;
  }

  private void onRequest(Record<String, OrderBookInput> record, AllocationRequest request) {
    if (sequencer == null) {
      applyRequest(request, record.timestamp());
    } else {
      sequenced(sequencer.offer(record.timestamp(), new HeldOrderBookInput(request, null)));
    }
  }

  /**
   * A request or release: to the ledger with its order's revision, or waiting for its order (or
   * behind requests of it that wait).
   */
  private void applyRequest(AllocationRequest request, long timestamp) {
    String orderId = request.getOrderId();
    WaitingRequests waited = waiting.get(orderId);
    Order order = ledgerRevision(orderId);
    // A RELEASE needs no order, only to come after its REQUEST: when nothing of this order
    // waits here, that REQUEST (naming the same order) has gone to the ledger already.
    boolean release = request.getAction() == AllocationAction.RELEASE;
    if (waited == null && (order != null || release)) {
      requestToLedger(request, order, timestamp);
      return;
    }
    // The order has not arrived (or requests of it already wait): wait behind them, in order.
    List<AllocationRequest> requests =
        new ArrayList<>(waited == null ? List.of() : waited.getRequests());
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      times.add(waitedTime(waited, i, timestamp));
    }
    requests.add(request);
    times.add(timestamp);
    long since =
        waited == null ? context.currentSystemTimeMs() : waited.getWaitingSince().toEpochMilli();
    waiting.put(new WaitingRequests(orderId, Instant.ofEpochMilli(since), requests, times));
    requestsWaited.record();
  }

  private void requestToLedger(AllocationRequest request, Order order, long timestamp) {
    if (order != null
        && request.getAction() == AllocationAction.REQUEST
        && allocatedOrders.get(order.getOrderId()) == null) {
      allocatedOrders.put(order.getOrderId(), request.getAllocationId());
    }
    toLedger(
        request.getOrderId(),
        LedgerInput.newBuilder()
            .setKind(LedgerInputKind.ALLOCATION)
            .setRequest(request)
            .setOrder(order)
            .build(),
        timestamp);
  }

  /** Gives the ledger an input, after the US-demand changes accepted before it. */
  private void toLedger(String key, LedgerInput input, long timestamp) {
    givePendingUsDemand(timestamp);
    context.forward(new Record<>(key, Output.ledger(input), ledgerTime(timestamp)));
  }

  /**
   * The timestamp a ledger input leaves with: its input record's, but never below the watermark
   * already given to the ledger (sequencing), which promised nothing earlier would follow.
   */
  private long ledgerTime(long timestamp) {
    return settings.sequencing() ? Math.max(timestamp, givenWatermark) : timestamp;
  }

  /**
   * An input partition's watermark (from a tick): when the least of them moves on, the pending
   * US-demand changes go to the ledger, then this task's own watermark.
   */
  private void onInputWatermark(Watermark watermark) {
    if (!settings.sequencing() || watermark == null) {
      return;
    }
    if (inputWatermarks.update(
        watermark.getSource(),
        watermark.getPartition(),
        watermark.getPartitions(),
        watermark.getTime())) {
      watermarks.put(
          UpstreamWatermarks.key(watermark.getSource(), watermark.getPartition()), watermark);
    }
    OptionalLong least = inputWatermarks.watermark();
    if (least.isEmpty() || least.getAsLong() <= givenWatermark) {
      return;
    }
    sequenced(sequencer.advanceTo(least.getAsLong()));
    givePendingUsDemand(least.getAsLong());
    givenWatermark = least.getAsLong();
    Watermark own = ownWatermark(givenWatermark);
    watermarks.put(GIVEN_KEY, own);
    toLedgerAsMarker(LedgerInputKind.WATERMARK, own, givenWatermark);
  }

  /** A sequencing marker of this task (WATERMARK or FLUSH) for the ledger. */
  private void toLedgerAsMarker(LedgerInputKind kind, Watermark own, long timestamp) {
    context.forward(
        new Record<>(
            Integer.toString(partition),
            Output.ledger(LedgerInput.newBuilder().setKind(kind).setWatermark(own).build()),
            timestamp));
  }

  private Watermark ownWatermark(long time) {
    return new Watermark(WATERMARK_SOURCE, partition, settings.partitions(), time);
  }

  private void addUsDemand(OrderChange change, long timestamp) {
    for (UsDemandChanges.Change c :
        UsDemandChanges.of(change.getBefore(), change.getAfter(), settings.priorityRegion())) {
      String key = Keys.join(c.product(), c.period());
      UsDemandChange pending = pendingSums.get(key);
      long units = (pending == null ? 0 : pending.getUnits()) + c.units();
      UsDemandChange sum =
          new UsDemandChange(c.product(), c.period(), units, change.getAfter().getEventTime());
      pendingSums.put(key, sum);
      pendingUsDemand.put(key, sum);
      pendingTimes.merge(key, timestamp, Math::max);
    }
  }

  private void givePendingUsDemand(long timestamp) {
    if (pendingSums.isEmpty()) {
      return;
    }
    List<Map.Entry<String, UsDemandChange>> pending = new ArrayList<>(pendingSums.entrySet());
    pendingSums.clear();
    Map<String, Long> times = new HashMap<>(pendingTimes);
    pendingTimes.clear();
    for (Map.Entry<String, UsDemandChange> entry : pending) {
      pendingUsDemand.delete(entry.getKey());
      if (entry.getValue().getUnits() != 0) {
        context.forward(
            new Record<>(
                entry.getKey(),
                Output.ledger(
                    LedgerInput.newBuilder()
                        .setKind(LedgerInputKind.US_DEMAND)
                        .setUsDemand(entry.getValue())
                        .build()),
                // Sequencing: the sum stands where its latest order stands, not where the input
                // that pushed it out does.
                ledgerTime(times.getOrDefault(entry.getKey(), timestamp))));
      }
    }
  }

  /**
   * State retention: cancelled orders closed longer ago than the retention leave the order table
   * and the allocated-orders marker (an order reopened since stays).
   */
  private void purge(long now) {
    for (String orderId : closedOrders.takeUntil(now - retention.closedOrders().toMillis())) {
      if (gate.forgetClosed(orderId)) {
        allocatedOrders.delete(orderId);
      }
    }
  }

  private void onInterval(long now) {
    if (sequencer != null) {
      sequenced(sequencer.onInterval(now));
    }
    flush(now, now - settings.orderWait().toMillis());
  }

  /**
   * Gives the ledger the pending US-demand changes, then every waiting request whose wait began at
   * or before {@code waitingSinceAtMost} (with its order, still unknown: the ledger rejects it).
   */
  private void flush(long timestamp, long waitingSinceAtMost) {
    givePendingUsDemand(timestamp);
    for (WaitingRequests waited : waiting.takeUntil(waitingSinceAtMost)) {
      List<AllocationRequest> requests = waited.getRequests();
      for (int i = 0; i < requests.size(); i++) {
        waitsExpired.record();
        requestToLedger(
            requests.get(i),
            ledgerRevision(waited.getOrderId()),
            Math.max(timestamp, waitedTime(waited, i, timestamp)));
      }
    }
  }

  @Override
  public void close() {
    if (sequencer != null) {
      sequencer.close();
    }
    if (gate != null) {
      gate.close();
      context.metrics().removeSensor(requestsWaited);
      context.metrics().removeSensor(waitsExpired);
    }
  }
}
