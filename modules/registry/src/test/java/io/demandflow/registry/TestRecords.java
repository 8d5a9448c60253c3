package io.demandflow.registry;

import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.Supply;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;

/**
 * Records and schemas shared by the tests, the embedded module's too (through this module's test
 * jar).
 */
public final class TestRecords {

  private TestRecords() {}

  public static Order order(String orderId) {
    return Order.newBuilder()
        .setOrderId(orderId)
        .setRevision(3)
        .setCustomerId("C-42")
        .setRegion("US")
        .setProduct("H200-SXM-141GB")
        .setQuantity(8)
        .setUnitPrice(new BigDecimal("31999.99"))
        .setRequestedDate(LocalDate.of(2026, 3, 15))
        .setStatus(OrderStatus.PLACED)
        .setEventTime(Instant.parse("2026-01-10T08:00:00Z"))
        .setSource("erp-us")
        .build();
  }

  static Supply supply(long units) {
    return Supply.newBuilder()
        .setProduct("H200-SXM-141GB")
        .setPeriod("2026-03")
        .setUnits(units)
        .setEventTime(Instant.parse("2026-01-10T08:00:00Z"))
        .setSource("plan")
        .build();
  }

  /** A fresh mock:// scope per test, so tests never see each other's schemas. */
  static String newScope() {
    return "test-" + UUID.randomUUID();
  }

  static Map<String, Object> mockConfig(String scope) {
    return Map.of(
        SchemaRegistryConfig.SCHEMA_REGISTRY_URL, MockSchemaRegistry.MOCK_URL_PREFIX + scope);
  }

  static Schema record(String name, String fieldsJson) {
    return new Schema.Parser()
        .parse(
            "{\"type\":\"record\",\"name\":\""
                + name
                + "\",\"namespace\":\"test\",\"fields\":["
                + fieldsJson
                + "]}");
  }

  /** {@code test.Item} with one string field {@code sku}: the base of the evolution tests. */
  public static Schema itemV1() {
    return record("Item", "{\"name\":\"sku\",\"type\":\"string\"}");
  }
}
