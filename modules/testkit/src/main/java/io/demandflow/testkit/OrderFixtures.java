package io.demandflow.testkit;

import io.demandflow.events.ExportLicense;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Orders for tests: a placed order of 10 units of H200 at 30000.00 for ACME in US, March 2026; and
 * the export licenses that qualify for them.
 */
public final class OrderFixtures {

  public static final String H200 = "H200-SXM-141GB";
  public static final String H100 = "H100-SXM-80GB";

  private OrderFixtures() {}

  public static Order.Builder order(String orderId, long revision) {
    return Order.newBuilder()
        .setOrderId(orderId)
        .setRevision(revision)
        .setCustomerId("ACME")
        .setRegion("US")
        .setProduct(H200)
        .setQuantity(10)
        .setUnitPrice(new BigDecimal("30000.00"))
        .setRequestedDate(LocalDate.of(2026, 3, 15))
        .setStatus(revision == 1 ? OrderStatus.PLACED : OrderStatus.AMENDED)
        .setEventTime(Instant.parse("2026-01-10T10:00:00Z").plusSeconds(revision))
        .setSource("erp-test");
  }

  /**
   * An ACTIVE export license of {@code customerId} for {@code region} that covers every product,
   * has no cap and does not expire: the license that qualifies for any of the customer's orders
   * there.
   */
  public static ExportLicense.Builder license(String customerId, String region, Instant eventTime) {
    return ExportLicense.newBuilder()
        .setLicenseId("L-1")
        .setCustomerId(customerId)
        .setRegion(region)
        .setProducts(List.of())
        .setMaxUnits(null)
        .setValidUntil(null)
        .setStatus(LicenseStatus.ACTIVE)
        .setEventTime(eventTime);
  }
}
