package io.demandflow.pipeline.orderbook;

import io.demandflow.events.internal.HeldOrderBookInput;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.OrderBookInput;
import io.demandflow.events.internal.OrderBookInputKind;
import io.demandflow.events.internal.OrderChange;
import io.demandflow.events.internal.UsDemandChange;
import io.demandflow.events.internal.WaitingRequests;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.ExpiryStores;
import io.demandflow.pipeline.StateRetention;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.TimestampOrderGate;
import io.demandflow.pipeline.TopicNodes;
import io.demandflow.pipeline.demand.OrderRevisionGate;
import io.demandflow.pipeline.input.InputTopology;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The order book (SPEC R1, §5): where orders and allocation requests of one order meet before the
 * demand aggregation and the ledger.
 *
 * <ul>
 *   <li><b>Inputs</b>: the validated orders (key orderId) and allocation requests (key
 *       allocationId, re-keyed here to the orderId they name) of {@link InputTopology}, and {@link
 *       TopicNames#allocationFlush()} (flush requests; key and value are ignored strings).
 *   <li><b>Repartition topic</b>: {@value #ORDER_BOOK_TOPIC}, keyed by orderId: orders and requests
 *       are hashed here, inside the topology, so that how a producer partitioned the input topics
 *       (murmur2, CRC32, any partition count) never matters; a flush request goes to every
 *       partition.
 *   <li><b>Processor</b>: {@value #PROCESS_ORDER_BOOK} ({@link OrderBookProcessor}) over {@value
 *       StoreNames#ORDERS}, {@value StoreNames#CLOSED_ORDERS}, {@value
 *       StoreNames#ALLOCATED_ORDERS}, {@value StoreNames#WAITING_REQUESTS}, {@value
 *       StoreNames#PENDING_US_DEMAND}, {@value StoreNames#ORDER_BOOK_WATERMARKS} and {@value
 *       StoreNames#ORDER_BOOK_HELD_INPUTS}.
 *   <li><b>Outputs</b>: {@link Outputs#orderChanges()} (accepted order changes, key orderId) and
 *       {@link Outputs#ledgerInputs()} (the ledger's order, request and US-demand inputs, in the
 *       order the book decided them).
 * </ul>
 */
public final class OrderBookTopology {

  public static final String ORDER_BOOK_TOPIC = "order-book";
  public static final String PROCESS_ORDER_BOOK = "process-order-book";

  /** What the order book gives the sub-topologies after it. */
  public record Outputs(
      KStream<String, OrderChange> orderChanges, KStream<String, LedgerInput> ledgerInputs) {}

  private final Topics topics;
  private final OrderBookSettings settings;
  private final StateRetention retention;
  private final AvroSerdes serdes;
  private final Serde<OrderBookInput> inputSerde;

  public OrderBookTopology(
      Topics topics, AvroSerdes serdes, OrderBookSettings settings, StateRetention retention) {
    this.retention = Objects.requireNonNull(retention, "retention");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.serdes = Objects.requireNonNull(serdes, "serdes");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.inputSerde = serdes.value(OrderBookInput.class);
  }

  public Outputs addTo(StreamsBuilder builder, InputTopology.Inputs inputs) {
    storeBuilders().forEach(builder::addStateStore);

    KStream<String, OrderBookInput> orders =
        inputs
            .orders()
            .process(
                () -> OrderBookEntryProcessor.orders(settings), Named.as("wrap-order-book-orders"));
    KStream<String, OrderBookInput> requests =
        inputs
            .allocations()
            .process(
                () -> OrderBookEntryProcessor.requests(settings),
                Named.as("key-requests-by-order"));
    KStream<String, OrderBookInput> flushes =
        TopicNodes.stream(builder, topics.allocationFlush())
            .mapValues(
                requestedBy ->
                    OrderBookInput.newBuilder()
                        .setKind(OrderBookInputKind.FLUSH)
                        .setRequestedBy(requestedBy)
                        .build(),
                Named.as("wrap-order-book-flushes"));

    KStream<String, OrderBookProcessor.Output> outputs =
        orders
            .merge(requests, Named.as("merge-order-book-requests"))
            .merge(flushes, Named.as("merge-order-book-flushes"))
            .repartition(
                Repartitioned.with(AvroSerdes.keys(), inputSerde)
                    .withName(ORDER_BOOK_TOPIC)
                    // Fixed by configuration: the ledger waits for a watermark of every one.
                    .withNumberOfPartitions(settings.partitions())
                    .withStreamPartitioner(new ByOrderIdMarkersToAll()))
            .process(
                () ->
                    new OrderBookProcessor(
                        settings,
                        retention,
                        Set.of(topics.orders().name(), topics.allocations().name()),
                        serdes.value(WaitingRequests.class),
                        serdes.value(HeldOrderBookInput.class)),
                Named.as(PROCESS_ORDER_BOOK),
                StoreNames.ORDERS,
                StoreNames.CLOSED_ORDERS,
                StoreNames.ALLOCATED_ORDERS,
                StoreNames.WAITING_REQUESTS,
                StoreNames.PENDING_US_DEMAND,
                StoreNames.ORDER_BOOK_WATERMARKS,
                StoreNames.ORDER_BOOK_HELD_INPUTS);

    KStream<String, OrderChange> orderChanges =
        outputs
            .filter((key, out) -> out.orderChange() != null, Named.as("order-book-order-changes"))
            .mapValues(OrderBookProcessor.Output::orderChange, Named.as("unwrap-order-changes"));
    KStream<String, LedgerInput> ledgerInputs =
        outputs
            .filter((key, out) -> out.ledgerInput() != null, Named.as("order-book-ledger-inputs"))
            .mapValues(OrderBookProcessor.Output::ledgerInput, Named.as("unwrap-ledger-inputs"));
    return new Outputs(orderChanges, ledgerInputs);
  }

  private List<StoreBuilder<?>> storeBuilders() {
    return List.of(
        OrderRevisionGate.storeBuilder(topics.orders().valueSerde()),
        ExpiryStores.storeBuilder(StoreNames.CLOSED_ORDERS),
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ALLOCATED_ORDERS),
                AvroSerdes.keys(),
                Serdes.String())
            .withCachingEnabled(),
        // Chunks (WaitingRequestStores), cached: a chunk rewritten many times within a commit
        // reaches the changelog once.
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.WAITING_REQUESTS),
                AvroSerdes.keys(),
                Serdes.ByteArray())
            .withCachingEnabled(),
        // Cached: a sum that changes many times within a commit reaches the changelog once (its
        // tombstone, when given to the ledger within the commit it began in).
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PENDING_US_DEMAND),
                AvroSerdes.keys(),
                serdes.value(UsDemandChange.class))
            .withCachingEnabled(),
        // Small (one entry per input partition, and the last watermark given to the ledger).
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ORDER_BOOK_WATERMARKS),
                AvroSerdes.keys(),
                serdes.value(Watermark.class))
            .withCachingEnabled(),
        TimestampOrderGate.storeBuilder(StoreNames.ORDER_BOOK_HELD_INPUTS));
  }

  /**
   * Orders and requests by orderId (murmur2 over the key's UTF-8 bytes, as Kafka's default); a
   * flush request and an input watermark to every partition, so that each order-book task receives
   * it.
   */
  static final class ByOrderIdMarkersToAll implements StreamPartitioner<String, OrderBookInput> {

    @Override
    public Optional<Set<Integer>> partitions(
        String topic, String key, OrderBookInput value, int numPartitions) {
      if (value != null
          && (value.getKind() == OrderBookInputKind.FLUSH
              || value.getKind() == OrderBookInputKind.WATERMARK)) {
        return Optional.of(
            IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
      }
      // A record without orderId (a tombstone without key) still reaches the gate, which counts it.
      int partition =
          key == null
              ? 0
              : Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
                  % numPartitions;
      return Optional.of(Set.of(partition));
    }
  }
}
