package io.demandflow.domain.allocation;

import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.internal.LedgerTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ledger over in-memory state with short ways to feed it, for the rule tests. It plays the part
 * of the pipeline's order book: it keeps the latest revision of each order, hands it to the ledger
 * with each request, and gives each order change to the ledger as the pipeline does (the order's
 * own grants first, then the change of US demand).
 */
final class LedgerFixture {

  static final String H200 = "H200-SXM-141GB";
  static final String PERIOD = "2026-03";
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  final InMemoryLedgerState state = new InMemoryLedgerState();
  final AllocationLedger ledger;
  final List<AllocationDecision> decisions = new ArrayList<>();
  private final AllocationSettings settings;
  private final Map<String, Order> orders = new HashMap<>();

  LedgerFixture() {
    this(AllocationSettings.DEFAULTS);
  }

  LedgerFixture(AllocationSettings settings) {
    this.settings = settings;
    ledger = new AllocationLedger(state, settings);
  }

  /** The shipped CN policy with import APPROVED (so that grants are possible). */
  LedgerFixture chinaApproved() {
    return policy("CN", true, ImportStatus.APPROVED, "0.2500");
  }

  LedgerFixture policy(String region, boolean licenseRequired, ImportStatus status, String rate) {
    ledger.onPolicy(
        region, new RegionPolicy(region, licenseRequired, status, new BigDecimal(rate), T));
    return this;
  }

  LedgerFixture license(String customerId, String region, Long maxUnits, String... products) {
    ledger.onLicense(
        customerId,
        region,
        new ExportLicense(
            "L-" + customerId,
            customerId,
            region,
            List.of(products),
            maxUnits,
            null,
            LicenseStatus.ACTIVE,
            T));
    return this;
  }

  LedgerFixture supply(long units) {
    return supply(H200, PERIOD, units);
  }

  LedgerFixture supply(String product, String period, long units) {
    decisions.addAll(ledger.onSupply(product, period, units, T).decisions());
    return this;
  }

  /** Places or amends an order of H200 for March 2026 at 30000.00. */
  LedgerFixture order(String orderId, String customerId, String region, int quantity) {
    return order(
        orderId, customerId, region, quantity, OrderStatus.PLACED, LocalDate.of(2026, 3, 15));
  }

  LedgerFixture order(
      String orderId,
      String customerId,
      String region,
      int quantity,
      OrderStatus status,
      LocalDate requestedDate) {
    Order previous = orders.get(orderId);
    long revision = previous == null ? 1 : previous.getRevision() + 1;
    Order order =
        new Order(
            orderId,
            revision,
            customerId,
            region,
            H200,
            quantity,
            new BigDecimal("30000.00"),
            requestedDate,
            revision == 1 ? status : (status == OrderStatus.PLACED ? OrderStatus.AMENDED : status),
            T,
            "erp");
    orders.put(orderId, order);
    decisions.addAll(ledger.onOrder(order).decisions());
    for (UsDemandChanges.Change change :
        UsDemandChanges.of(previous, order, settings.priorityRegion())) {
      decisions.addAll(
          ledger.onUsDemand(change.product(), change.period(), change.units(), T).decisions());
    }
    return this;
  }

  /** The latest revision of an order, or null. */
  Order latestOrder(String orderId) {
    return orders.get(orderId);
  }

  LedgerFixture cancel(String orderId) {
    Order current = orders.get(orderId);
    return order(
        orderId,
        current.getCustomerId(),
        current.getRegion(),
        current.getQuantity(),
        OrderStatus.CANCELLED,
        current.getRequestedDate());
  }

  AllocationLedger.Effects request(String allocationId, String orderId, int quantity) {
    AllocationLedger.Effects effects =
        ledger.onRequest(
            new AllocationRequest(
                allocationId, orderId, quantity, AllocationAction.REQUEST, T, "erp"),
            orders.get(orderId));
    decisions.addAll(effects.decisions());
    return effects;
  }

  AllocationLedger.Effects release(String allocationId) {
    AllocationLedger.Effects effects =
        ledger.onRequest(
            new AllocationRequest(allocationId, "ignored", 0, AllocationAction.RELEASE, T, "erp"),
            null);
    decisions.addAll(effects.decisions());
    return effects;
  }

  /** The latest decision of an allocation. */
  AllocationDecision latest(String allocationId) {
    AllocationDecision found = null;
    for (AllocationDecision decision : decisions) {
      if (decision.getAllocationId().equals(allocationId)) {
        found = decision;
      }
    }
    return found;
  }

  LedgerTotals totals() {
    return state.totals(H200, PERIOD);
  }
}
