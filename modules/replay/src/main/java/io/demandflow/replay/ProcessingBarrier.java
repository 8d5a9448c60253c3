package io.demandflow.replay;

import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until everything published so far has been fully processed by every sub-topology of a
 * running streams application: the exact, timing-free barrier that makes a replay deterministic.
 *
 * <p>How: the source topics of every sub-topology come from {@link Topology#describe()} — the input
 * topics and the internal repartition and foreign-key subscription topics, whose real names are
 * {@code <application.id>-<name>}. A source partition is <em>done</em> when the application's
 * committed offset (its consumer group is the {@code application.id}) leaves no further record for
 * a {@code read_committed} consumer. Under exactly-once the end offset counts transaction markers,
 * so "committed &lt; end" alone proves nothing: such a partition is probed by seeking a {@code
 * read_committed} consumer to the committed offset and polling until its position reaches the end
 * offset (only markers or aborted records in between: done) or a record comes back (not done).
 *
 * <p>A pass reads the committed offsets first, then the end offsets, then probes; so a sub-topology
 * that commits during a pass can only make the pass look less done. One done pass is followed by a
 * confirming pass, and the barrier opens only when both find every partition done and no topic of
 * the topology (sources and sinks) grew in between. While the application's committed offsets still
 * move from pass to pass, a partition below its end counts as pending without a probe: the probes,
 * which read records, run only once the offsets stand still. Because exactly-once commits a
 * sub-topology's consumed offsets in the same transaction as its output, a downstream
 * sub-topology's input is visible no later than the upstream offsets that produced it.
 *
 * <p>Global stores are not covered (their progress is not a consumer group's): a topology with one
 * is refused rather than replayed nondeterministically.
 */
public final class ProcessingBarrier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessingBarrier.class);

  /** How long one probe of the partitions whose committed offset is below the end may take. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String applicationId;
  private final TopologyTopics topologyTopics;
  private final Supplier<KafkaStreams.State> streamsState;
  private final Duration pauseBetweenPasses;
  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> consumer;

  /** Resolved lazily: internal topics exist only once the application has started. */
  private List<TopicPartition> sourcePartitions;

  private List<TopicPartition> allPartitions;

  /** The committed offsets of the source partitions at the last pass. */
  private Map<TopicPartition, Long> previousPositions = Map.of();

  ProcessingBarrier(
      DemandflowConfig config, Topology topology, Supplier<KafkaStreams.State> streamsState) {
    this.applicationId = config.get(StreamsConfig.APPLICATION_ID_CONFIG);
    this.topologyTopics = TopologyTopics.of(topology.describe());
    this.streamsState = streamsState;
    // Nothing can change faster than the application commits; polling faster only burns CPU.
    long commitInterval =
        Long.parseLong(config.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"));
    this.pauseBetweenPasses = Duration.ofMillis(Math.max(5, Math.min(commitInterval / 2, 50)));
    Properties props = config.kafkaProperties();
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-processing-barrier");
    // A probe that finds nothing must come back at once, not after the broker's default wait.
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    this.admin = Admin.create(config.kafkaProperties());
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A barrier for a started application. */
  public static ProcessingBarrier forApp(DemandflowApp app) {
    return new ProcessingBarrier(app.config(), app.topology(), () -> app.streams().state());
  }

  /**
   * Blocks until every record published so far (and every record the application wrote to its
   * internal topics because of them) has been processed and committed by every sub-topology.
   *
   * @throws IllegalStateException when {@code timeout} passes first (naming the partitions still
   *     pending) or the application stops
   */
  public void await(Duration timeout) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    resolvePartitions();
    Map<TopicPartition, Long> previousEnds = null;
    int passes = 0;
    while (true) {
      requireRunning();
      Pass pass = pass();
      passes++;
      if (pass.pending().isEmpty()) {
        if (pass.ends().equals(previousEnds)) {
          log.debug(
              "processing barrier passed after {} passes in {} ms",
              passes,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          return;
        }
        previousEnds = pass.ends(); // done once: confirm with one more pass
      } else {
        previousEnds = null;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the pipeline did not finish processing within "
                + timeout
                + "; still pending: "
                + (pass.pending().isEmpty()
                    ? "none, but its topics kept growing"
                    : String.join(", ", pass.pending())));
      }
      if (previousEnds == null) {
        TimeUnit.NANOSECONDS.sleep(pauseBetweenPasses.toNanos());
      }
    }
  }

  private void requireRunning() {
    KafkaStreams.State state = streamsState.get();
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      throw new IllegalStateException(
          "the pipeline is " + state + ", so it cannot finish processing");
    }
  }

  /** One look at every partition: end offsets of all topics, and the pending source partitions. */
  private Pass pass() throws InterruptedException {
    // Committed offsets first, end offsets second: a commit in between can only add pending work.
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(
            admin
                .listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata(applicationId),
            "read the committed offsets of " + applicationId);
    Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(allPartitions));
    Map<TopicPartition, Long> toProbe = new LinkedHashMap<>();
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition partition : sourcePartitions) {
      OffsetAndMetadata offset = committed.get(partition);
      long position = offset == null ? -1 : offset.offset();
      positions.put(partition, position);
      if (position < ends.get(partition)) {
        toProbe.put(partition, position);
      }
    }
    boolean stillCommitting = !toProbe.isEmpty() && !positions.equals(previousPositions);
    previousPositions = positions;
    if (stillCommitting) {
      // The application moved its offsets since the last pass: it is at work. Reading its
      // partitions now would only load the broker and this process (a busy pipeline's backlog,
      // every pass); the probe runs once the offsets stand still, which costs one pass at the end.
      List<String> pending = new ArrayList<>();
      toProbe.forEach(
          (partition, from) ->
              pending.add(describe(partition, from, ends.get(partition)) + " (still committing)"));
      return new Pass(ends, pending);
    }
    List<String> pending = probe(toProbe, ends);
    return new Pass(ends, pending);
  }

  /**
   * Which of the partitions still have a committed record after the given offsets (-1: nothing
   * committed yet, read from the beginning); each described for the error message.
   */
  private List<String> probe(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
    if (from.isEmpty()) {
      return List.of();
    }
    consumer.assign(from.keySet());
    from.forEach(
        (partition, offset) -> {
          if (offset < 0) {
            consumer.seekToBeginning(List.of(partition));
          } else {
            consumer.seek(partition, offset);
          }
        });
    Set<TopicPartition> undecided = new HashSet<>(from.keySet());
    List<String> pending = new ArrayList<>();
    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
    while (!undecided.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (undecided.remove(partition)) {
          pending.add(describe(partition, from.get(partition), ends.get(partition)));
          consumer.pause(List.of(partition));
        }
      }
      // position() moves past transaction markers and aborted records without returning them.
      undecided.removeIf(p -> consumer.position(p, REQUEST_TIMEOUT) >= ends.get(p));
    }
    undecided.forEach(
        p -> pending.add(describe(p, from.get(p), ends.get(p)) + " (probe timed out)"));
    consumer.resume(consumer.paused());
    return pending;
  }

  private static String describe(TopicPartition partition, long committed, long end) {
    return partition + " (committed " + (committed < 0 ? "none" : committed) + ", end " + end + ")";
  }

  private void resolvePartitions() throws InterruptedException {
    if (sourcePartitions != null) {
      return;
    }
    Set<String> existing = get(admin.listTopics().names(), "list topics");
    Map<String, String> realNames = new HashMap<>();
    for (String topic : topologyTopics.all()) {
      realNames.put(topic, realName(topic, existing));
    }
    Map<String, TopicDescription> descriptions =
        get(
            admin.describeTopics(new TreeSet<>(realNames.values())).allTopicNames(),
            "describe the topics of the topology");
    sourcePartitions = partitions(topologyTopics.sources(), realNames, descriptions);
    allPartitions = partitions(topologyTopics.all(), realNames, descriptions);
    log.debug("processing barrier watches source partitions {}", sourcePartitions);
  }

  private String realName(String described, Set<String> existing) {
    String internal = applicationId + "-" + described;
    // An internal topic is written and read by the topology itself; its real name has the
    // application id in front. A topic the topology only reads or only writes is external.
    if (topologyTopics.internalCandidates().contains(described) && existing.contains(internal)) {
      return internal;
    }
    if (existing.contains(described)) {
      return described;
    }
    throw new IllegalStateException(
        "topic " + described + " of the topology does not exist (is the application running?)");
  }

  private static List<TopicPartition> partitions(
      Collection<String> described,
      Map<String, String> realNames,
      Map<String, TopicDescription> descriptions) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : described) {
      String real = realNames.get(topic);
      descriptions
          .get(real)
          .partitions()
          .forEach(p -> partitions.add(new TopicPartition(real, p.partition())));
    }
    partitions.sort(
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    return List.copyOf(partitions);
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what)
      throws InterruptedException {
    try {
      return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot " + what + " within " + REQUEST_TIMEOUT, e);
    }
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    admin.close(Duration.ofSeconds(5));
  }

  private record Pass(Map<TopicPartition, Long> ends, List<String> pending) {}

  /**
   * The topics of a topology as {@link Topology#describe()} names them: internal topics without
   * their application-id prefix.
   *
   * @param sources topics some sub-topology reads
   * @param all sources and sink topics
   * @param internalCandidates topics the topology both writes and reads (repartition and
   *     subscription topics)
   */
  record TopologyTopics(Set<String> sources, Set<String> all, Set<String> internalCandidates) {

    static TopologyTopics of(TopologyDescription description) {
      if (!description.globalStores().isEmpty()) {
        throw new IllegalStateException(
            "the processing barrier cannot track global stores "
                + description.globalStores()
                + ": their progress is not committed by the application's consumer group");
      }
      Set<String> sources = new TreeSet<>();
      Set<String> sinks = new TreeSet<>();
      for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
        for (TopologyDescription.Node node : subtopology.nodes()) {
          if (node instanceof TopologyDescription.Source source) {
            if (source.topicPattern() != null) {
              throw new IllegalStateException(
                  "the processing barrier cannot track pattern subscriptions: " + source);
            }
            sources.addAll(source.topicSet());
          } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
            sinks.add(sink.topic());
          }
        }
      }
      Set<String> all = new TreeSet<>(sources);
      all.addAll(sinks);
      Set<String> internal = new TreeSet<>(sources);
      internal.retainAll(sinks);
      return new TopologyTopics(Set.copyOf(sources), Set.copyOf(all), Set.copyOf(internal));
    }
  }
}
