package io.demandflow.registry.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.demandflow.registry.CompatibilityLevel;
import io.demandflow.registry.GenericAvroSerde;
import io.demandflow.registry.MockSchemaRegistry;
import io.demandflow.registry.SchemaRegistryClient;
import io.demandflow.registry.SchemaRegistryConfig;
import io.demandflow.registry.SpecificAvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The schemas of the last release ({@code schemas/baseline/}, the v1 public contract) against the
 * current ones ({@code schemas/}, compiled into {@code io.demandflow.events}): for every schema a
 * consumer on the current classes reads what the baseline wrote and a consumer on the baseline
 * reads what the current classes write (Avro FULL compatibility), shown both by Avro's resolution
 * rules and by real records through the registry serdes. A failure here fails {@code ./mvnw
 * verify}, hence CI.
 */
class SchemaEvolutionTest {

  private static final int RECORDS_PER_SCHEMA = 25;
  private static final String HOW_TO_ACCEPT =
      "If the change is intentional and compatible, accept it as the new baseline: "
          + "cp schemas/<Name>.avsc schemas/baseline/ (internal schemas: schemas/internal/ to"
          + " schemas/baseline/internal/). An incompatible change needs a new topic version"
          + " (e.g. .v2), not a new baseline.";

  private static final Path SCHEMAS = SchemaFiles.schemasDirectory();
  private static final Map<String, Schema> CURRENT = SchemaFiles.parse(SCHEMAS);
  private static final Map<String, Schema> BASELINE =
      SchemaFiles.parse(SCHEMAS.resolve("baseline"));

  private final String scope = "evolution-" + UUID.randomUUID();
  private final SchemaRegistryClient registry = MockSchemaRegistry.getClientForScope(scope);

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  @TestFactory
  Stream<DynamicTest> shouldHaveABaselineForEverySchemaWhenSchemasAreAddedOrRemoved() {
    TreeSet<String> names = new TreeSet<>(CURRENT.keySet());
    names.addAll(BASELINE.keySet());
    return names.stream()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      if (!BASELINE.containsKey(name)) {
                        fail(
                            "Schema %s has no baseline in schemas/baseline/. A new schema is"
                                + " compatible by definition: copy it there. %s",
                            name, HOW_TO_ACCEPT);
                      }
                      if (!CURRENT.containsKey(name)) {
                        fail(
                            "Schema %s of the baseline was removed from schemas/: consumers of"
                                + " the released contract would break.",
                            name);
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> shouldBeFullyCompatibleWithBaselineWhenSchemaChanged() {
    return comparable()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      List<String> problems =
                          CompatibilityLevel.FULL.incompatibilities(
                              CURRENT.get(name), List.of(BASELINE.get(name)));
                      if (!problems.isEmpty()) {
                        fail(
                            "Schema %s is not FULL-compatible with its baseline"
                                + " (schemas/baseline/):%n  %s%n%s",
                            name,
                            String.join(System.lineSeparator() + "  ", problems),
                            HOW_TO_ACCEPT);
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> shouldReadBaselineRecordsWithCurrentClassesWhenRoundTripping() {
    return comparable()
        .map(name -> DynamicTest.dynamicTest(name, () -> roundTripFromBaseline(name)));
  }

  @TestFactory
  Stream<DynamicTest> shouldReadCurrentRecordsWithBaselineSchemaWhenRoundTripping() {
    return comparable()
        .map(name -> DynamicTest.dynamicTest(name, () -> roundTripFromCurrent(name)));
  }

  /** Baseline writer → registry serde → current generated class → baseline reader: nothing lost. */
  private void roundTripFromBaseline(String name) {
    // Given: records written by a producer still on the baseline schema
    Schema baseline = BASELINE.get(name);
    String topic = topicFor(name);
    GenericAvroSerde baselineProducer = new GenericAvroSerde();
    baselineProducer.configure(registryConfig(), false);
    SpecificAvroSerde<SpecificRecord> currentConsumer = specificSerde(name);
    RandomRecords random = new RandomRecords(name.hashCode());

    for (int i = 0; i < RECORDS_PER_SCHEMA; i++) {
      GenericData.Record written = (GenericData.Record) random.next(baseline);

      // When: a consumer on the current class reads it, and writes it on
      SpecificRecord read =
          currentConsumer
              .deserializer()
              .deserialize(topic, baselineProducer.serializer().serialize(topic, written));
      byte[] rewritten = currentConsumer.serializer().serialize(topic, read);

      // Then: read back as the baseline, every field is what the baseline producer wrote
      assertThat(readAs(baseline, rewritten))
          .as("%s written with the baseline, read with the current class", name)
          .isEqualTo(written);
    }
  }

  /** Current generated class → registry serde → baseline reader: the old consumer reads it. */
  private void roundTripFromCurrent(String name) {
    // Given: records of the current class
    Schema current = CURRENT.get(name);
    Schema baseline = BASELINE.get(name);
    String topic = topicFor(name);
    SpecificAvroSerde<SpecificRecord> currentProducer = specificSerde(name);
    RandomRecords random = new RandomRecords(~name.hashCode());

    for (int i = 0; i < RECORDS_PER_SCHEMA; i++) {
      GenericData.Record generated = (GenericData.Record) random.next(current);
      SpecificRecord record = toSpecific(current, generated);

      // When: written by the current producer and read by a consumer on the baseline
      GenericRecord read = readAs(baseline, currentProducer.serializer().serialize(topic, record));

      // Then: it equals the current record as Avro resolves it to the baseline
      assertThat(read)
          .as("%s written with the current class, read with the baseline", name)
          .isEqualTo(resolve(generated, current, baseline));
    }
  }

  private Stream<String> comparable() {
    List<String> names = new ArrayList<>(new TreeSet<>(CURRENT.keySet()));
    names.retainAll(BASELINE.keySet());
    return names.stream();
  }

  private Map<String, Object> registryConfig() {
    return Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.MOCK_URL_PREFIX + scope);
  }

  @SuppressWarnings("unchecked")
  private SpecificAvroSerde<SpecificRecord> specificSerde(String name) {
    Class<SpecificRecord> type =
        (Class<SpecificRecord>) SpecificData.get().getClass(CURRENT.get(name));
    assertThat(type).as("generated class for %s", name).isNotNull();
    SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>(type);
    serde.configure(registryConfig(), false);
    return serde;
  }

  private static String topicFor(String name) {
    return "evolution." + name;
  }

  /** Reads Confluent wire-format bytes with {@code reader}, resolving the registered writer. */
  private GenericRecord readAs(Schema reader, byte[] wireFormat) {
    ByteBuffer buffer = ByteBuffer.wrap(wireFormat);
    assertThat(buffer.get()).isZero();
    Schema writer = registry.getSchemaById(buffer.getInt());
    try {
      return new GenericDatumReader<GenericRecord>(writer, reader, GenericData.get())
          .read(
              null, DecoderFactory.get().binaryDecoder(wireFormat, 5, wireFormat.length - 5, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SpecificRecord toSpecific(Schema schema, GenericRecord record) {
    try {
      byte[] bytes = encode(schema, record);
      return new org.apache.avro.specific.SpecificDatumReader<SpecificRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GenericRecord resolve(GenericRecord record, Schema writer, Schema reader) {
    try {
      return new GenericDatumReader<GenericRecord>(writer, reader)
          .read(null, DecoderFactory.get().binaryDecoder(encode(writer, record), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
