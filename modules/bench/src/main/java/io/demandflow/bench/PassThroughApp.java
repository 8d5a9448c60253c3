package io.demandflow.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline: the cheapest useful Kafka Streams application over the same input topics and
 * records (stream → mapValues → to, bytes in, the same bytes out), the ceiling any Streams
 * application has on this broker in this run.
 */
final class PassThroughApp implements AutoCloseable {

  /** Where the pass-through writes a copy of {@code inputTopic}. */
  static String outputTopic(String inputTopic) {
    return "bench.pass-through." + inputTopic;
  }

  static Topology topology(List<String> inputTopics) {
    StreamsBuilder builder = new StreamsBuilder();
    for (String topic : inputTopics) {
      builder.stream(
              topic,
              Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("source-" + topic))
          .mapValues(value -> value, Named.as("copy-" + topic))
          .to(
              outputTopic(topic),
              Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("sink-" + topic));
    }
    return builder.build();
  }

  private final String applicationId;
  private final List<String> inputTopics;
  private final KafkaStreams streams;
  private final BenchBroker broker;

  /**
   * @param streamsProperties connection, application.id, state.dir, guarantee and commit settings
   */
  PassThroughApp(Properties streamsProperties, List<String> inputTopics) {
    this.applicationId = streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    this.inputTopics = List.copyOf(inputTopics);
    this.streams = new KafkaStreams(topology(inputTopics), streamsProperties);
    Map<String, Object> clientProperties = new HashMap<>();
    streamsProperties.forEach((key, value) -> clientProperties.put(key.toString(), value));
    this.broker = new BenchBroker(clientProperties);
  }

  void start() {
    streams.start();
  }

  /**
   * Waits until the application has committed every input record. A single sub-topology per input,
   * reading topics without transaction markers under at-least-once: a committed offset at the end
   * offset means every copy was written and flushed before the commit, so it is visible.
   */
  void awaitAllCommitted(Duration timeout) throws Exception {
    broker.awaitCommitted(applicationId, inputTopics, streams::state, timeout);
  }

  @Override
  public void close() {
    // With several stream threads a close can outlast a short bound (a thread still joining the
    // group); cleanUp() throws while any thread runs, so it only follows a completed close. The
    // benchmark deletes the run's state directory afterwards either way.
    if (streams.close(Duration.ofSeconds(120))) {
      streams.cleanUp();
    }
  }
}
