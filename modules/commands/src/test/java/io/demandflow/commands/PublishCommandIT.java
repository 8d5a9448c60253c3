package io.demandflow.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.ingest.EventType;
import io.demandflow.ingest.file.BatchFileWriter;
import io.demandflow.ingest.scenario.ScenarioWriter;
import io.demandflow.registry.SpecificAvroSerde;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code publish} in-process against the shared test broker, one fresh topic per test. */
@KafkaIntegrationTest
class PublishCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldPublishEveryOrderWhenACsvFileIsValid(KafkaTestEnvironment kafka) throws Exception {
    // Given
    String topic = kafka.newTopic("orders");
    List<Order> orders = List.of(order("O-1"), order("O-2"), order("O-3"));
    Path csv = csv("orders.csv", EventType.ORDER, orders);

    // When
    int exit = publish(kafka, "orders", topic, "--type", "order", csv.toString());

    // Then: read back with the registry serde, keyed by orderId
    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
    List<ConsumerRecord<String, Order>> records = read(kafka, topic, Order.class, 3);
    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrderElementsOf(orders);
    assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getOrderId()));
    assertThat(out.toString()).contains(csv + ": 3 published, 0 rejected");
    assertThat(PublishCommand.defaultRejectsFile(csv)).doesNotExist();
  }

  @Test
  void shouldPublishEveryLicenseWhenAJsonLinesFileIsValid(KafkaTestEnvironment kafka)
      throws Exception {
    // Given: licenses with lists, nulls and dates; "event" present on one line, absent on the other
    String topic = kafka.newTopic("licenses");
    ExportLicense capped = license("cn-1", List.of(OrderFixtures.H200), 500L);
    ExportLicense open = license("cn-2", List.of(), null);
    Path jsonl = dir.resolve("licenses.jsonl");
    Files.write(
        jsonl,
        List.of(
            ScenarioWriter.toLine(capped),
            ScenarioWriter.toLine(open).replace("\"event\":\"license\",", "")));

    // When
    int exit = publish(kafka, "licenses", topic, "--type", "license", jsonl.toString());

    // Then: keyed customerId|region
    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
    List<ConsumerRecord<String, ExportLicense>> records =
        read(kafka, topic, ExportLicense.class, 2);
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(capped, open);
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("cn-1|CN", "cn-2|CN");
  }

  @Test
  void shouldPublishExactlyTheGoodLinesAndReportEachBadOneWhenAFileHasBadLines(
      KafkaTestEnvironment kafka) throws Exception {
    // Given: lines 3 and 5 are bad (an R8 violation, a mistyped quantity)
    String topic = kafka.newTopic("orders");
    Path csv = dir.resolve("orders.csv");
    Files.write(
        csv,
        List.of(
            BatchFileWriter.csvHeader(EventType.ORDER),
            BatchFileWriter.csvLine(order("O-1")),
            BatchFileWriter.csvLine(OrderFixtures.order("O-2", 1).setQuantity(0).build()),
            BatchFileWriter.csvLine(order("O-3")),
            BatchFileWriter.csvLine(order("O-4")).replace(",10,", ",ten,"),
            BatchFileWriter.csvLine(order("O-5"))));

    // When
    int exit = publish(kafka, "orders", topic, "--type", "order", csv.toString());

    // Then
    assertThat(exit).isEqualTo(ExitCodes.REJECTED);
    assertThat(read(kafka, topic, Order.class, 3))
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("O-1", "O-3", "O-5");
    List<JsonNode> rejects = rejects(PublishCommand.defaultRejectsFile(csv));
    assertThat(rejects).extracting(r -> r.get("line").intValue()).containsExactly(3, 5);
    assertThat(rejects.get(0).get("reason").textValue()).startsWith("quantity: must be > 0");
    assertThat(rejects.get(1).get("reason").textValue())
        .startsWith("quantity: expected an integer");
    assertThat(rejects.get(1).get("input").textValue()).contains("O-4,");
    assertThat(rejects.get(0).get("file").textValue()).isEqualTo(csv.toString());
    assertThat(out.toString()).contains(csv + ": 3 published, 2 rejected");
  }

  @Test
  void shouldPublishNothingWhenDryRun(KafkaTestEnvironment kafka) throws Exception {
    // Given: one good line and one bad one, rejects to a chosen file
    String topic = kafka.newTopic("orders");
    Path csv = dir.resolve("orders.csv");
    Path rejects = dir.resolve("bad-lines.jsonl");
    Files.write(
        csv,
        List.of(
            BatchFileWriter.csvHeader(EventType.ORDER),
            BatchFileWriter.csvLine(order("O-1")),
            BatchFileWriter.csvLine(OrderFixtures.order("O-2", 1).setRegion("usa").build())));

    // When
    int exit =
        publish(
            kafka,
            "orders",
            topic,
            "--type",
            "order",
            "--dry-run",
            "--rejects",
            rejects.toString(),
            csv.toString());

    // Then: rejects reported, but the topic stays empty
    assertThat(exit).isEqualTo(ExitCodes.REJECTED);
    assertThat(rejects(rejects))
        .singleElement()
        .satisfies(r -> assertThat(r.get("line").intValue()).isEqualTo(3));
    assertThat(out.toString()).contains("1 valid, 1 rejected").contains("dry run");
    // (the command returns only after its producer flushed, so the end offsets are final)
    assertThat(endOffsets(kafka, topic)).isZero();
  }

  @Test
  void shouldExitWithUsageWhenTypeOrFormatIsUnknown(KafkaTestEnvironment kafka) throws Exception {
    // Given
    Path csv = csv("orders.csv", EventType.ORDER, List.of(order("O-1")));
    Path txt = Files.writeString(dir.resolve("orders.txt"), "");

    // When / Then
    assertThat(publish(kafka, "orders", "unused", "--type", "invoice", csv.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown event type 'invoice'");
    assertThat(publish(kafka, "orders", "unused", "--type", "order", txt.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(
            publish(
                kafka,
                "orders",
                "unused",
                "--type",
                "order",
                dir.resolve("missing.csv").toString()))
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void shouldFailWhenTheCsvHeaderDoesNotFitTheType(KafkaTestEnvironment kafka) throws Exception {
    // Given: a supply file published as orders
    Path csv = dir.resolve("supply.csv");
    Files.write(csv, List.of(BatchFileWriter.csvHeader(EventType.SUPPLY)));

    // When
    int exit = publish(kafka, "orders", "unused", "--type", "order", "--dry-run", csv.toString());

    // Then
    assertThat(exit).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("unknown column 'period'");
  }

  private int publish(
      KafkaTestEnvironment kafka, String logicalTopic, String topic, String... args) {
    List<String> all = new ArrayList<>(List.of("publish"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "-b",
            kafka.bootstrapServers(),
            "-r",
            kafka.schemaRegistryUrl(),
            "-D",
            "demandflow.topic." + logicalTopic + "=" + topic));
    CommandLine cli = ProductionCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(all.toArray(String[]::new));
  }

  private static long endOffsets(KafkaTestEnvironment kafka, String topic) throws Exception {
    var partitions =
        kafka
            .adminClient()
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get()
            .get(topic)
            .partitions()
            .stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    return kafka.adminClient().listOffsets(partitions).all().get().values().stream()
        .mapToLong(ListOffsetsResultInfo::offset)
        .sum();
  }

  private <T extends SpecificRecord> List<ConsumerRecord<String, T>> read(
      KafkaTestEnvironment kafka, String topic, Class<T> type, int expected) {
    try (SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type)) {
      serde.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
      return kafka.consumeAll(topic, new StringDeserializer(), serde.deserializer(), expected);
    }
  }

  private Path csv(String name, EventType type, List<? extends SpecificRecord> events)
      throws Exception {
    List<String> lines = new ArrayList<>(List.of(BatchFileWriter.csvHeader(type)));
    events.forEach(e -> lines.add(BatchFileWriter.csvLine(e)));
    return Files.write(dir.resolve(name), lines);
  }

  private static List<JsonNode> rejects(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static Order order(String id) {
    return OrderFixtures.order(id, 1).build();
  }

  private static ExportLicense license(String customer, List<String> products, Long maxUnits) {
    return ExportLicense.newBuilder()
        .setLicenseId("L-" + customer)
        .setCustomerId(customer)
        .setRegion("CN")
        .setProducts(products)
        .setMaxUnits(maxUnits)
        .setValidUntil(maxUnits == null ? null : LocalDate.of(2026, 12, 31))
        .setStatus(LicenseStatus.ACTIVE)
        .setEventTime(Instant.parse("2026-01-10T10:00:00Z"))
        .build();
  }
}
