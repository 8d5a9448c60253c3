package io.demandflow.pipeline.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerInputKind;
import io.demandflow.events.internal.UsDemandChange;
import io.demandflow.events.internal.Watermark;
import io.demandflow.pipeline.Keys;
import io.demandflow.pipeline.orderbook.OrderBookProcessor;
import io.demandflow.topics.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequence gate over its stores as the pipeline builds them: what it holds survives a restart
 * (the gate reads its chunks back), and held inputs of the format before chunks are taken over.
 */
class LedgerSequenceGateTest {

  private static final Duration MAX_HOLD = Duration.ofSeconds(30);

  @TempDir Path stateDir;

  private MockProcessorContext<Object, Object> context;
  private Serde<LedgerInput> inputSerde;
  private KeyValueStore<String, byte[]> buffer;

  @BeforeEach
  void stores() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "sequence-gate-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    context = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
    context.setCurrentSystemTimeMs(0L);
    AvroSerdes serdes =
        new AvroSerdes(Map.of("schema.registry.url", "mock://gate-" + UUID.randomUUID()));
    inputSerde = serdes.value(LedgerInput.class);
    for (StoreBuilder<?> builder :
        LedgerSequenceGate.storeBuilders(serdes.value(Watermark.class))) {
      // The runtime's changelog and cache are not the gate's business here.
      StateStore store = builder.withLoggingDisabled().withCachingDisabled().build();
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    buffer = context.getStateStore(LedgerSequenceGate.BUFFER);
  }

  @Test
  void whatItHoldsIsKeptInChunksAndLetThroughInOrderAfterARestart() {
    LedgerSequenceGate before = new LedgerSequenceGate(context, inputSerde, MAX_HOLD);
    for (long time : new long[] {30, 10, 20, 10}) {
      assertThat(before.offer(new Record<>(null, input(time), time))).isEmpty();
    }
    assertThat(keys()).containsExactly("chunk|" + Keys.zeroPadded(0, 19));

    LedgerSequenceGate after = new LedgerSequenceGate(context, inputSerde, MAX_HOLD);

    assertThat(times(after.onWatermark(watermark(20)))).containsExactly(10L, 10L, 20L);
    assertThat(times(after.onWatermark(watermark(40)))).containsExactly(30L);
    assertThat(keys()).isEmpty();
  }

  @Test
  void takesOverHeldInputsStoredOnePerKeyBeforeChunks() {
    buffer.put(legacyKey(20, 0), payload(input(20)));
    buffer.put(legacyKey(10, 1), payload(input(10)));

    LedgerSequenceGate gate = new LedgerSequenceGate(context, inputSerde, MAX_HOLD);

    assertThat(keys()).containsExactly("chunk|" + Keys.zeroPadded(0, 19));
    assertThat(gate.offer(new Record<>(null, input(15), 15))).isEmpty();
    assertThat(times(gate.onWatermark(watermark(25)))).containsExactly(10L, 15L, 20L);
    assertThat(keys()).isEmpty();
  }

  private static LedgerInput input(long time) {
    return LedgerInput.newBuilder()
        .setKind(LedgerInputKind.US_DEMAND)
        .setUsDemand(new UsDemandChange("H200", "2026-03", time, Instant.ofEpochMilli(time)))
        .build();
  }

  private static Watermark watermark(long time) {
    return new Watermark(OrderBookProcessor.WATERMARK_SOURCE, 0, 1, time);
  }

  private byte[] payload(LedgerInput input) {
    return inputSerde.serializer().serialize("sequence-gate-test-changelog", input);
  }

  private static String legacyKey(long time, long arrival) {
    return Keys.zeroPadded(time, 19) + "|" + Keys.zeroPadded(arrival, 19);
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = buffer.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  /** The timestamps of released inputs, checked against the units each input carries. */
  private static List<Long> times(List<Record<String, LedgerInput>> released) {
    released.forEach(
        record ->
            assertThat(record.value().getUsDemand().getUnits()).isEqualTo(record.timestamp()));
    return released.stream().map(Record::timestamp).toList();
  }
}
