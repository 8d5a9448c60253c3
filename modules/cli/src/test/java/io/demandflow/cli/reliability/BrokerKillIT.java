package io.demandflow.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.cli.DemandflowCli;
import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.registry.GenericAvroSerde;
import io.demandflow.registry.RestSchemaRegistryClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code ./demandflow broker --data-dir DIR} as an operator runs it, in a JVM of its own, killed
 * with SIGKILL and started again on the same ports and directory: records written before decode
 * after (the registry read its schemas back from the broker's {@code _schemas} topic), and a new
 * registration gets an id never given before.
 */
class BrokerKillIT {

  private static final String TOPIC = "orders";
  private static final Schema ORDER =
      SchemaBuilder.record("Order").namespace("test").fields().requiredString("id").endRecord();
  private static final Schema SHIPMENT =
      SchemaBuilder.record("Shipment").namespace("test").fields().requiredLong("units").endRecord();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @Test
  void shouldDecodeOldRecordsAndGiveNewIdsWhenTheBrokerProcessIsKilledAndStartedAgain()
      throws Exception {
    try (TemporaryDirectory dir = TemporaryDirectory.create("broker-kill-")) {
      int kafkaPort = freePort();
      int registryPort = freePort();
      String bootstrap = "127.0.0.1:" + kafkaPort;
      String registryUrl = "http://127.0.0.1:" + registryPort;
      GenericRecord written = new GenericData.Record(ORDER);
      written.put("id", "o-1");
      int firstId;

      // Given a broker process with a record written through its registry
      Process broker = startBroker(dir.path(), kafkaPort, registryPort);
      try {
        awaitUp(bootstrap, registryUrl);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
          admin
              .createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)))
              .all()
              .get(30, TimeUnit.SECONDS);
        }
        byte[] bytes = serde(registryUrl).serializer().serialize(TOPIC, written);
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
          producer.send(new ProducerRecord<>(TOPIC, bytes)).get(30, TimeUnit.SECONDS);
        }
        try (RestSchemaRegistryClient registry = registry(registryUrl)) {
          firstId = registry.getId(TOPIC + "-value", ORDER);
        }
      } finally {
        // When it is killed: no shutdown hook, no clean close
        broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }

      // And started again on the same ports and data directory
      Process restarted = startBroker(dir.path(), kafkaPort, registryPort);
      try {
        awaitUp(bootstrap, registryUrl);

        // Then the record written before decodes
        assertThat(serde(registryUrl).deserializer().deserialize(TOPIC, readOne(bootstrap)))
            .isEqualTo(written);
        // And a new schema gets an id never given before
        try (RestSchemaRegistryClient registry = registry(registryUrl)) {
          assertThat(registry.getSchemaById(firstId)).isEqualTo(ORDER);
          assertThat(registry.register("shipments-value", SHIPMENT)).isGreaterThan(firstId);
        }
      } finally {
        restarted.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Process startBroker(Path dir, int kafkaPort, int registryPort) throws IOException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            DemandflowCli.class.getName(),
            "broker",
            "--port",
            String.valueOf(kafkaPort),
            "--registry-port",
            String.valueOf(registryPort),
            "--data-dir",
            dir.resolve("data").toString());
    File log = dir.resolve("broker-" + System.nanoTime() + ".log").toFile();
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  private static void awaitUp(String bootstrap, String registryUrl) {
    await()
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              try (Admin admin =
                      Admin.create(
                          Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 2000));
                  RestSchemaRegistryClient registry = registry(registryUrl)) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                registry.getAllSubjects();
                return true;
              }
            });
  }

  private static GenericAvroSerde serde(String registryUrl) {
    GenericAvroSerde serde = new GenericAvroSerde();
    serde.configure(Map.of("schema.registry.url", registryUrl), false);
    return serde;
  }

  private static RestSchemaRegistryClient registry(String registryUrl) {
    return RestSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", registryUrl));
  }

  private static byte[] readOne(String bootstrap) {
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return record.value();
        }
      }
    }
    throw new AssertionError("no record in " + TOPIC + " after the restart");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
