package io.demandflow.pipeline.signals;

import io.demandflow.pipeline.ControlRecords;
import io.demandflow.topics.TopicNames;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;

/**
 * Asks the signal processor to evaluate now: one record on every partition of {@link
 * TopicNames#signalsEvaluate()}, so every task, which holds one partition of the signal state,
 * evaluates its changed keys in key order. Replay does this at each barrier and at the end (SPEC
 * R7) with {@code demandflow.signals.interval.ms=0}; an operator may do it at any time.
 */
public final class SignalEvaluations {

  /** The key of evaluation requests (informative only: keys and values are ignored). */
  public static final String REQUEST_KEY = "evaluate";

  private SignalEvaluations() {}

  /**
   * Publishes one evaluation request to every partition of the control topic and waits until the
   * broker has acknowledged them all.
   *
   * @param signalPartitions partitions of the signal state ({@code demandflow.topic.partitions})
   * @param requestedBy who asks (the value of the records, for whoever reads the topic)
   * @return the number of partitions (= requests) sent
   * @throws IllegalStateException when the control topic has fewer partitions than the signal
   *     state: some tasks would then never be asked
   */
  public static int requestEvaluation(
      Producer<String, String> producer,
      TopicNames topics,
      int signalPartitions,
      String requestedBy)
      throws InterruptedException {
    List<Integer> partitions =
        producer.partitionsFor(topics.signalsEvaluate()).stream()
            .map(PartitionInfo::partition)
            .toList();
    if (partitions.size() < signalPartitions) {
      throw new IllegalStateException(
          topics.signalsEvaluate()
              + " has "
              + partitions.size()
              + " partitions but the signal state has "
              + signalPartitions
              + " (demandflow.topic.partitions): it needs at least as many so that each signal"
              + " task receives the requests");
    }
    ControlRecords.send(
        producer,
        topics.signalsEvaluate(),
        partitions,
        REQUEST_KEY,
        requestedBy + " at " + Instant.now());
    return partitions.size();
  }
}
