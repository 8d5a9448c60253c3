package io.demandflow.bench;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerInput;
import io.demandflow.events.internal.LedgerInputKind;
import io.demandflow.events.internal.UsDemandChange;
import io.demandflow.pipeline.Keys;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ledger benchmark's inputs, as the order book and the state inputs would give them to the
 * ledger ({@code LedgerInput} records with their keys), generated on the fly and deterministic.
 *
 * <p>Order {@code n} ({@code LB-00000042}) is one of a few hundred US and CN customers' (every
 * fourth is CN), for one of {@value #PRODUCTS} products and {@value #PERIODS} periods, for {@value
 * #UNITS} units; its request asks for all of them. Supply is ample and US demand sums are small, so
 * every request is granted in full and nothing is cut or preempted: the figures are those of the
 * ordinary decision.
 */
final class LedgerWorkload {

  static final int PRODUCTS = 20;
  static final int PERIODS = 6;
  static final int US_CUSTOMERS = 500;
  static final int CN_CUSTOMERS = 100;
  static final int UNITS = 10;

  /** Per product and period: far more than all requests of any run can take. */
  static final long AMPLE_SUPPLY = 1_000_000_000_000L;

  /** With order traffic: one US-demand sum every this many requests. */
  static final int REQUESTS_PER_US_DEMAND = 10;

  static final String CN = "CN";
  static final BigDecimal CN_REVENUE_SHARE = new BigDecimal("0.2500");

  private static final LocalDate FIRST_DAY = Workload.FIRST_PERIOD.atDay(15);
  private static final BigDecimal UNIT_PRICE = new BigDecimal("100.00");

  /** One input record: its key and value. */
  record Keyed(String key, LedgerInput input) {}

  private LedgerWorkload() {}

  /** Supply for every product and period, the CN policy, a license per CN customer, US demand. */
  static void setup(Consumer<Keyed> sink) {
    Instant time = Workload.START;
    for (int p = 0; p < PRODUCTS; p++) {
      for (int m = 0; m < PERIODS; m++) {
        Supply supply =
            Supply.newBuilder()
                .setProduct(product(p))
                .setPeriod(period(m))
                .setUnits(AMPLE_SUPPLY)
                .setEventTime(time)
                .setSource("bench")
                .build();
        sink.accept(
            new Keyed(
                Keys.join(supply.getProduct(), supply.getPeriod()),
                input(LedgerInputKind.SUPPLY).setSupply(supply).build()));
      }
    }
    RegionPolicy policy =
        RegionPolicy.newBuilder()
            .setRegion(CN)
            .setLicenseRequired(true)
            .setImportStatus(ImportStatus.APPROVED)
            .setRevenueShareRate(CN_REVENUE_SHARE)
            .setEventTime(time)
            .build();
    sink.accept(new Keyed(CN, input(LedgerInputKind.POLICY).setPolicy(policy).build()));
    for (int c = 0; c < CN_CUSTOMERS; c++) {
      // Without a unit cap: a capped license makes every decision of its customer sum the
      // customer's grants in the region (docs/performance.md, "Ledger on one thread").
      ExportLicense license =
          ExportLicense.newBuilder()
              .setLicenseId("LB-L-" + c)
              .setCustomerId(cnCustomer(c))
              .setRegion(CN)
              .setProducts(List.of())
              .setMaxUnits(null)
              .setValidUntil(null)
              .setStatus(LicenseStatus.ACTIVE)
              .setEventTime(time)
              .build();
      sink.accept(
          new Keyed(
              Keys.license(license.getCustomerId(), CN),
              input(LedgerInputKind.LICENSE).setLicense(license).build()));
    }
    for (int n = 0; n < PRODUCTS; n++) {
      sink.accept(usDemand(n));
    }
  }

  /** REQUESTs for orders {@code first} to {@code first + count - 1}, each with its open order. */
  static void requests(int first, int count, Consumer<Keyed> sink) {
    for (int n = first; n < first + count; n++) {
      sink.accept(request(n));
    }
  }

  /**
   * REQUESTs for orders {@code first} to {@code first + count - 1} as the order book would
   * interleave them with order traffic: after each, a change of one of the orders {@code 0} to
   * {@code allocated - 1} (which all hold a grant) of the kind the book passes on, a unit fewer (so
   * the ledger cuts that grant by a unit: a decision), and every {@value #REQUESTS_PER_US_DEMAND}
   * requests a sum of US demand. Amendments that keep an order's grants (same or more units, same
   * customer, region, product, period) never reach the ledger.
   */
  static void requestsWithOrderTraffic(int first, int count, int allocated, Consumer<Keyed> sink) {
    if (allocated <= 0) {
      throw new IllegalArgumentException("order traffic needs allocated orders, was " + allocated);
    }
    for (int k = 0; k < count; k++) {
      int n = first + k;
      sink.accept(request(n));
      // Each pass over the allocated orders gives them the next revision.
      sink.accept(orderChange(k % allocated, 2L + k / allocated));
      if ((k + 1) % REQUESTS_PER_US_DEMAND == 0) {
        sink.accept(usDemand(n));
      }
    }
  }

  /**
   * How many decisions the ledger makes for {@link #requestsWithOrderTraffic} with {@code count}
   * requests: a grant per request and a cut per order change.
   */
  static long decisionsWithOrderTraffic(int count) {
    return 2L * count;
  }

  /** How many inputs {@link #requestsWithOrderTraffic} gives for {@code count} requests. */
  static long inputsWithOrderTraffic(int count) {
    return 2L * count + count / REQUESTS_PER_US_DEMAND;
  }

  static Order order(int n, long revision) {
    boolean cn = n % 4 == 3;
    return Order.newBuilder()
        .setOrderId(String.format("LB-%08d", n))
        .setRevision(revision)
        // Counted among the orders of their region, so that every customer gets orders.
        .setCustomerId(
            cn ? cnCustomer((n / 4) % CN_CUSTOMERS) : "us-" + ((n / 4 * 3 + n % 4) % US_CUSTOMERS))
        .setRegion(cn ? CN : "US")
        // Shifted every pass over the products, so that CN orders get every product too.
        .setProduct(product((n + n / PRODUCTS) % PRODUCTS))
        .setQuantity(UNITS)
        .setUnitPrice(UNIT_PRICE)
        .setRequestedDate(FIRST_DAY.plusMonths((n / PRODUCTS) % PERIODS))
        .setStatus(revision == 1 ? OrderStatus.PLACED : OrderStatus.AMENDED)
        .setEventTime(Workload.START.plusMillis(n))
        .setSource("bench")
        .build();
  }

  private static Keyed request(int n) {
    Order order = order(n, 1);
    AllocationRequest request =
        AllocationRequest.newBuilder()
            .setAllocationId(String.format("LB-A-%08d", n))
            .setOrderId(order.getOrderId())
            .setQuantity(UNITS)
            .setAction(AllocationAction.REQUEST)
            .setEventTime(order.getEventTime())
            .setSource("bench")
            .build();
    return new Keyed(
        order.getOrderId(),
        input(LedgerInputKind.ALLOCATION).setRequest(request).setOrder(order).build());
  }

  private static Keyed orderChange(int n, long revision) {
    // Each revision a unit fewer than the one before, never below one unit.
    Order order =
        Order.newBuilder(order(n, revision))
            .setQuantity((int) Math.max(1, UNITS - (revision - 1)))
            .build();
    return new Keyed(order.getOrderId(), input(LedgerInputKind.ORDER).setOrder(order).build());
  }

  /** A small rise of US demand for order {@code n}'s product and period. */
  private static Keyed usDemand(int n) {
    Order order = order(n, 1);
    String period = YearMonth.from(order.getRequestedDate()).toString();
    UsDemandChange change =
        UsDemandChange.newBuilder()
            .setProduct(order.getProduct())
            .setPeriod(period)
            .setUnits(UNITS)
            .setEventTime(order.getEventTime())
            .build();
    return new Keyed(
        Keys.join(change.getProduct(), change.getPeriod()),
        input(LedgerInputKind.US_DEMAND).setUsDemand(change).build());
  }

  private static String product(int p) {
    return String.format("LB-SKU-%02d", p);
  }

  private static String period(int m) {
    return Workload.FIRST_PERIOD.plusMonths(m).toString();
  }

  private static String cnCustomer(int c) {
    return "cn-" + c;
  }

  private static LedgerInput.Builder input(LedgerInputKind kind) {
    return LedgerInput.newBuilder().setKind(kind);
  }
}
