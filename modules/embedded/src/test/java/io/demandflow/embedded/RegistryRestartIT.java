package io.demandflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.registry.GenericAvroSerde;
import io.demandflow.registry.RestSchemaRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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

/** The embedded registry keeps its schemas in the broker's {@code _schemas} topic. */
class RegistryRestartIT {

  private static final String TOPIC = "orders";
  private static final Schema ORDER_V1 =
      SchemaBuilder.record("Order").namespace("test").fields().requiredString("id").endRecord();
  private static final Schema SHIPMENT =
      SchemaBuilder.record("Shipment").namespace("test").fields().requiredLong("units").endRecord();

  @Test
  void shouldDecodeOldRecordsAndGiveNewIdsWhenRestartedOnTheSameDataDirectory() throws Exception {
    try (TemporaryDirectory dataDir = TemporaryDirectory.create("registry-restart-")) {
      // Given records written through the registry of a stack on a data directory
      GenericRecord written = new GenericData.Record(ORDER_V1);
      written.put("id", "o-1");
      List<Integer> idsBefore = new ArrayList<>();
      try (LocalKafkaStack stack = startOn(dataDir)) {
        createTopic(stack);
        byte[] bytes = serde(stack).serializer().serialize(TOPIC, written);
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                stack.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
          producer.send(new ProducerRecord<>(TOPIC, bytes)).get(30, TimeUnit.SECONDS);
        }
        try (RestSchemaRegistryClient registry = registryOf(stack)) {
          idsBefore.add(registry.register("other-value", SHIPMENT));
          idsBefore.add(registry.getId(TOPIC + "-value", ORDER_V1));
        }
      }

      // When the stack (broker and registry) is stopped and started again on that directory
      try (LocalKafkaStack restarted = startOn(dataDir)) {

        // Then the old record still decodes
        byte[] stored = readOne(restarted);
        assertThat(serde(restarted).deserializer().deserialize(TOPIC, stored)).isEqualTo(written);

        // And a new schema gets an id never used before, old ones keep their meaning
        try (RestSchemaRegistryClient registry = registryOf(restarted)) {
          Schema orderV2 =
              SchemaBuilder.record("Order")
                  .namespace("test")
                  .fields()
                  .requiredString("id")
                  .optionalInt("quantity")
                  .endRecord();
          int newId = registry.register(TOPIC + "-value", orderV2);
          assertThat(newId)
              .isNotIn(idsBefore)
              .isGreaterThan(idsBefore.stream().mapToInt(i -> i).max().orElseThrow());
          assertThat(registry.getSchemaById(idsBefore.get(0))).isEqualTo(SHIPMENT);
          assertThat(registry.getVersions(TOPIC + "-value")).containsExactly(1, 2);
        }
      }
    }
  }

  private static LocalKafkaStack startOn(TemporaryDirectory dataDir) {
    return LocalKafkaStack.builder()
        .broker(broker -> broker.dataDirectory(dataDir.path().resolve("kafka")))
        .start();
  }

  private static void createTopic(LocalKafkaStack stack) throws Exception {
    try (Admin admin = Admin.create(stack.clientProperties())) {
      admin
          .createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static GenericAvroSerde serde(LocalKafkaStack stack) {
    GenericAvroSerde serde = new GenericAvroSerde();
    serde.configure(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    return serde;
  }

  private static RestSchemaRegistryClient registryOf(LocalKafkaStack stack) {
    return RestSchemaRegistryClient.fromConfig(
        Map.of("schema.registry.url", stack.schemaRegistryUrl()));
  }

  private static byte[] readOne(LocalKafkaStack stack) {
    Map<String, Object> props = new HashMap<>(stack.clientProperties());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
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
}
