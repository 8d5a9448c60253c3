package io.demandflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  @Test
  void shouldDeliverRecordWhenProducedAndConsumed() throws Exception {
    // Given a running broker with a topic
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
      createTopic(broker, "orders");

      // When a record is produced
      produce(broker, "orders", "sku-1", "42");

      // Then a consumer reads it back
      assertThat(consumeAll(broker, "orders", 1))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.key()).isEqualTo("sku-1");
                assertThat(r.value()).isEqualTo("42");
              });
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
      assertThat(broker.isRunning()).isTrue();
    }
  }

  @Test
  void shouldKeepDataAndPortsWhenRestarted() throws Exception {
    // Given a broker holding one record
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
      createTopic(broker, "ledger");
      produce(broker, "ledger", "k", "before");
      String bootstrap = broker.bootstrapServers();
      int controllerPort = broker.controllerPort();
      String clusterId = broker.clusterId();

      // When it is stopped and started again
      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      broker.restart();

      // Then it answers on the same address with the same cluster and the old record is there
      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(broker.controllerPort()).isEqualTo(controllerPort);
      assertThat(broker.clusterId()).isEqualTo(clusterId);
      produce(broker, "ledger", "k", "after");
      assertThat(consumeAll(broker, "ledger", 2))
          .extracting(ConsumerRecord::value)
          .containsExactly("before", "after");
    }
  }

  @Test
  void shouldDeleteTemporaryDataDirectoryWhenClosed() {
    // Given a running broker on a temporary directory
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
    Path dataDirectory = broker.dataDirectory();
    assertThat(broker.hasTemporaryDataDirectory()).isTrue();
    assertThat(dataDirectory).isDirectory();

    // When it is closed
    broker.close();

    // Then the directory is gone
    assertThat(dataDirectory).doesNotExist();
    assertThat(broker.isRunning()).isFalse();
  }

  @Test
  void shouldKeepClusterAndRecordsWhenGivenDirectoryIsReused(@TempDir Path dir) throws Exception {
    // Given a broker on a given directory that was closed with one record
    String clusterId;
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDirectory(dir).start()) {
      clusterId = first.clusterId();
      createTopic(first, "kept");
      produce(first, "kept", "k", "v");
    }
    assertThat(dir.resolve("kraft-logs")).isDirectory();

    // When a new broker starts on the same directory
    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDirectory(dir).start()) {

      // Then it is the same cluster and the record is still there
      assertThat(second.clusterId()).isEqualTo(clusterId);
      assertThat(consumeAll(second, "kept", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("v");
    }
    assertThat(Files.exists(dir)).isTrue();
  }

  @Test
  void shouldFailFastWhenFixedPortIsTaken() throws Exception {
    // Given a port someone else listens on
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      EmbeddedKafkaBroker.Builder builder =
          EmbeddedKafkaBroker.builder().port(taken.getLocalPort());

      // When a broker is asked to use it, then it refuses instead of talking to a stranger
      assertThatThrownBy(builder::start)
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void createTopic(EmbeddedKafkaBroker broker, String topic) throws Exception {
    try (Admin admin = Admin.create(broker.clientProperties())) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static void produce(EmbeddedKafkaBroker broker, String topic, String key, String value)
      throws Exception {
    Map<String, Object> props = broker.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static List<ConsumerRecord<String, String>> consumeAll(
      EmbeddedKafkaBroker broker, String topic, int expected) {
    Map<String, Object> props = broker.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      await()
          .pollInSameThread()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
    }
    return records;
  }
}
