package io.demandflow.testkit;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * The default partitioner of librdkafka ({@code consistent_random}), which the Python, Go, .NET and
 * C/C++ clients use, for a Java producer: a keyed record goes to CRC32(key bytes) modulo the
 * partition count, a record without key to a random partition. Java's own default hashes with
 * murmur2, so the two put most keys on different partitions: what tests of "any producer" need
 * (SPEC §5). Set it with {@code partitioner.class}.
 */
public final class Crc32Partitioner implements Partitioner {

  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    int partitions = cluster.partitionCountForTopic(topic);
    if (keyBytes == null) {
      return ThreadLocalRandom.current().nextInt(partitions);
    }
    return partitionOf(keyBytes, partitions);
  }

  /** The partition of {@code keyBytes} among {@code partitions}. */
  public static int partitionOf(byte[] keyBytes, int partitions) {
    CRC32 crc = new CRC32();
    crc.update(keyBytes);
    return (int) (crc.getValue() % partitions);
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
