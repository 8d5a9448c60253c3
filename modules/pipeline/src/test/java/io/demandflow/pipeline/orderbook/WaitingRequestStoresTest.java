package io.demandflow.pipeline.orderbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.internal.WaitingRequests;
import io.demandflow.pipeline.StoreChunks;
import io.demandflow.topics.AvroSerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order book's waiting requests over a store as the pipeline keeps them: in chunks, read back
 * after a restart, and taken over from the format before chunks (one Avro value per order).
 */
class WaitingRequestStoresTest {

  private static final String TOPIC = "waiting-requests-test-changelog";

  private final Serde<WaitingRequests> serde =
      new AvroSerdes(Map.of("schema.registry.url", "mock://waiting-" + UUID.randomUUID()))
          .value(WaitingRequests.class);
  private final KeyValueStore<String, byte[]> store =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore("waiting"), Serdes.String(), Serdes.ByteArray())
          .withLoggingDisabled()
          .build();

  @TempDir Path stateDir;

  @BeforeEach
  void open() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "waiting-requests-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    store.init(
        new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile())
            .getStateStoreContext(),
        store);
  }

  @Test
  void shouldKeepManyOrdersInOneChunkAndReadThemBackAfterARestart() {
    WaitingRequestStores before = new WaitingRequestStores(store, serde, TOPIC);
    before.put(waiting("o-1", 100, "a-1"));
    before.put(waiting("o-2", 200, "a-2"));
    before.put(waiting("o-1", 100, "a-1", "a-3"));
    before.remove("o-2");

    assertThat(keys()).containsExactly(StoreChunks.key(0));

    WaitingRequestStores after = new WaitingRequestStores(store, serde, TOPIC);
    assertThat(after.get("o-1").getRequests())
        .extracting(AllocationRequest::getAllocationId)
        .containsExactly("a-1", "a-3");
    assertThat(after.get("o-2")).isNull();
    assertThat(after.takeUntil(100)).extracting(WaitingRequests::getOrderId).containsExactly("o-1");
    assertThat(keys()).isEmpty();
  }

  @Test
  void shouldTakeOverWaitingRequestsStoredOnePerOrderBeforeChunks() {
    store.put("o-2", serde.serializer().serialize(TOPIC, waiting("o-2", 50, "a-2")));
    store.put("o-1", serde.serializer().serialize(TOPIC, waiting("o-1", 300, "a-1")));

    WaitingRequestStores waiting = new WaitingRequestStores(store, serde, TOPIC);

    assertThat(keys()).containsExactly(StoreChunks.key(0));
    assertThat(waiting.takeUntil(100))
        .extracting(WaitingRequests::getOrderId)
        .containsExactly("o-2");
    assertThat(waiting.get("o-1").getWaitingSince()).isEqualTo(Instant.ofEpochMilli(300));
  }

  private static WaitingRequests waiting(String orderId, long since, String... requestIds) {
    List<AllocationRequest> requests = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (String requestId : requestIds) {
      requests.add(
          AllocationRequest.newBuilder()
              .setAllocationId(requestId)
              .setOrderId(orderId)
              .setQuantity(1)
              .setAction(AllocationAction.REQUEST)
              .setEventTime(Instant.ofEpochMilli(since))
              .setSource("erp")
              .build());
      times.add(since);
    }
    return new WaitingRequests(orderId, Instant.ofEpochMilli(since), requests, times);
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }
}
