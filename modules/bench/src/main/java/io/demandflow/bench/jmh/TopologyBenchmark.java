package io.demandflow.bench.jmh;

import io.demandflow.ingest.EventType;
import io.demandflow.pipeline.PipelineTopology;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole demandflow topology (validation, demand aggregation with eligibility joins, allocation
 * ledger, signals) in a {@link TopologyTestDriver} with RocksDB stores and an in-memory registry:
 * the cost of the processing itself, without broker, network or transactions. Score: input events
 * per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopologyBenchmark {

  static final int EVENTS = 5_000;

  private final TopicNames topics = TopicNames.defaults();
  private List<SpecificRecord> events;
  private Path stateDir;
  private TopologyTestDriver driver;
  private Map<EventType, TestInputTopic<String, SpecificRecord>> inputs;

  @Setup(Level.Trial)
  public void generate() throws IOException {
    events = LedgerBenchmark.simulatorEvents(EVENTS);
    stateDir = Files.createTempDirectory("demandflow-jmh-");
  }

  /** A fresh driver (empty state) for every pass over the events. */
  @Setup(Level.Invocation)
  public void freshDriver() {
    String registry = "mock://jmh-" + UUID.randomUUID();
    Map<String, String> serdeConfig = Map.of("schema.registry.url", registry);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "jmh-" + UUID.randomUUID());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(PipelineTopology.build(topics, serdeConfig), props);
    Topics typed = Topics.of(topics, serdeConfig);
    inputs = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      Topic<String, SpecificRecord> topic = type.topic(typed);
      inputs.put(
          type,
          driver.createInputTopic(topic.name(), topic.keySerializer(), topic.valueSerializer()));
    }
  }

  @TearDown(Level.Invocation)
  public void closeDriver() {
    driver.close();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void pipelineTopology() {
    for (SpecificRecord event : events) {
      EventType type = EventType.of(event);
      inputs.get(type).pipeInput(type.keyOf(event), event);
    }
  }

  @TearDown(Level.Trial)
  public void removeStateDir() throws IOException {
    try (Stream<Path> paths = Files.walk(stateDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
