package io.demandflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class SubtopologySplitTest {

  @Test
  void shouldChargeEachRecordOnceToTheProcessorItEnteredBy() {
    // Given a topology of two sub-topologies, every processor wrapped: a chain of two mapValues
    // before a repartition, one after it
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "split-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, ProcessTimeWrapper.class.getName());
    ProcessTimeWrapper.reset();
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("source-in"))
        .mapValues(value -> busy(value), Named.as("first"))
        .mapValues(value -> busy(value), Named.as("second"))
        .repartition(Repartitioned.with(Serdes.String(), Serdes.String()).withName("by-key"))
        .mapValues(value -> busy(value), Named.as("third"))
        .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("sink-out"));
    Topology topology = builder.build();

    // When records pass through
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
      for (int i = 0; i < 200; i++) {
        in.pipeInput("key-" + i, "value-" + i);
      }
      driver
          .createOutputTopic("out", new StringDeserializer(), new StringDeserializer())
          .readValuesToList();
    }

    // Then CPU is charged to the processors records entered each sub-topology by, not to the
    // processors they were forwarded to within it
    Map<String, Long> nanos = ProcessTimeWrapper.nanosByProcessor();
    assertThat(nanos.get("first")).isPositive();
    assertThat(nanos.get("third")).isPositive();
    assertThat(nanos.getOrDefault("second", 0L)).isZero();

    // And the split names both sub-topologies, each with what it wrote to its internal topic
    SubtopologySplit split =
        SubtopologySplit.of(
            topology.describe(),
            "split-test",
            nanos,
            Map.of("split-test-by-key-repartition", 200L),
            Map.of(ThreadCpu.STREAM_THREADS, Long.MAX_VALUE / 4, "broker", 1_000_000L),
            200);
    assertThat(split.rows()).hasSize(2);
    assertThat(split.rows().get(0).internalPerRecord()).isEqualTo(1.0);
    assertThat(split.rows().get(1).internalPerRecord()).isZero();
    assertThat(split.rows().get(0).secondsPerMillion()).isPositive();
    assertThat(split.otherThreads())
        .extracting(SubtopologySplit.Share::group)
        .containsExactly("broker");
    assertThat(split.hops())
        .containsExactly(new SubtopologySplit.Hop("by-key-repartition", 0, 1.0));
  }

  @Test
  void shouldCountAStoreSeveralProcessorsShareOnce() {
    // Given one sub-topology whose two processors use one store, and a sink to a repartition topic
    Topology topology = new Topology();
    topology.addSource("source", "in");
    topology.addProcessor("first", Noop::new, "source");
    topology.addProcessor("second", Noop::new, "first");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("shared-store"), Serdes.String(), Serdes.String()),
        "first",
        "second");
    topology.addSink("sink", "x-repartition", "second");

    // When its changelog got 100 records and the repartition topic 300, of 100 input records
    SubtopologySplit split =
        SubtopologySplit.of(
            topology.describe(),
            "app",
            Map.of(),
            Map.of("app-shared-store-changelog", 100L, "app-x-repartition", 300L),
            Map.of(),
            100);

    // Then the store's changelog counts once, and the hops come most records first
    assertThat(split.rows().get(0).internalPerRecord()).isEqualTo(4.0);
    assertThat(split.hops())
        .containsExactly(
            new SubtopologySplit.Hop("x-repartition", 0, 3.0),
            new SubtopologySplit.Hop("shared-store-changelog", 0, 1.0));
  }

  @Test
  void shouldGroupThreadsByNameWithoutNumbersAndIds() {
    assertThat(ThreadCpu.group("bench-eos-3-6f1c2a4e-1b2c-4d5e-8f90-123456789abc-StreamThread-1"))
        .isEqualTo(ThreadCpu.STREAM_THREADS);
    assertThat(ThreadCpu.group("data-plane-kafka-request-handler-7"))
        .isEqualTo(ThreadCpu.group("data-plane-kafka-request-handler-0"));
    assertThat(
            ThreadCpu.group(
                "kafka-producer-network-thread | 6f1c2a4e-1b2c-4d5e-8f90-123456789abc-producer"))
        .isEqualTo("kafka-producer-network-thread | *-producer");
  }

  private static final class Noop implements Processor<Object, Object, Object, Object> {
    @Override
    public void process(Record<Object, Object> record) {}
  }

  /** Some work the thread's CPU clock can see. */
  private static String busy(String value) {
    long sum = 0;
    for (int i = 0; i < 20_000; i++) {
      sum += (long) i * value.hashCode();
    }
    return sum == 42 ? value + "!" : value;
  }
}
