package io.demandflow.pipeline.signals;

import io.demandflow.pipeline.TopicNames;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
   * @param requestedBy who asks (the value of the records, for whoever reads the topic)
   * @return the number of partitions (= requests) sent
   * @throws IllegalStateException when the control topic and the supply topic have different
   *     partition counts: some tasks would then never be asked
   */
  public static int requestEvaluation(
      Producer<String, String> producer, TopicNames topics, String requestedBy)
      throws InterruptedException {
    List<PartitionInfo> partitions = producer.partitionsFor(topics.signalsEvaluate());
    int supplyPartitions = producer.partitionsFor(topics.supply()).size();
    if (partitions.size() != supplyPartitions) {
      throw new IllegalStateException(
          topics.signalsEvaluate()
              + " has "
              + partitions.size()
              + " partitions but "
              + topics.supply()
              + " has "
              + supplyPartitions
              + ": they must be equal so that each signal task receives the requests");
    }
    String value = requestedBy + " at " + Instant.now();
    List<Future<RecordMetadata>> sent =
        partitions.stream()
            .map(
                p ->
                    producer.send(
                        new ProducerRecord<>(p.topic(), p.partition(), REQUEST_KEY, value)))
            .toList();
    for (Future<RecordMetadata> future : sent) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "cannot request a signal evaluation on "
                + topics.signalsEvaluate()
                + ": "
                + e.getCause().getMessage(),
            e.getCause());
      }
    }
    return partitions.size();
  }
}
