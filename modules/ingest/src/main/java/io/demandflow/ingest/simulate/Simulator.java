package io.demandflow.ingest.simulate;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.Supply;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * A seeded generator of input events modelled on SPEC §1: many customers per region (mostly US and
 * CN, a few DE, JP, GB, KR, SG), Chinese demand surging over time, amendments and cancellations,
 * allocation requests (and some releases) against open orders, supply updates per product and
 * month, license grants, suspensions and revocations for Chinese customers.
 *
 * <p>It starts with the shipped default CN policy, licenses for most Chinese customers and the
 * committed supply of every product and month, then mixes the rest. Every event keeps the R8 rules.
 * Generation only: it publishes nothing and never sleeps, so {@code simulate}, the demo and the
 * benchmark pace and send its events their own way. The same settings and the same event times give
 * the same events. Not thread-safe.
 */
public final class Simulator {

  /**
   * @param seed random seed
   * @param customers customers in all (at least 3)
   * @param firstPeriod the first month orders ask for
   * @param periods how many months orders and supply spread over
   */
  public record Settings(long seed, int customers, YearMonth firstPeriod, int periods) {
    public Settings {
      if (customers < 3) {
        throw new IllegalArgumentException("customers must be at least 3, was " + customers);
      }
      if (periods < 1) {
        throw new IllegalArgumentException("periods must be at least 1, was " + periods);
      }
    }

    /** 40 customers over six months starting with {@code firstPeriod}. */
    public static Settings defaults(long seed, YearMonth firstPeriod) {
      return new Settings(seed, 40, firstPeriod, 6);
    }
  }

  /** A customer with the region it ships to and the size of its usual order. */
  record Customer(String id, String region, int typicalUnits) {}

  /** A product with its list price and monthly output at the start. */
  record Product(String sku, BigDecimal unitPrice, long monthlyUnits) {}

  static final List<Product> PRODUCTS =
      List.of(
          new Product("H200-SXM-141GB", new BigDecimal("31500.00"), 60_000),
          new Product("H20-PCIE-96GB", new BigDecimal("12000.00"), 30_000));

  private static final List<String> OTHER_REGIONS = List.of("DE", "JP", "GB", "KR", "SG");
  private static final String[] KINDS = {"cloud", "ai-lab", "enterprise"};
  private static final int[] KIND_UNITS = {4000, 1500, 400};
  private static final String ERP = "sim-erp";
  private static final String PLANNING = "sim-planning";

  private final Settings settings;
  private final Random random;
  private final List<Customer> usCustomers = new ArrayList<>();
  private final List<Customer> cnCustomers = new ArrayList<>();
  private final List<Customer> otherCustomers = new ArrayList<>();
  private final Deque<SpecificRecord> setup = new ArrayDeque<>();
  private final List<Order> openOrders = new ArrayList<>();

  /** A requested allocation: a RELEASE names its request's order. */
  private record Requested(String allocationId, String orderId) {}

  private final List<Requested> requestedAllocations = new ArrayList<>();
  private final Map<String, Long> supplyUnits = new HashMap<>();
  private final Map<String, LicenseStatus> licenses = new HashMap<>();
  private long sequence;
  private long orders;
  private long allocations;
  private long licenseIds;

  public Simulator(Settings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    createCustomers();
  }

  /**
   * The next event, stamped {@code eventTime}. The first events set the scene (policy, licenses,
   * supply); after that, about: 45 % new orders, 12 % amendments, 5 % cancellations, 22 %
   * allocation requests, 4 % releases, 8 % supply updates, 4 % license changes.
   */
  public SpecificRecord next(Instant eventTime) {
    sequence++;
    if (sequence == 1) {
      queueSetup(eventTime);
    }
    if (!setup.isEmpty()) {
      return setup.poll();
    }
    double roll = random.nextDouble();
    if (openOrders.isEmpty() || roll < 0.45) {
      return place(eventTime);
    }
    if (roll < 0.57) {
      return amend(eventTime);
    }
    if (roll < 0.62) {
      return cancel(eventTime);
    }
    if (roll < 0.84) {
      return request(eventTime);
    }
    if (roll < 0.88 && !requestedAllocations.isEmpty()) {
      return release(eventTime);
    }
    if (roll < 0.96) {
      return updateSupply(eventTime);
    }
    return changeLicense(eventTime);
  }

  /**
   * An endless iterator of events stamped {@code start}, {@code start + spacing}, ...; what a file
   * or a benchmark uses when wall-clock time does not matter.
   */
  public Iterator<SpecificRecord> events(Instant start, Duration spacing) {
    return new Iterator<>() {
      private Instant next = start;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public SpecificRecord next() {
        SpecificRecord event = Simulator.this.next(next);
        next = next.plus(spacing);
        return event;
      }
    };
  }

  private void createCustomers() {
    int n = settings.customers();
    int others = Math.max(1, n / 10);
    int cn = Math.max(1, (n - others) * 45 / 100);
    int us = n - others - cn;
    for (int i = 0; i < us; i++) {
      usCustomers.add(customer("us", "US", i));
    }
    for (int i = 0; i < cn; i++) {
      cnCustomers.add(customer("cn", "CN", i));
    }
    for (int i = 0; i < others; i++) {
      String region = OTHER_REGIONS.get(i % OTHER_REGIONS.size());
      otherCustomers.add(customer(region.toLowerCase(Locale.ROOT), region, i));
    }
  }

  private static Customer customer(String prefix, String region, int i) {
    int kind = i % KINDS.length;
    return new Customer(
        String.format("%s-%s-%03d", prefix, KINDS[kind], i + 1), region, KIND_UNITS[kind]);
  }

  private void queueSetup(Instant now) {
    setup.add(chinaPolicy(ImportStatus.PENDING, now));
    for (Customer customer : cnCustomers) {
      // Most Chinese customers hold a license at the start; the others wait for one.
      if (random.nextDouble() < 0.7) {
        setup.add(license(customer, LicenseStatus.ACTIVE, now));
      }
    }
    for (Product product : PRODUCTS) {
      for (int m = 0; m < settings.periods(); m++) {
        String period = settings.firstPeriod().plusMonths(m).toString();
        setup.add(supply(product.sku(), period, product.monthlyUnits(), now));
      }
    }
  }

  /**
   * The shipped default CN policy (SPEC §2: license required, 25 % revenue share) with a status.
   */
  static RegionPolicy chinaPolicy(ImportStatus importStatus, Instant eventTime) {
    return RegionPolicy.newBuilder()
        .setRegion("CN")
        .setLicenseRequired(true)
        .setImportStatus(importStatus)
        .setRevenueShareRate(new BigDecimal("0.2500"))
        .setEventTime(eventTime)
        .build();
  }

  private Order place(Instant now) {
    Customer customer = pickCustomer();
    Product product = PRODUCTS.get(random.nextDouble() < 0.7 ? 0 : 1);
    Order order =
        Order.newBuilder()
            .setOrderId(String.format("SIM-%08d", ++orders))
            .setRevision(1)
            .setCustomerId(customer.id())
            .setRegion(customer.region())
            .setProduct(product.sku())
            .setQuantity(roundToTen(customer.typicalUnits() * (0.5 + random.nextDouble())))
            .setUnitPrice(product.unitPrice())
            .setRequestedDate(randomDate())
            .setStatus(OrderStatus.PLACED)
            .setEventTime(now)
            .setSource(ERP)
            .build();
    openOrders.add(order);
    return order;
  }

  private Order amend(Instant now) {
    int index = random.nextInt(openOrders.size());
    Order previous = openOrders.get(index);
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
    openOrders.set(index, order);
    return order;
  }

  private Order cancel(Instant now) {
    Order previous = removeOpenOrder(random.nextInt(openOrders.size()));
    return Order.newBuilder(previous)
        .setRevision(previous.getRevision() + 1)
        .setStatus(OrderStatus.CANCELLED)
        .setEventTime(now)
        .build();
  }

  private AllocationRequest request(Instant now) {
    Order order = openOrders.get(random.nextInt(openOrders.size()));
    String allocationId = String.format("SIM-A-%08d", ++allocations);
    requestedAllocations.add(new Requested(allocationId, order.getOrderId()));
    int units = roundToTen(order.getQuantity() * (0.2 + 0.8 * random.nextDouble()));
    return allocation(allocationId, order.getOrderId(), units, AllocationAction.REQUEST, now);
  }

  private AllocationRequest release(Instant now) {
    Requested requested = requestedAllocations.remove(random.nextInt(requestedAllocations.size()));
    // Named as SPEC §2 has it: the order of the request, so the release follows its request
    // through the order book (SPEC §5).
    return allocation(
        requested.allocationId(), requested.orderId(), 0, AllocationAction.RELEASE, now);
  }

  private Supply updateSupply(Instant now) {
    Product product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
    String period =
        settings.firstPeriod().plusMonths(random.nextInt(settings.periods())).toString();
    long current = supplyUnits.getOrDefault(product.sku() + period, product.monthlyUnits());
    // Output mostly grows as production ramps; now and then a yield problem cuts it.
    double factor =
        random.nextDouble() < 0.2
            ? 0.8 + 0.15 * random.nextDouble()
            : 1.02 + 0.1 * random.nextDouble();
    long units = Math.max(0, Math.round(current * factor / 100.0) * 100);
    return supply(product.sku(), period, units, now);
  }

  private ExportLicense changeLicense(Instant now) {
    Customer customer = cnCustomers.get(random.nextInt(cnCustomers.size()));
    LicenseStatus current = licenses.get(customer.id());
    LicenseStatus next;
    if (current != LicenseStatus.ACTIVE) {
      next = LicenseStatus.ACTIVE; // a grant, or reinstatement
    } else {
      next = random.nextDouble() < 0.7 ? LicenseStatus.SUSPENDED : LicenseStatus.REVOKED;
    }
    return license(customer, next, now);
  }

  private ExportLicense license(Customer customer, LicenseStatus status, Instant now) {
    licenses.put(customer.id(), status);
    ExportLicense.Builder license =
        ExportLicense.newBuilder()
            .setLicenseId(String.format("SIM-L-%06d", ++licenseIds))
            .setCustomerId(customer.id())
            .setRegion(customer.region())
            .setProducts(List.of())
            .setMaxUnits(null)
            .setValidUntil(null)
            .setStatus(status)
            .setEventTime(now);
    double shape = random.nextDouble();
    if (shape < 0.3) {
      license.setProducts(List.of(PRODUCTS.get(0).sku()));
    }
    if (shape > 0.6) {
      license.setMaxUnits((long) customer.typicalUnits() * (5 + random.nextInt(20)));
    }
    if (random.nextDouble() < 0.3) {
      YearMonth last = settings.firstPeriod().plusMonths(random.nextInt(settings.periods()));
      license.setValidUntil(last.atEndOfMonth());
    }
    return license.build();
  }

  private Supply supply(String sku, String period, long units, Instant now) {
    supplyUnits.put(sku + period, units);
    return Supply.newBuilder()
        .setProduct(sku)
        .setPeriod(period)
        .setUnits(units)
        .setEventTime(now)
        .setSource(PLANNING)
        .build();
  }

  private static AllocationRequest allocation(
      String allocationId, String orderId, int units, AllocationAction action, Instant now) {
    return AllocationRequest.newBuilder()
        .setAllocationId(allocationId)
        .setOrderId(orderId)
        .setQuantity(units)
        .setAction(action)
        .setEventTime(now)
        .setSource(ERP)
        .build();
  }

  private Order removeOpenOrder(int index) {
    // Swap-remove keeps removal O(1) on long runs.
    Order removed = openOrders.get(index);
    Order last = openOrders.remove(openOrders.size() - 1);
    if (index < openOrders.size()) {
      openOrders.set(index, last);
    }
    return removed;
  }

  /** Chinese demand surges: its share of new orders grows from 25 % towards 65 %. */
  private Customer pickCustomer() {
    double chinaShare = 0.25 + Math.min(0.40, orders / 5000.0);
    double roll = random.nextDouble();
    if (roll < chinaShare) {
      return cnCustomers.get(random.nextInt(cnCustomers.size()));
    }
    if (roll < chinaShare + 0.1) {
      return otherCustomers.get(random.nextInt(otherCustomers.size()));
    }
    return usCustomers.get(random.nextInt(usCustomers.size()));
  }

  private LocalDate randomDate() {
    YearMonth month = settings.firstPeriod().plusMonths(random.nextInt(settings.periods()));
    return month.atDay(1 + random.nextInt(month.lengthOfMonth()));
  }

  private static int roundToTen(double units) {
    return Math.max(10, (int) Math.round(units / 10.0) * 10);
  }
}
