package io.demandflow.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Synchronous record I/O on one topic for tests: send and wait for every acknowledgement, read from
 * the beginning until enough records arrived (Awaitility, never a sleep).
 */
final class TopicRecords {

  private TopicRecords() {}

  /**
   * Sends the records in order to {@code topic} (their own topic field is ignored) and waits until
   * all are acknowledged.
   *
   * @param producer producer, left open
   * @param topic topic
   * @param records records; key, value, partition, timestamp and headers are used
   * @param timeout how long to wait for each acknowledgement
   * @param <K> key type
   * @param <V> value type
   */
  static <K, V> void sendAndAwaitAcks(
      KafkaProducer<K, V> producer,
      String topic,
      List<ProducerRecord<K, V>> records,
      Duration timeout) {
    List<Future<?>> acks = new ArrayList<>();
    for (ProducerRecord<K, V> r : records) {
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  topic, r.partition(), r.timestamp(), r.key(), r.value(), r.headers())));
    }
    producer.flush();
    for (Future<?> ack : acks) {
      BlockingFutures.get(ack, "produce to " + topic, timeout);
    }
  }

  /**
   * Assigns the consumer to every partition of {@code topic}, seeks to the beginning and polls
   * until at least {@code expectedCount} records arrived.
   *
   * @param consumer consumer without a group, left open
   * @param topic topic
   * @param expectedCount records to wait for
   * @param timeout how long to wait
   * @param <K> key type
   * @param <V> value type
   * @return the records read, in partition then offset order per partition
   * @throws org.awaitility.core.ConditionTimeoutException if fewer arrive in time
   */
  static <K, V> List<ConsumerRecord<K, V>> readFromBeginning(
      KafkaConsumer<K, V> consumer, String topic, int expectedCount, Duration timeout) {
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, timeout).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    await("at least " + expectedCount + " records on " + topic)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .atMost(timeout)
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(100)).forEach(records::add);
              return records.size() >= expectedCount;
            });
    return records;
  }
}
