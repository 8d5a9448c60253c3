package io.demandflow.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What a Kafka integration test gets from {@link SharedKafkaExtension}: the shared broker's
 * addresses, fresh topics and small synchronous client helpers.
 *
 * <p>Why: tests share one broker per JVM, so each test must work on its own topics; names come from
 * {@link #newTopics(String...)} as {@code <logical>-<testclass>-<n>}, unique in the JVM and
 * readable in broker logs. The helpers hide the boilerplate (fresh consumer, earliest offsets,
 * waiting with Awaitility rather than sleeping) that otherwise gets copied into every test.
 *
 * <p>Clients created by {@link #adminClient()} are closed after the test; producers and consumers
 * returned by {@code new...} methods belong to the caller.
 *
 * <p>Parts: {@link UniqueNames} makes the names, {@link TopicCreation} the topics and {@link
 * TopicRecords} sends and reads records; this class configures the clients.
 */
public final class KafkaTestEnvironment implements AutoCloseable {

  /** How long {@code consumeAll} waits by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Partitions of topics made by {@link #newTopics(String...)}. */
  public static final int DEFAULT_PARTITIONS = 2;

  private final KafkaBackend backend;
  private final UniqueNames names;
  private Admin admin;

  KafkaTestEnvironment(KafkaBackend backend, LongSupplier topicNumbers, String owner) {
    this.backend = backend;
    this.names = new UniqueNames(owner, topicNumbers);
  }

  /**
   * The broker address.
   *
   * @return {@code bootstrap.servers}
   */
  public String bootstrapServers() {
    return backend.bootstrapServers();
  }

  /**
   * The schema registry base URL.
   *
   * @return e.g. {@code http://127.0.0.1:41234}
   */
  public String schemaRegistryUrl() {
    return backend.schemaRegistryUrl();
  }

  /**
   * Which backend runs the broker.
   *
   * @return the backend type
   */
  public KafkaBackendType backendType() {
    return backend.type();
  }

  /**
   * {@code bootstrap.servers} and {@code schema.registry.url} (plus security settings, if any), to
   * start from when configuring a client or a Streams app.
   *
   * @return a new mutable map
   */
  public Map<String, Object> clientProperties() {
    return new HashMap<>(backend.clientProperties());
  }

  /**
   * Creates one fresh topic per logical name with {@value #DEFAULT_PARTITIONS} partitions.
   *
   * @param logicalNames names as the code under test knows them, e.g. {@code orders}
   * @return the created topic names, in the same order
   */
  public List<String> newTopics(String... logicalNames) {
    return newTopics(DEFAULT_PARTITIONS, logicalNames);
  }

  /**
   * Creates one fresh topic per logical name.
   *
   * @param partitions partitions of each topic
   * @param logicalNames names as the code under test knows them
   * @return the created topic names, in the same order
   */
  public List<String> newTopics(int partitions, String... logicalNames) {
    List<String> topics = new ArrayList<>();
    for (String logical : logicalNames) {
      topics.add(uniqueName(logical));
    }
    TopicCreation.createAndAwaitLeaders(adminClient(), topics, partitions, DEFAULT_TIMEOUT);
    return List.copyOf(topics);
  }

  /**
   * Creates one fresh topic.
   *
   * @param logicalName name as the code under test knows it
   * @return the created topic name
   */
  public String newTopic(String logicalName) {
    return newTopics(logicalName).get(0);
  }

  /**
   * A name unique in this JVM, {@code <logical>-<testclass>-<n>}, for topics, consumer groups or
   * Streams application ids.
   *
   * @param logicalName readable prefix
   * @return the unique name
   */
  public String uniqueName(String logicalName) {
    return names.next(logicalName);
  }

  /**
   * An Admin client for this test, closed after it.
   *
   * @return the admin client
   */
  public synchronized Admin adminClient() {
    if (admin == null) {
      admin = Admin.create(clientProperties());
    }
    return admin;
  }

  /**
   * A producer with {@code acks=all}; the caller closes it.
   *
   * @param keySerializer key serializer
   * @param valueSerializer value serializer
   * @param <K> key type
   * @param <V> value type
   * @return a new producer
   */
  public <K, V> KafkaProducer<K, V> newProducer(
      Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    return newProducer(keySerializer, valueSerializer, Map.of());
  }

  /**
   * A producer with {@code acks=all} and the given overrides (e.g. {@code transactional.id}); the
   * caller closes it.
   *
   * @param keySerializer key serializer
   * @param valueSerializer value serializer
   * @param overrides extra producer properties
   * @param <K> key type
   * @param <V> value type
   * @return a new producer
   */
  public <K, V> KafkaProducer<K, V> newProducer(
      Serializer<K> keySerializer, Serializer<V> valueSerializer, Map<String, ?> overrides) {
    Map<String, Object> props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, uniqueName("producer"));
    props.putAll(overrides);
    return new KafkaProducer<>(props, keySerializer, valueSerializer);
  }

  /**
   * Sends one record and waits for the broker's acknowledgement.
   *
   * @param topic topic
   * @param keySerializer key serializer
   * @param valueSerializer value serializer
   * @param key key, may be null
   * @param value value, may be null (a tombstone)
   * @param <K> key type
   * @param <V> value type
   */
  public <K, V> void produce(
      String topic, Serializer<K> keySerializer, Serializer<V> valueSerializer, K key, V value) {
    produce(
        topic, keySerializer, valueSerializer, List.of(new ProducerRecord<>(topic, key, value)));
  }

  /**
   * Sends records in order and waits until all are acknowledged.
   *
   * @param topic topic the records are sent to (their own topic field is ignored)
   * @param keySerializer key serializer
   * @param valueSerializer value serializer
   * @param records records; key, value, partition, timestamp and headers are used
   * @param <K> key type
   * @param <V> value type
   */
  public <K, V> void produce(
      String topic,
      Serializer<K> keySerializer,
      Serializer<V> valueSerializer,
      List<ProducerRecord<K, V>> records) {
    try (KafkaProducer<K, V> producer = newProducer(keySerializer, valueSerializer)) {
      TopicRecords.sendAndAwaitAcks(producer, topic, records, DEFAULT_TIMEOUT);
    }
  }

  /**
   * Sends key/value pairs in order and waits until all are acknowledged.
   *
   * @param topic topic
   * @param keySerializer key serializer
   * @param valueSerializer value serializer
   * @param keyValues pairs, e.g. {@code Map.entry("sku-1", 3)} (use {@link
   *     java.util.AbstractMap.SimpleEntry} for a null value)
   * @param <K> key type
   * @param <V> value type
   */
  public <K, V> void produceAll(
      String topic,
      Serializer<K> keySerializer,
      Serializer<V> valueSerializer,
      List<? extends Map.Entry<K, V>> keyValues) {
    List<ProducerRecord<K, V>> records = new ArrayList<>();
    for (Map.Entry<K, V> kv : keyValues) {
      records.add(new ProducerRecord<>(topic, kv.getKey(), kv.getValue()));
    }
    produce(topic, keySerializer, valueSerializer, records);
  }

  /**
   * A consumer without a group, assigned to nothing yet, reading from the earliest offset; the
   * caller closes it.
   *
   * @param keyDeserializer key deserializer
   * @param valueDeserializer value deserializer
   * @param isolationLevel {@link IsolationLevel#READ_COMMITTED} to see only committed transactions
   * @param <K> key type
   * @param <V> value type
   * @return a new consumer
   */
  public <K, V> KafkaConsumer<K, V> newConsumer(
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer,
      IsolationLevel isolationLevel) {
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel.name().toLowerCase(Locale.ROOT));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, uniqueName("consumer"));
    return new KafkaConsumer<>(props, keyDeserializer, valueDeserializer);
  }

  /**
   * A {@code read_committed} consumer (see {@link #newConsumer}); the caller closes it.
   *
   * @param keyDeserializer key deserializer
   * @param valueDeserializer value deserializer
   * @param <K> key type
   * @param <V> value type
   * @return a new consumer
   */
  public <K, V> KafkaConsumer<K, V> newReadCommittedConsumer(
      Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
    return newConsumer(keyDeserializer, valueDeserializer, IsolationLevel.READ_COMMITTED);
  }

  /**
   * Reads the topic from the beginning ({@code read_uncommitted}) until at least {@code
   * expectedCount} records arrived, waiting up to {@link #DEFAULT_TIMEOUT}.
   *
   * @param topic topic
   * @param keyDeserializer key deserializer
   * @param valueDeserializer value deserializer
   * @param expectedCount records to wait for
   * @param <K> key type
   * @param <V> value type
   * @return the records read, in partition then offset order per partition
   * @throws org.awaitility.core.ConditionTimeoutException if fewer arrive in time
   */
  public <K, V> List<ConsumerRecord<K, V>> consumeAll(
      String topic,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer,
      int expectedCount) {
    return consume(
        topic,
        keyDeserializer,
        valueDeserializer,
        expectedCount,
        DEFAULT_TIMEOUT,
        IsolationLevel.READ_UNCOMMITTED);
  }

  /**
   * Like {@link #consumeAll(String, Deserializer, Deserializer, int)} with a chosen isolation level
   * and timeout.
   *
   * @param topic topic
   * @param keyDeserializer key deserializer
   * @param valueDeserializer value deserializer
   * @param expectedCount records to wait for
   * @param timeout how long to wait
   * @param isolationLevel isolation level
   * @param <K> key type
   * @param <V> value type
   * @return the records read
   */
  public <K, V> List<ConsumerRecord<K, V>> consume(
      String topic,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer,
      int expectedCount,
      Duration timeout,
      IsolationLevel isolationLevel) {
    try (KafkaConsumer<K, V> consumer =
        newConsumer(keyDeserializer, valueDeserializer, isolationLevel)) {
      return TopicRecords.readFromBeginning(consumer, topic, expectedCount, timeout);
    }
  }

  /**
   * Reads the topic from the beginning with {@code read_committed} until at least {@code
   * expectedCount} committed records arrived, waiting up to {@link #DEFAULT_TIMEOUT}.
   *
   * @param topic topic
   * @param keyDeserializer key deserializer
   * @param valueDeserializer value deserializer
   * @param expectedCount records to wait for
   * @param <K> key type
   * @param <V> value type
   * @return the committed records read
   */
  public <K, V> List<ConsumerRecord<K, V>> consumeAllCommitted(
      String topic,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer,
      int expectedCount) {
    return consume(
        topic,
        keyDeserializer,
        valueDeserializer,
        expectedCount,
        DEFAULT_TIMEOUT,
        IsolationLevel.READ_COMMITTED);
  }

  /** Closes the admin client, if one was made. Topics stay: the broker dies with the JVM. */
  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }
}
