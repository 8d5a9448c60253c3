package io.demandflow.registry;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serde for {@link GenericRecord} in the Confluent wire format, for tools that handle any topic
 * without generated classes (replay, inspection). Records are read with the schema they were
 * written with; otherwise it behaves like {@link SpecificAvroSerde}.
 */
public class GenericAvroSerde extends AvroSerdeBase<GenericRecord> implements Serde<GenericRecord> {

  /** A serde that creates its registry client in {@link #configure}. */
  public GenericAvroSerde() {
    this(null);
  }

  /** A serde using {@code client}, which stays owned by the caller (still call configure). */
  public GenericAvroSerde(SchemaRegistryClient client) {
    super(
        client,
        schema -> new GenericDatumWriter<>(schema, GenericData.get()),
        writerSchema -> new GenericDatumReader<>(writerSchema, writerSchema, GenericData.get()));
  }
}
