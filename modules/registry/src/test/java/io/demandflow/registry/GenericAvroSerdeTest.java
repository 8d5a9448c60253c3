package io.demandflow.registry;

import static io.demandflow.registry.TestRecords.itemV1;
import static io.demandflow.registry.TestRecords.mockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GenericAvroSerdeTest {

  private final String scope = TestRecords.newScope();

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void shouldRoundTripWithWriterSchemaWhenSerializingGenericRecord() {
    // Given
    GenericAvroSerde serde = new GenericAvroSerde();
    serde.configure(mockConfig(scope), true);
    GenericRecord item = new GenericData.Record(itemV1());
    item.put("sku", "H200");

    // When
    byte[] bytes = serde.serializer().serialize("items", item);
    GenericRecord back = serde.deserializer().deserialize("items", bytes);

    // Then
    assertThat(back).isEqualTo(item);
    assertThat(back.getSchema()).isEqualTo(itemV1());
    assertThat(MockSchemaRegistry.getClientForScope(scope).getAllSubjects())
        .containsExactly("items-key");
    serde.close();
  }

  @Test
  void shouldMapNullToNullWhenGenericRecordIsTombstone() {
    // Given
    GenericAvroSerde serde = new GenericAvroSerde();
    serde.configure(mockConfig(scope), false);

    // When / Then
    assertThat(serde.serializer().serialize("items", null)).isNull();
    assertThat(serde.deserializer().deserialize("items", null)).isNull();
  }

  @Test
  void shouldThrowSerializationExceptionWhenRecordMissesRequiredField() {
    // Given
    GenericAvroSerde serde = new GenericAvroSerde();
    serde.configure(mockConfig(scope), false);
    GenericRecord incomplete = new GenericData.Record(itemV1());

    // When / Then
    assertThatThrownBy(() -> serde.serializer().serialize("items", incomplete))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("items");
  }
}
