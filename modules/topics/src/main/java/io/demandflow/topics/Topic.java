package io.demandflow.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A topic with the serdes of its records: what a source, sink, producer or consumer of the topic
 * needs, in one value, so that whoever reads or writes it uses the same key and value formats.
 *
 * @param name the topic's name (configurable, see {@link TopicNames})
 * @param keySerde the serde of its record keys
 * @param valueSerde the serde of its record values
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a topic needs a name, got '" + name + "'");
    }
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  public Serializer<K> keySerializer() {
    return keySerde.serializer();
  }

  public Serializer<V> valueSerializer() {
    return valueSerde.serializer();
  }

  public Deserializer<K> keyDeserializer() {
    return keySerde.deserializer();
  }

  public Deserializer<V> valueDeserializer() {
    return valueSerde.deserializer();
  }

  @Override
  public String toString() {
    return name;
  }
}
