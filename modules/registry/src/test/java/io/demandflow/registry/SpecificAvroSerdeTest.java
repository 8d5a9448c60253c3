package io.demandflow.registry;

import static io.demandflow.registry.TestRecords.mockConfig;
import static io.demandflow.registry.TestRecords.order;
import static io.demandflow.registry.TestRecords.supply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demandflow.events.Order;
import io.demandflow.events.Supply;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

  private static final String TOPIC = "demandflow.orders.v1";

  private final String scope = TestRecords.newScope();
  private final SchemaRegistryClient registry = MockSchemaRegistry.getClientForScope(scope);

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  private <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> serde(
      Class<T> type, boolean isKey) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(mockConfig(scope), isKey);
    return serde;
  }

  @Test
  void shouldWriteConfluentWireFormatWhenSerializingSpecificRecord() throws Exception {
    // Given
    Order order = order("O-1");
    SpecificAvroSerde<Order> serde = serde(Order.class, false);

    // When
    byte[] bytes = serde.serializer().serialize(TOPIC, order);

    // Then: magic byte, big-endian registered id, plain Avro binary
    int registeredId = registry.getId(TOPIC + "-value", Order.getClassSchema());
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    assertThat(buffer.get()).isEqualTo((byte) 0);
    assertThat(buffer.getInt()).isEqualTo(registeredId);
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 5, bytes.length), null);
    GenericRecord decoded =
        new GenericDatumReader<GenericRecord>(Order.getClassSchema()).read(null, decoder);
    assertThat(decoder.isEnd()).isTrue();
    assertThat(decoded.get("orderId")).hasToString("O-1");
    assertThat(decoded.get("quantity")).isEqualTo(8);
    assertThat(decoded.get("region")).hasToString("US");
  }

  @Test
  void shouldRoundTripWhenSerializingSpecificValue() {
    // Given
    SpecificAvroSerde<Order> serde = serde(Order.class, false);
    Order order = order("O-2");

    // When
    Order back =
        serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, order));

    // Then
    assertThat(back).isEqualTo(order);
    assertThat(back.getUnitPrice()).isEqualByComparingTo("31999.99");
  }

  @Test
  void shouldUseKeyAndValueSubjectsWhenConfiguredAsKeyOrValue() {
    // Given
    SpecificAvroSerde<Supply> keySerde = serde(Supply.class, true);
    SpecificAvroSerde<Order> valueSerde = serde(Order.class, false);

    // When
    keySerde.serializer().serialize(TOPIC, supply(5));
    valueSerde.serializer().serialize(TOPIC, order("O-3"));

    // Then
    assertThat(registry.getAllSubjects()).containsExactly(TOPIC + "-key", TOPIC + "-value");
    assertThat(registry.getLatestSchemaMetadata(TOPIC + "-key").schema())
        .isEqualTo(Supply.getClassSchema());
  }

  @Test
  void shouldMapNullToNullWhenRecordIsTombstone() {
    // Given
    SpecificAvroSerde<Order> serde = serde(Order.class, false);

    // When / Then
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThat(registry.getAllSubjects()).isEmpty();
  }

  @Test
  void shouldThrowSerializationExceptionWhenBytesAreCorrupt() {
    // Given
    SpecificAvroSerde<Order> serde = serde(Order.class, false);
    byte[] valid = serde.serializer().serialize(TOPIC, order("O-4"));
    byte[] wrongMagic = valid.clone();
    wrongMagic[0] = 7;
    byte[] unknownId = valid.clone();
    unknownId[4] = 99;
    byte[] truncated = Arrays.copyOf(valid, 12);

    // When / Then
    var deserializer = serde.deserializer();
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, wrongMagic))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("magic byte 0x07");
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes is shorter");
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, unknownId))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema id 99");
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("does not decode");
  }

  @Test
  void shouldReadWithClassSchemaWhenWrittenWithOlderVersion() {
    // Given: an older Supply where units was an int (Avro promotes int to long)
    Schema olderSupply = withUnitsAsInt();
    GenericRecord old = new GenericData.Record(olderSupply);
    old.put("product", "H200");
    old.put("period", "2026-03");
    old.put("units", 12);
    old.put("eventTime", 1_000L);
    old.put("source", "plan");
    GenericAvroSerde writer = new GenericAvroSerde(registry);
    writer.configure(mockConfig(scope), false);
    byte[] bytes = writer.serializer().serialize("supply", old);

    // When: the class (units long) is registered after it, then reads the old record
    SpecificAvroSerde<Supply> serde = serde(Supply.class, false);
    serde.serializer().serialize("supply", supply(1));
    Supply read = serde.deserializer().deserialize("supply", bytes);

    // Then
    assertThat(read.getUnits()).isEqualTo(12L);
    assertThat(read.getEventTime().toEpochMilli()).isEqualTo(1_000L);
    assertThat(registry.getVersions("supply-value")).containsExactly(1, 2);
  }

  @Test
  void shouldReadWithClassSchemaWhenWrittenWithNewerVersion() {
    // Given: a newer Order with an added, defaulted field, registered after the class
    SpecificAvroSerde<Order> serde = serde(Order.class, false);
    serde.serializer().serialize(TOPIC, order("O-0"));
    String json = Order.getClassSchema().toString();
    Schema newer =
        new Schema.Parser()
            .parse(
                json.substring(0, json.lastIndexOf(']'))
                    + ",{\"name\":\"channel\",\"type\":\"string\",\"default\":\"web\"}]}");
    GenericRecord record = new GenericData.Record(newer);
    Order template = order("O-5");
    GenericRecord asGeneric = toGeneric(template);
    for (Schema.Field field : Order.getClassSchema().getFields()) {
      record.put(field.name(), asGeneric.get(field.name()));
    }
    record.put("channel", "edi");
    GenericAvroSerde writer = new GenericAvroSerde(registry);
    writer.configure(mockConfig(scope), false);

    // When
    byte[] bytes = writer.serializer().serialize(TOPIC, record);
    Order read = serde.deserializer().deserialize(TOPIC, bytes);

    // Then
    assertThat(read).isEqualTo(template);
    assertThat(registry.getVersions(TOPIC + "-value")).containsExactly(1, 2);
  }

  @Test
  void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
    // Given
    Map<String, Object> config = new HashMap<>(mockConfig(scope));
    config.put(SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, "false");
    SpecificAvroSerde<Order> serde = new SpecificAvroSerde<>(Order.class);
    serde.configure(config, false);

    // When / Then: unknown subject is the record's problem, not the registry's
    assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, order("O-6")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("look up")
        .hasMessageContaining(TOPIC + "-value");
    int id = registry.register(TOPIC + "-value", Order.getClassSchema());
    byte[] bytes = serde.serializer().serialize(TOPIC, order("O-6"));
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
  }

  private static Schema withUnitsAsInt() {
    String json = Supply.getClassSchema().toString();
    return new Schema.Parser()
        .parse(
            json.replace(
                "{\"name\":\"units\",\"type\":\"long\"", "{\"name\":\"units\",\"type\":\"int\""));
  }

  /** The generic view of a specific record, via its own bytes (handles logical types). */
  private static GenericRecord toGeneric(Order order) {
    try {
      ByteBuffer encoded = order.toByteBuffer();
      var decoder =
          new org.apache.avro.message.BinaryMessageDecoder<GenericRecord>(
              GenericData.get(), Order.getClassSchema());
      return decoder.decode(encoded);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
