package io.demandflow.cli.demo;

import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's built-in order feed, modelled on SPEC §1: US and Chinese hyperscalers (and a few
 * others) order H200 and H20 parts for the coming months; Chinese demand surges as time goes on;
 * some orders are amended (quantity, month) or cancelled. Seeded, so a run can be repeated.
 */
public final class DemoFeed {

  /** A customer of the demo with the region it ships to. */
  record Customer(String id, String region, int typicalUnits) {}

  /** A product of the demo with its list price. */
  record Product(String sku, BigDecimal unitPrice) {}

  static final List<Customer> US_CUSTOMERS =
      List.of(
          new Customer("us-cloud-alpha", "US", 4000),
          new Customer("us-cloud-bravo", "US", 3000),
          new Customer("us-ai-lab-charlie", "US", 1500),
          new Customer("us-enterprise-delta", "US", 500));
  static final List<Customer> CN_CUSTOMERS =
      List.of(
          new Customer("cn-cloud-east", "CN", 5000),
          new Customer("cn-cloud-south", "CN", 4000),
          new Customer("cn-ai-lab-west", "CN", 2000));
  static final List<Customer> OTHER_CUSTOMERS =
      List.of(
          new Customer("de-research-nord", "DE", 800), new Customer("jp-cloud-sakura", "JP", 1200));

  static final List<Product> PRODUCTS =
      List.of(
          new Product("H200-SXM-141GB", new BigDecimal("31500.00")),
          new Product("H20-PCIE-96GB", new BigDecimal("12000.00")));

  private static final String SOURCE = "demo-erp";

  private final Random random;
  private final YearMonth firstPeriod;
  private final int periods;
  private final List<Order> openOrders = new ArrayList<>();
  private final Map<String, Order> latest = new HashMap<>();
  private long sequence;

  /**
   * @param seed random seed: the same seed gives the same feed
   * @param firstPeriod the first month orders ask for
   * @param periods how many months orders spread over
   */
  public DemoFeed(long seed, YearMonth firstPeriod, int periods) {
    this.random = new Random(seed);
    this.firstPeriod = firstPeriod;
    this.periods = periods;
  }

  /** The next order event: mostly new orders, some amendments and cancellations. */
  public Order next(Instant now) {
    sequence++;
    double roll = random.nextDouble();
    if (!openOrders.isEmpty() && roll < 0.08) {
      return cancel(now);
    }
    if (!openOrders.isEmpty() && roll < 0.25) {
      return amend(now);
    }
    return place(now);
  }

  private Order place(Instant now) {
    Customer customer = pickCustomer();
    Product product = PRODUCTS.get(random.nextDouble() < 0.7 ? 0 : 1);
    String orderId = String.format("ORD-%06d", sequence);
    int units = roundToTen(customer.typicalUnits() * (0.5 + random.nextDouble()));
    Order order =
        Order.newBuilder()
            .setOrderId(orderId)
            .setRevision(1)
            .setCustomerId(customer.id())
            .setRegion(customer.region())
            .setProduct(product.sku())
            .setQuantity(units)
            .setUnitPrice(product.unitPrice())
            .setRequestedDate(randomDate())
            .setStatus(OrderStatus.PLACED)
            .setEventTime(now)
            .setSource(SOURCE)
            .build();
    remember(order);
    return order;
  }

  private Order amend(Instant now) {
    Order previous = openOrders.get(random.nextInt(openOrders.size()));
    Order.Builder amended =
        Order.newBuilder(previous)
            .setRevision(previous.getRevision() + 1)
            .setStatus(OrderStatus.AMENDED)
            .setEventTime(now);
    if (random.nextBoolean()) {
      amended.setQuantity(roundToTen(previous.getQuantity() * (0.6 + 0.8 * random.nextDouble())));
    } else {
      amended.setRequestedDate(randomDate());
    }
    Order order = amended.build();
    remember(order);
    return order;
  }

  private Order cancel(Instant now) {
    Order previous = openOrders.remove(random.nextInt(openOrders.size()));
    Order order =
        Order.newBuilder(previous)
            .setRevision(previous.getRevision() + 1)
            .setStatus(OrderStatus.CANCELLED)
            .setEventTime(now)
            .build();
    latest.put(order.getOrderId(), order);
    return order;
  }

  private void remember(Order order) {
    Order before = latest.put(order.getOrderId(), order);
    if (before != null) {
      openOrders.remove(before);
    }
    openOrders.add(order);
  }

  /** Chinese demand surges: its share of new orders grows from 25 % towards 65 %. */
  private Customer pickCustomer() {
    double chinaShare = 0.25 + Math.min(0.40, sequence / 2500.0);
    double roll = random.nextDouble();
    if (roll < chinaShare) {
      return CN_CUSTOMERS.get(random.nextInt(CN_CUSTOMERS.size()));
    }
    if (roll < chinaShare + 0.1) {
      return OTHER_CUSTOMERS.get(random.nextInt(OTHER_CUSTOMERS.size()));
    }
    return US_CUSTOMERS.get(random.nextInt(US_CUSTOMERS.size()));
  }

  private LocalDate randomDate() {
    YearMonth month = firstPeriod.plusMonths(random.nextInt(periods));
    return month.atDay(1 + random.nextInt(month.lengthOfMonth()));
  }

  private static int roundToTen(double units) {
    return Math.max(10, (int) Math.round(units / 10.0) * 10);
  }
}
