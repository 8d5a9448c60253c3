package io.demandflow.bench;

import io.demandflow.embedded.TemporaryDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The broker a benchmark runs on, seen through short-lived admin clients: end offsets of a run's
 * topics, waiting for an application's committed offsets, creating and removing topics.
 */
final class BenchBroker {

  private final Map<String, Object> clientProperties;

  BenchBroker(Map<String, Object> clientProperties) {
    this.clientProperties = Map.copyOf(clientProperties);
  }

  /** The internal topics of an application: every topic named {@code <applicationId>-...}. */
  static Predicate<String> internalTopicsOf(String applicationId) {
    return name -> name.startsWith(applicationId + "-");
  }

  /**
   * The ledger's input topics in an application ({@code ledger-order-book}, {@code ledger-supply},
   * {@code ledger-license}, {@code ledger-policy}: {@code <applicationId>-ledger-*-repartition});
   * the ledger's store changelogs share the prefix but are not inputs.
   */
  static Predicate<String> ledgerInputTopicsOf(String applicationId) {
    return name -> name.startsWith(applicationId + "-ledger-") && name.endsWith("-repartition");
  }

  /** End offsets of {@code topic} as a read_committed consumer sees them (last stable offsets). */
  Map<TopicPartition, Long> committedEnds(String topic) throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get()
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }

  /** The sum of the end offsets of every partition of every topic {@code which} accepts. */
  long endOffsets(Predicate<String> which) throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      return latestOffsets(admin, topics(admin, which)).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  /** End offsets summed per topic, for every topic {@code which} accepts. */
  Map<String, Long> endOffsetsByTopic(Predicate<String> which) throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      return SubtopologySplit.byTopic(latestOffsets(admin, topics(admin, which)));
    }
  }

  /**
   * Waits until {@code groupId} has committed every record of {@code inputTopics} as they are now.
   *
   * @param state the state of the application committing, to stop waiting when it failed
   */
  void awaitCommitted(
      String groupId,
      List<String> inputTopics,
      Supplier<KafkaStreams.State> state,
      Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(clientProperties)) {
      Map<TopicPartition, Long> ends = latestOffsets(admin, inputTopics);
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        List<TopicPartition> pending = new ArrayList<>();
        ends.forEach(
            (partition, end) -> {
              OffsetAndMetadata offset = committed.get(partition);
              if (end > 0 && (offset == null || offset.offset() < end)) {
                pending.add(partition);
              }
            });
        if (pending.isEmpty()) {
          return;
        }
        KafkaStreams.State now = state.get();
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("the application " + groupId + " is " + now);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              groupId + " did not commit everything within " + timeout + "; pending: " + pending);
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
  }

  /** Creates those of {@code names} that do not exist yet. */
  void createTopics(List<String> names, int partitions) throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          names.stream()
              .filter(name -> !existing.contains(name))
              .map(name -> new NewTopic(name, partitions, (short) -1))
              .toList();
      admin.createTopics(missing).all().get();
    }
  }

  /**
   * Deletes a finished run's topics ({@code which}) and state directory, so that the broker and the
   * disk stay lean; a failure is reported, not thrown (the figures are already taken).
   */
  void removeRunLeftovers(
      String applicationId, Predicate<String> which, Path stateDir, Consumer<String> progress) {
    try (Admin admin = Admin.create(clientProperties)) {
      admin.deleteTopics(topics(admin, which)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      progress.accept("warning: could not delete the topics of " + applicationId + ": " + e);
    }
    TemporaryDirectory.deleteRecursively(stateDir);
  }

  private static List<String> topics(Admin admin, Predicate<String> which) throws Exception {
    return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(which).toList();
  }

  private static Map<TopicPartition, Long> latestOffsets(Admin admin, List<String> topics)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (topic, description) ->
                description
                    .partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }
}
