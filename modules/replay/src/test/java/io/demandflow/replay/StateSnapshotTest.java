package io.demandflow.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.events.CustomerDemand;
import io.demandflow.topics.AvroSerdes;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class StateSnapshotTest {

  private static final String TOPIC = "demand.customer";

  private final Map<String, String> serdeConfig =
      Map.of("schema.registry.url", "mock://state-snapshot-" + UUID.randomUUID());
  private final Topic<String, CustomerDemand> topic =
      new Topic<>(
          TOPIC, AvroSerdes.keys(), new AvroSerdes(serdeConfig).value(CustomerDemand.class));
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  @Test
  void shouldKeepLatestRowPerKeySortedByKeyWhenTableHasUpdatesAndTombstones() {
    // Given a changelog written out of key order, with an update and a deleted row
    append("STARLAB|H200", row("STARLAB", 60, "1860000.00"));
    append("ACME|H200", row("ACME", 10, "300000.00"));
    append("NORDGRID|H100", row("NORDGRID", 20, "440010.00"));
    append("ACME|H200", row("ACME", 100, "3000000.00"));
    append("NORDGRID|H100", null);

    // When the section is rendered
    ObjectNode document = build(StateSection.table("rows", topic));

    // Then one row per live key, latest value, sorted by key, decimals keeping their scale
    assertThat(document.toString())
        .isEqualTo(
            "{\"rows\":["
                + "{\"customerId\":\"ACME\",\"product\":\"H200\",\"openUnits\":100,"
                + "\"openValue\":\"3000000.00\",\"openOrders\":1},"
                + "{\"customerId\":\"STARLAB\",\"product\":\"H200\",\"openUnits\":60,"
                + "\"openValue\":\"1860000.00\",\"openOrders\":1}]}");
  }

  @Test
  void shouldListEveryRecordInOrderWithChosenFieldsWhenSectionIsLog() {
    // Given three records, two for the same key
    append("ACME|H200", row("ACME", 10, "1.00"));
    append("ACME|H200", row("ACME", 20, "2.00"));
    append("BETA|H200", row("BETA", 5, "0.50"));

    // When rendered as a log of two fields
    ObjectNode document = build(StateSection.log("events", topic, "openUnits", "customerId"));

    // Then all three, in the order written, fields in the order asked for
    assertThat(document.toString())
        .isEqualTo(
            "{\"events\":[{\"openUnits\":10,\"customerId\":\"ACME\"},"
                + "{\"openUnits\":20,\"customerId\":\"ACME\"},"
                + "{\"openUnits\":5,\"customerId\":\"BETA\"}]}");
  }

  @Test
  void shouldListSectionsInContractOrderWhenBuiltFromPipelineTopics() {
    // Given the pipeline's sections, the dead-letter topic holding two records of any format
    Topics topics = Topics.of(TopicNames.defaults(), serdeConfig);
    String dlq = topics.dlq().name();
    List<ConsumerRecord<String, byte[]>> deadLetters =
        List.of(
            new ConsumerRecord<>(dlq, 0, 0, null, new byte[] {1, 2, 3}),
            new ConsumerRecord<>(dlq, 0, 1, "o-5", new byte[] {0}));

    // When the document is built with empty demand tables
    ObjectNode document =
        StateSnapshot.build(
            StateSnapshot.sections(topics), name -> name.equals(dlq) ? deadLetters : List.of());

    // Then every key of SPEC §4 is there, in order, sections of empty topics empty
    assertThat(StateSnapshot.toJson(document))
        .isEqualTo(
            """
            {
              "customerDemand": [],
              "regionDemand": [],
              "allocations": [],
              "revenueShare": [],
              "signals": [],
              "deadLetters": 2
            }
            """);
  }

  @Test
  void shouldWriteTwoSpaceIndentedAsciiJsonWithTrailingNewlineWhenRendered() {
    // Given a row with a non-ASCII customer id
    append("Müller|H200", row("Müller", 3, "90000.00"));

    // When written as text
    String json = StateSnapshot.toJson(build(StateSection.table("rows", topic)));

    // Then the layout is fixed and the bytes are ASCII whatever the platform's charset
    assertThat(json)
        .isEqualTo(
            """
            {
              "rows": [
                {
                  "customerId": "M\\u00FCller",
                  "product": "H200",
                  "openUnits": 3,
                  "openValue": "90000.00",
                  "openOrders": 1
                }
              ]
            }
            """);
    assertThat(StateSnapshot.toBytes(build(StateSection.table("rows", topic))))
        .isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void shouldNameTopicAndOffsetWhenValueCannotBeDecoded() {
    // Given a record that is not in the registry's wire format
    records.add(new ConsumerRecord<>(TOPIC, 0, 7, "ACME|H200", new byte[] {42}));

    // When / Then
    assertThatThrownBy(() -> build(StateSection.table("rows", topic)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rows value at " + TOPIC + "-0@7");
  }

  private ObjectNode build(StateSection section) {
    return StateSnapshot.build(List.of(section), name -> records);
  }

  private void append(String key, CustomerDemand value) {
    byte[] bytes = null;
    if (value != null) {
      bytes = topic.valueSerializer().serialize(TOPIC, value);
    }
    records.add(new ConsumerRecord<>(TOPIC, 0, records.size(), key, bytes));
  }

  private static CustomerDemand row(String customerId, long units, String value) {
    return CustomerDemand.newBuilder()
        .setCustomerId(customerId)
        .setProduct("H200")
        .setOpenUnits(units)
        .setOpenValue(new BigDecimal(value))
        .setOpenOrders(1)
        .build();
  }
}
