package io.demandflow.pipeline.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.pipeline.SequencingActivity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Input ticks go to every partition of the ticked topics, and only while the ledger waits. */
class InputTickPublisherTest {

  private static final Node BROKER = new Node(1, "localhost", 9092);

  private final SequencingActivity activity = new SequencingActivity();
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(
          new Cluster(
              "test",
              List.of(BROKER),
              List.of(partition("orders", 0), partition("orders", 1), partition("requests", 0)),
              Set.of(),
              Set.of()),
          true,
          null,
          new ByteArraySerializer(),
          new ByteArraySerializer());

  // An hour: the test drives the rounds itself.
  private final InputTickPublisher publisher =
      new InputTickPublisher(
          producer, List.of("orders", "requests"), activity, Duration.ofHours(1));

  @AfterEach
  void close() {
    publisher.close();
  }

  private static PartitionInfo partition(String topic, int partition) {
    return new PartitionInfo(topic, partition, BROKER, new Node[] {BROKER}, new Node[] {BROKER});
  }

  @Test
  void shouldTellThePartitionCountsOfTheTickedTopicsWhenItStarts() {
    assertThat(activity.inputPartitions()).isEqualTo(Map.of("orders", 2, "requests", 1));
  }

  @Test
  void shouldWriteNothingWhileTheLedgerHoldsNothingBack() {
    // When a round runs and the ledger never waited
    publisher.tickIfWaiting();

    // Then no record was written
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldTickEveryPartitionOfEveryTopicWhenTheLedgerWaitsNow() {
    // Given the ledger holds inputs back now
    activity.waiting(System.currentTimeMillis());

    // When a round runs
    publisher.tickIfWaiting();

    // Then each partition got one tick: no key, no value, the header with the partition count
    assertThat(producer.history())
        .extracting(r -> r.topic() + "-" + r.partition())
        .containsExactlyInAnyOrder("orders-0", "orders-1", "requests-0");
    for (ProducerRecord<byte[], byte[]> tick : producer.history()) {
      assertThat(tick.key()).isNull();
      assertThat(tick.value()).isNull();
      assertThat(InputTicks.isTick(tick.headers(), tick.value())).isTrue();
      assertThat(InputTicks.partitionsOf(tick.headers()))
          .isEqualTo(tick.topic().equals("orders") ? 2 : 1);
    }
  }

  @Test
  void shouldStopTickingSomeIntervalsAfterTheLedgerLastWaited() {
    // Given the ledger last waited long ago (more than three intervals of an hour)
    activity.waiting(System.currentTimeMillis() - Duration.ofHours(4).toMillis());

    // When a round runs: nothing
    publisher.tickIfWaiting();
    assertThat(producer.history()).isEmpty();
  }
}
