package io.demandflow.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.ingest.EventType;
import io.demandflow.ingest.IngestFixtures;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

  private static final ObjectMapper MAPPER = EventJson.newObjectMapper();

  private static final String ORDER =
      """
      {"event":"order","orderId":"O-1","revision":2,"customerId":"ACME","region":"US",
       "product":"H200-SXM-141GB","quantity":10,"unitPrice":"30000.00",
       "requestedDate":"2026-03-15","status":"AMENDED","eventTime":"2026-01-10T10:00:00Z",
       "source":"erp-1"}
      """;

  static Iterable<SpecificRecord> events() {
    return IngestFixtures.oneOfEach();
  }

  @ParameterizedTest
  @MethodSource("events")
  void shouldReadBackTheSameEventWhenWrittenAsJson(SpecificRecord event) throws Exception {
    // Given
    ObjectNode json = EventJson.toJson(event);

    // When: through text, as a scenario file would carry it
    JsonNode reread = MAPPER.readTree(MAPPER.writeValueAsString(json));
    SpecificRecord back = EventJson.fromJson(reread.get("event").textValue(), reread);

    // Then
    assertThat(back).isEqualTo(event);
    assertThat(json.get("event").textValue()).isEqualTo(EventType.of(event).typeName());
  }

  @Test
  void shouldWriteDecimalsAsStringsAndTimesAsIsoWhenWritingJson() {
    // Given / When
    ObjectNode json = EventJson.toJson(IngestFixtures.policy());
    ObjectNode license = EventJson.toJson(IngestFixtures.license());

    // Then
    assertThat(json.get("revenueShareRate").isTextual()).isTrue();
    assertThat(json.get("revenueShareRate").textValue()).isEqualTo("0.2500");
    assertThat(json.get("eventTime").textValue()).isEqualTo("2026-01-10T10:00:00.123Z");
    assertThat(license.get("validUntil").textValue()).isEqualTo("2026-12-31");
  }

  @Test
  void shouldReadAnOrderWhenFieldsFollowTheSpec() throws Exception {
    // Given / When
    Order order = (Order) EventJson.fromJson("order", MAPPER.readTree(ORDER));

    // Then
    assertThat(order.getOrderId()).isEqualTo("O-1");
    assertThat(order.getRevision()).isEqualTo(2L);
    assertThat(order.getUnitPrice()).isEqualTo(new BigDecimal("30000.00"));
    assertThat(order.getRequestedDate()).isEqualTo(LocalDate.of(2026, 3, 15));
    assertThat(order.getEventTime()).isEqualTo(Instant.parse("2026-01-10T10:00:00Z"));
  }

  @Test
  void shouldAcceptEpochMillisNumbersAndOffsetsWhenReadingTimesAndDecimals() throws Exception {
    // Given
    ObjectNode json = order();
    json.put("eventTime", 1_768_039_200_000L);
    json.set("unitPrice", MAPPER.readTree("31500.5"));
    ObjectNode withOffset = order();
    withOffset.put("eventTime", "2026-01-10T11:00:00+01:00");

    // When
    Order order = (Order) EventJson.fromJson("order", json);
    Order offset = (Order) EventJson.fromJson("order", withOffset);

    // Then: exact, with the schema's scale
    assertThat(order.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_768_039_200_000L));
    assertThat(order.getUnitPrice()).isEqualTo(new BigDecimal("31500.50"));
    assertThat(offset.getEventTime()).isEqualTo(Instant.parse("2026-01-10T10:00:00Z"));
  }

  @Test
  void shouldUseSchemaDefaultsWhenNullableFieldsAndProductsAreAbsent() throws Exception {
    // Given
    JsonNode json =
        MAPPER.readTree(
            """
            {"licenseId":"L-1","customerId":"c","region":"CN","status":"ACTIVE",
             "eventTime":"2026-01-10T10:00:00Z","validUntil":null}
            """);

    // When
    ExportLicense license = (ExportLicense) EventJson.fromJson("license", json);

    // Then
    assertThat(license.getProducts()).isEmpty();
    assertThat(license.getMaxUnits()).isNull();
    assertThat(license.getValidUntil()).isNull();
  }

  @Test
  void shouldNameTheFieldWhenARequiredFieldIsMissing() {
    // Given
    ObjectNode json = order();
    json.remove("quantity");

    // When / Then
    assertFormatError("order", json, "quantity", "quantity: missing field");
  }

  @Test
  void shouldNameTheFieldWhenAFieldHasTheWrongType() {
    // Given
    ObjectNode json = order();
    json.put("quantity", "ten");

    // When / Then
    assertFormatError("order", json, "quantity", "expected an integer");
  }

  @Test
  void shouldRefuseWhenANonNullableFieldIsNull() {
    // Given
    ObjectNode json = order();
    json.putNull("customerId");

    // When / Then
    assertFormatError("order", json, "customerId", "must not be null");
  }

  @Test
  void shouldListTheSymbolsWhenAnEnumSymbolIsUnknown() {
    // Given
    ObjectNode json = order();
    json.put("status", "SHIPPED");

    // When / Then
    assertFormatError("order", json, "status", "unknown symbol 'SHIPPED'");
  }

  @Test
  void shouldRefuseWhenAnExtraFieldIsPresent() {
    // Given: a typo of quantity
    ObjectNode json = order();
    json.put("quantiy", 3);

    // When / Then
    assertFormatError("order", json, "quantiy", "unknown field of a order event");
  }

  @Test
  void shouldRefuseWhenTheEventTypeIsUnknown() {
    // Given / When / Then
    assertFormatError("invoice", order(), "event", "unknown event type 'invoice'");
  }

  @Test
  void shouldRefuseWhenADecimalWouldNeedRounding() {
    // Given
    ObjectNode price = order();
    price.put("unitPrice", "30000.005");
    RegionPolicy policy = IngestFixtures.policy();
    ObjectNode rate = EventJson.toJson(policy);
    rate.put("revenueShareRate", "0.123456");

    // When / Then
    assertFormatError("order", price, "unitPrice", "would need rounding");
    assertFormatError("policy", rate, "revenueShareRate", "would need rounding");
  }

  @Test
  void shouldRefuseWhenDatesOrTimesAreMalformed() {
    // Given
    ObjectNode date = order();
    date.put("requestedDate", "15.03.2026");
    ObjectNode time = order();
    time.put("eventTime", "2026-01-10 10:00");
    ObjectNode decimal = order();
    decimal.put("unitPrice", "lots");

    // When / Then
    assertFormatError("order", date, "requestedDate", "is not a date YYYY-MM-DD");
    assertFormatError("order", time, "eventTime", "is not an ISO-8601 timestamp");
    assertFormatError("order", decimal, "unitPrice", "is not a decimal number");
  }

  @Test
  void shouldNameTheElementWhenAListElementIsMistyped() {
    // Given
    ObjectNode json = EventJson.toJson(IngestFixtures.license());
    json.putArray("products").add("H200-SXM-141GB").add(7);

    // When / Then
    assertFormatError("license", json, "products[1]", "expected a string");
  }

  private static ObjectNode order() {
    try {
      return (ObjectNode) MAPPER.readTree(ORDER);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertFormatError(
      String type, JsonNode json, String field, String messagePart) {
    assertThatThrownBy(() -> EventJson.fromJson(type, json))
        .isInstanceOfSatisfying(
            EventFormatException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(messagePart);
  }
}
