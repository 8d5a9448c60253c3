package io.demandflow.domain.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.domain.Orders;
import io.demandflow.domain.Periods;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of the ledger over random sequences of orders, amendments, moves, cancellations,
 * requests, releases and supply changes (SPEC R4, R5): after every input, for every product and
 * period, G_X ≤ max(0, S − min(D_US, S)); no order has more granted than its quantity; no customer
 * more than its license cap; the figures equal the sums over the grants.
 */
class AllocationLedgerProperties {

  private static final List<String> CUSTOMERS = List.of("us-1", "us-2", "cn-1", "cn-2", "de-1");
  private static final List<String> ORDER_IDS = List.of("o-1", "o-2", "o-3", "o-4", "o-5", "o-6");
  private static final List<LocalDate> DATES =
      List.of(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 4, 10));

  /** One input of a random sequence. */
  sealed interface Step permits PlaceOrAmend, Cancel, Request, Release, SetSupply {}

  record PlaceOrAmend(String orderId, String customerId, int quantity, LocalDate date)
      implements Step {}

  record Cancel(String orderId) implements Step {}

  record Request(String allocationId, String orderId, int quantity) implements Step {}

  record Release(String allocationId) implements Step {}

  record SetSupply(LocalDate date, long units) implements Step {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<String> orderIds = Arbitraries.of(ORDER_IDS);
    Arbitrary<String> allocationIds = Arbitraries.integers().between(1, 12).map(i -> "a-" + i);
    Arbitrary<LocalDate> dates = Arbitraries.of(DATES);
    Arbitrary<Step> place =
        Combinators.combine(
                orderIds, Arbitraries.of(CUSTOMERS), Arbitraries.integers().between(1, 400), dates)
            .as(PlaceOrAmend::new);
    Arbitrary<Step> cancel = orderIds.map(Cancel::new);
    Arbitrary<Step> request =
        Combinators.combine(allocationIds, orderIds, Arbitraries.integers().between(1, 300))
            .as(Request::new);
    Arbitrary<Step> release = allocationIds.map(Release::new);
    Arbitrary<Step> supply =
        Combinators.combine(dates, Arbitraries.longs().between(0, 1200)).as(SetSupply::new);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, place),
            net.jqwik.api.Tuple.of(1, cancel),
            net.jqwik.api.Tuple.of(5, request),
            net.jqwik.api.Tuple.of(1, release),
            net.jqwik.api.Tuple.of(2, supply))
        .list()
        .ofMinSize(1)
        .ofMaxSize(60);
  }

  @Property(tries = 400)
  void invariantsHoldAfterEveryInput(@ForAll("steps") List<Step> steps) {
    LedgerFixture f = new LedgerFixture().chinaApproved();
    f.license("cn-1", "CN", 250L); // capped, all products
    f.license("cn-2", "CN", null, "H200-SXM-141GB"); // uncapped, H200 only
    for (Step step : steps) {
      apply(f, step);
      assertInvariants(f);
    }
  }

  private static void apply(LedgerFixture f, Step step) {
    if (step instanceof PlaceOrAmend p) {
      Order current = f.latestOrder(p.orderId());
      if (current != null && !Orders.isOpen(current)) {
        return; // a cancelled order stays cancelled in these sequences
      }
      f.order(
          p.orderId(),
          p.customerId(),
          regionOf(p.customerId()),
          p.quantity(),
          OrderStatus.PLACED,
          p.date());
    } else if (step instanceof Cancel c) {
      if (f.latestOrder(c.orderId()) != null) {
        f.cancel(c.orderId());
      }
    } else if (step instanceof Request r) {
      f.request(r.allocationId(), r.orderId(), r.quantity());
    } else if (step instanceof Release r) {
      f.release(r.allocationId());
    } else if (step instanceof SetSupply s) {
      f.supply(LedgerFixture.H200, Periods.of(s.date()), s.units());
    }
  }

  private static String regionOf(String customerId) {
    return customerId.substring(0, 2).toUpperCase(java.util.Locale.ROOT);
  }

  private static void assertInvariants(LedgerFixture f) {
    Map<String, LedgerAllocation> allocations = f.state.allAllocations();
    List<LedgerAllocation> active =
        allocations.values().stream().filter(a -> a.getGrantedUnits() > 0).toList();

    for (LedgerTotals totals : f.state.allTotals().values()) {
      long s = totals.getSupplyUnits();
      long dUs = totals.getUsDemandUnits();
      long gX = totals.getNonUsGrantedUnits();
      // R5: non-US grants never eat into what open US demand needs
      assertThat(gX)
          .as("G_X of %s|%s", totals.getProduct(), totals.getPeriod())
          .isLessThanOrEqualTo(Math.max(0, s - Math.min(dUs, s)));
      // The figures are the sums over the grants and the open US orders
      List<LedgerAllocation> here =
          active.stream()
              .filter(a -> a.getProduct().equals(totals.getProduct()))
              .filter(a -> a.getPeriod().equals(totals.getPeriod()))
              .toList();
      assertThat(
              here.stream()
                  .filter(a -> !a.getPriorityRegion())
                  .mapToLong(a -> a.getGrantedUnits())
                  .sum())
          .isEqualTo(gX);
      assertThat(
              here.stream()
                  .filter(LedgerAllocation::getPriorityRegion)
                  .mapToLong(a -> a.getGrantedUnits())
                  .sum())
          .isEqualTo(totals.getUsGrantedUnits());
      long openUs =
          ORDER_IDS.stream()
              .map(f::latestOrder)
              .filter(o -> o != null && Orders.isOpen(o) && o.getRegion().equals("US"))
              .filter(o -> Periods.of(o.getRequestedDate()).equals(totals.getPeriod()))
              .mapToLong(Order::getQuantity)
              .sum();
      assertThat(dUs).isEqualTo(openUs);
    }

    // No order has more granted than its quantity; cancelled orders have nothing granted
    Map<String, Long> grantedByOrder =
        active.stream()
            .collect(
                Collectors.groupingBy(
                    LedgerAllocation::getOrderId,
                    Collectors.summingLong(LedgerAllocation::getGrantedUnits)));
    grantedByOrder.forEach(
        (orderId, granted) -> {
          Order order = f.latestOrder(orderId);
          assertThat(Orders.isOpen(order)).as("order %s with grants is open", orderId).isTrue();
          assertThat(granted).as("granted to %s", orderId).isLessThanOrEqualTo(order.getQuantity());
        });

    // No customer has more granted under a capped license than its cap
    ExportLicense capped = f.state.license("cn-1", "CN");
    long underCap =
        active.stream()
            .filter(a -> "cn-1".equals(a.getCustomerId()) && "CN".equals(a.getRegion()))
            .mapToLong(LedgerAllocation::getGrantedUnits)
            .sum();
    assertThat(underCap).isLessThanOrEqualTo(capped.getMaxUnits());

    // A US request is never granted with a US_DEMAND_RESERVED cut
    assertThat(f.decisions)
        .noneMatch(
            d ->
                "US".equals(d.getRegion())
                    && d.getReason() == io.demandflow.events.AllocationReason.US_DEMAND_RESERVED);
  }
}
