package io.demandflow.pipeline;

import io.demandflow.topics.Topic;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The nodes of the topologies that read or write a typed {@link Topic}, with its serdes and the
 * node names of the convention: the source of a topic is {@code ingest-<topic>}, its sink {@code
 * egress-<topic>}. Repartitions and groupings of a topic's records take its serdes and a name of
 * their own.
 */
public final class TopicNodes {

  private TopicNodes() {}

  /** The records of {@code topic}, from the source node {@code ingest-<topic>}. */
  public static <K, V> KStream<K, V> stream(StreamsBuilder builder, Topic<K, V> topic) {
    return builder.stream(
        topic.name(),
        Consumed.with(topic.keySerde(), topic.valueSerde()).withName(ingest(topic.name())));
  }

  /** Writes {@code stream} to {@code topic} through the sink node {@code egress-<topic>}. */
  public static <K, V> void to(KStream<K, V> stream, Topic<K, V> topic) {
    stream.to(
        topic.name(),
        Produced.with(topic.keySerde(), topic.valueSerde()).withName(egress(topic.name())));
  }

  /** A repartition named {@code name} of records typed like {@code topic}'s. */
  public static <K, V> Repartitioned<K, V> repartitioned(Topic<K, V> topic, String name) {
    return Repartitioned.with(topic.keySerde(), topic.valueSerde()).withName(name);
  }

  /** A grouping named {@code name} of records typed like {@code topic}'s. */
  public static <K, V> Grouped<K, V> grouped(Topic<K, V> topic, String name) {
    return Grouped.with(name, topic.keySerde(), topic.valueSerde());
  }

  /** Name of the source node of {@code topic}. */
  public static String ingest(String topic) {
    return "ingest-" + topic;
  }

  /** Name of the sink node of {@code topic}. */
  public static String egress(String topic) {
    return "egress-" + topic;
  }
}
