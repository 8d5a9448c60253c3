package io.demandflow.domain.allocation;

import io.demandflow.domain.Eligibility;
import io.demandflow.domain.Orders;
import io.demandflow.domain.Periods;
import io.demandflow.domain.RegionPolicies;
import io.demandflow.events.AllocationAction;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The US-first allocation ledger (SPEC R4, R5, R6): decides allocation requests, releases and cuts
 * grants when orders change, preempts non-US grants when US demand needs the supply, and keeps the
 * revenue share owed. All state lives in a {@link LedgerState}; each method handles one input and
 * returns what it changed, in order.
 *
 * <p>Invariants after every call, with preemption on: G_X ≤ max(0, S − min(D_US, S)) for every
 * product and period; an order's active grants never exceed its quantity; a customer's grants under
 * a capped license never exceed the cap (caps are checked when granting; a cap lowered later does
 * not revoke, like any license change: SPEC R2).
 */
public final class AllocationLedger {

  /**
   * What one input changed.
   *
   * @param decisions decisions in the order they were taken
   * @param revenueShares the new totals of every region and quarter that changed
   * @param duplicateRequest the input was a REQUEST for an allocation that already had a decision
   */
  public record Effects(
      List<AllocationDecision> decisions,
      List<RevenueShare> revenueShares,
      boolean duplicateRequest) {

    static final Effects NONE = new Effects(List.of(), List.of(), false);
    static final Effects DUPLICATE = new Effects(List.of(), List.of(), true);
  }

  private static final BigDecimal NO_PRICE = BigDecimal.ZERO.setScale(2);
  private static final BigDecimal NO_RATE = BigDecimal.ZERO.setScale(RegionPolicies.RATE_SCALE);

  private final LedgerState state;
  private final AllocationSettings settings;

  public AllocationLedger(LedgerState state, AllocationSettings settings) {
    this.state = Objects.requireNonNull(state);
    this.settings = Objects.requireNonNull(settings);
  }

  /**
   * An allocation REQUEST or RELEASE.
   *
   * @param order the latest revision of the order the request names, as known where the request
   *     passed before reaching the ledger (cancelled ones included), or null when that order is
   *     unknown; a REQUEST is decided against it (SPEC R4), a RELEASE ignores it
   */
  public Effects onRequest(AllocationRequest request, Order order) {
    Run run = new Run(request.getEventTime());
    if (request.getAction() == AllocationAction.RELEASE) {
      LedgerAllocation allocation = state.allocation(request.getAllocationId());
      if (allocation == null || allocation.getGrantedUnits() == 0) {
        return Effects.NONE;
      }
      change(run, allocation, 0, AllocationStatus.RELEASED, null);
      return run.effects();
    }
    if (state.allocation(request.getAllocationId()) != null) {
      return Effects.DUPLICATE;
    }
    decide(run, request, order);
    return run.effects();
  }

  /**
   * An accepted revision of an order (SPEC R1) as it concerns the order's own grants: released when
   * the order is cancelled or moves to another customer, region, product or period, cut back (most
   * recent first) when its quantity drops below them (SPEC R4). Changes of US demand arrive
   * separately ({@link #onUsDemand}); an order moving to the US is given here first, so that its
   * release comes before R5.
   */
  public Effects onOrder(Order order) {
    Run run = new Run(order.getEventTime());
    List<LedgerAllocation> grants = state.activeGrantsOfOrder(order.getOrderId());
    if (!grants.isEmpty()) {
      LedgerAllocation any = grants.get(0);
      boolean moved =
          !Orders.isOpen(order)
              || !Objects.equals(any.getCustomerId(), order.getCustomerId())
              || !Objects.equals(any.getRegion(), order.getRegion())
              || !Objects.equals(any.getProduct(), order.getProduct())
              || !Objects.equals(any.getPeriod(), Periods.of(order.getRequestedDate()));
      long excess =
          moved
              ? Long.MAX_VALUE
              : grants.stream().mapToLong(LedgerAllocation::getGrantedUnits).sum()
                  - order.getQuantity();
      for (LedgerAllocation grant : grants) {
        if (excess <= 0) {
          break;
        }
        int cut = (int) Math.min(grant.getGrantedUnits(), excess);
        int left = grant.getGrantedUnits() - cut;
        change(
            run,
            grant,
            left,
            left == 0 ? AllocationStatus.RELEASED : AllocationStatus.PARTIAL,
            AllocationReason.ORDER_CHANGED);
        excess -= cut;
      }
    }
    return run.effects();
  }

  /**
   * Open US demand (D_US) of a product and period changed by {@code units} (an increase or, when
   * negative, a decrease: the sum of the changes of any number of orders, see {@link
   * UsDemandChanges}); R5 where it rose. Applying several changes at once revokes the same grants
   * by the same units as applying them one by one (most recent first either way), in fewer steps.
   */
  public Effects onUsDemand(String product, String period, long units, Instant eventTime) {
    Run run = new Run(eventTime);
    LedgerTotals totals = state.totals(product, period);
    state.putTotals(
        LedgerTotals.newBuilder(totals)
            .setUsDemandUnits(totals.getUsDemandUnits() + units)
            .build());
    preempt(run, product, period);
    return run.effects();
  }

  /** Committed supply of a product and period: the latest replaces the previous (SPEC §2). */
  public Effects onSupply(String product, String period, long units, Instant eventTime) {
    Run run = new Run(eventTime);
    state.putTotals(
        LedgerTotals.newBuilder(state.totals(product, period)).setSupplyUnits(units).build());
    preempt(run, product, period);
    return run.effects();
  }

  /** A license changed (null: deleted). Only later requests see it (SPEC R2). */
  public void onLicense(String customerId, String region, ExportLicense license) {
    if (license == null) {
      state.deleteLicense(customerId, region);
    } else {
      state.putLicense(customerId, region, license);
    }
  }

  /** A region policy changed (null: deleted). Only later requests see it (SPEC R2). */
  public void onPolicy(String region, RegionPolicy policy) {
    if (policy == null) {
      state.deletePolicy(region);
    } else {
      state.putPolicy(region, policy);
    }
  }

  private void decide(Run run, AllocationRequest request, Order order) {
    boolean open =
        order != null && order.getOrderId().equals(request.getOrderId()) && Orders.isOpen(order);
    if (!open) {
      LedgerAllocation rejected =
          new LedgerAllocation(
              request.getAllocationId(),
              request.getOrderId(),
              null,
              null,
              null,
              null,
              false,
              request.getQuantity(),
              0,
              AllocationStatus.REJECTED,
              AllocationReason.UNKNOWN_ORDER,
              NO_PRICE,
              NO_RATE,
              state.nextSequence());
      state.putAllocation(null, rejected);
      run.decide(rejected, 0, rejected.getGrantSequence(), null);
      return;
    }
    String region = order.getRegion();
    String period = Periods.of(order.getRequestedDate());
    RegionPolicy policy = RegionPolicies.effective(region, state.policy(region));
    ExportLicense license = state.license(order.getCustomerId(), region);
    boolean qualifies = Eligibility.licenseQualifies(license, order);
    Long cap = null;
    long underLicense = 0;
    if (policy.getLicenseRequired() && qualifies && license.getMaxUnits() != null) {
      cap = license.getMaxUnits();
      underLicense =
          state.grantedUnitsOfCustomer(order.getCustomerId(), region).entrySet().stream()
              .filter(held -> covers(license, held.getKey()))
              .mapToLong(Map.Entry::getValue)
              .sum();
    }
    long grantedToOrder =
        state.activeGrantsOfOrder(order.getOrderId()).stream()
            .mapToLong(LedgerAllocation::getGrantedUnits)
            .sum();
    boolean priority = settings.priorityRegion().equals(region);
    LedgerTotals totals = state.totals(order.getProduct(), period);

    AllocationPolicy.Outcome outcome =
        AllocationPolicy.decide(
            new AllocationPolicy.Request(
                true,
                policy.getLicenseRequired(),
                qualifies,
                policy.getImportStatus(),
                request.getQuantity(),
                order.getQuantity(),
                grantedToOrder,
                cap,
                underLicense,
                priority,
                totals.getSupplyUnits(),
                totals.getUsDemandUnits(),
                totals.getUsGrantedUnits(),
                totals.getNonUsGrantedUnits()));

    long sequence = state.nextSequence();
    LedgerAllocation allocation =
        new LedgerAllocation(
            request.getAllocationId(),
            order.getOrderId(),
            order.getCustomerId(),
            region,
            order.getProduct(),
            period,
            priority,
            request.getQuantity(),
            outcome.grantedUnits(),
            outcome.status(),
            outcome.reason(),
            order.getUnitPrice(),
            policy.getRevenueShareRate(),
            sequence);
    state.putAllocation(null, allocation);
    if (outcome.grantedUnits() > 0) {
      addGranted(allocation, outcome.grantedUnits());
      run.accrue(allocation, outcome.grantedUnits());
    }
    run.decide(allocation, outcome.grantedUnits(), sequence, totalsOf(allocation));
  }

  /** Sets an allocation's granted units to {@code granted} (lower) with a status and reason. */
  private void change(
      Run run,
      LedgerAllocation allocation,
      int granted,
      AllocationStatus status,
      AllocationReason reason) {
    int delta = granted - allocation.getGrantedUnits();
    LedgerAllocation changed =
        LedgerAllocation.newBuilder(allocation)
            .setGrantedUnits(granted)
            .setStatus(status)
            .setReason(reason)
            .build();
    state.putAllocation(allocation, changed);
    addGranted(changed, delta);
    run.accrue(changed, delta);
    run.decide(changed, delta, state.nextSequence(), totalsOf(changed));
  }

  /** R5: revoke non-US grants, most recent first, until S − G_X ≥ min(D_US, S). */
  private void preempt(Run run, String product, String period) {
    if (!settings.preemptionEnabled()) {
      return;
    }
    LedgerTotals totals = state.totals(product, period);
    long supply = totals.getSupplyUnits();
    long needed =
        Math.min(totals.getUsDemandUnits(), supply) - (supply - totals.getNonUsGrantedUnits());
    if (needed <= 0) {
      return;
    }
    for (LedgerAllocation grant : state.activeNonPriorityGrants(product, period)) {
      if (needed <= 0) {
        break;
      }
      int cut = (int) Math.min(grant.getGrantedUnits(), needed);
      int left = grant.getGrantedUnits() - cut;
      change(
          run,
          grant,
          left,
          left == 0 ? AllocationStatus.REVOKED : AllocationStatus.PARTIAL,
          AllocationReason.US_PRIORITY_PREEMPTION);
      needed -= cut;
    }
  }

  private void addGranted(LedgerAllocation allocation, long units) {
    LedgerTotals totals = totalsOf(allocation);
    LedgerTotals.Builder changed = LedgerTotals.newBuilder(totals);
    if (allocation.getPriorityRegion()) {
      changed.setUsGrantedUnits(totals.getUsGrantedUnits() + units);
    } else {
      changed.setNonUsGrantedUnits(totals.getNonUsGrantedUnits() + units);
    }
    state.putTotals(changed.build());
  }

  private LedgerTotals totalsOf(LedgerAllocation allocation) {
    return state.totals(allocation.getProduct(), allocation.getPeriod());
  }

  private static boolean covers(ExportLicense license, String product) {
    return license.getProducts().isEmpty() || license.getProducts().contains(product);
  }

  /** The effects of one input as they happen. */
  private final class Run {
    private final Instant eventTime;
    private final List<AllocationDecision> decisions = new ArrayList<>();
    private final Map<String, RevenueShare> shares = new LinkedHashMap<>();

    Run(Instant eventTime) {
      this.eventTime = eventTime;
    }

    /** Accrues (units > 0) or reverses (units < 0) the revenue share of a grant change. */
    void accrue(LedgerAllocation allocation, long units) {
      if (units == 0 || allocation.getRevenueShareRate().signum() <= 0) {
        return;
      }
      String quarter = RevenueShares.quarterOf(allocation.getPeriod());
      RevenueShare total =
          RevenueShares.apply(
              state.revenueShare(allocation.getRegion(), quarter),
              allocation.getRegion(),
              quarter,
              units,
              allocation.getUnitPrice(),
              allocation.getRevenueShareRate());
      state.putRevenueShare(total);
      shares.remove(allocation.getRegion() + "|" + quarter);
      shares.put(allocation.getRegion() + "|" + quarter, total);
    }

    void decide(LedgerAllocation allocation, int changedUnits, long sequence, LedgerTotals after) {
      decisions.add(
          AllocationDecision.newBuilder()
              .setAllocationId(allocation.getAllocationId())
              .setOrderId(allocation.getOrderId())
              .setCustomerId(allocation.getCustomerId())
              .setRegion(allocation.getRegion())
              .setProduct(allocation.getProduct())
              .setPeriod(allocation.getPeriod())
              .setStatus(allocation.getStatus())
              .setReason(allocation.getReason())
              .setRequestedUnits(allocation.getRequestedUnits())
              .setGrantedUnits(allocation.getGrantedUnits())
              .setChangedUnits(changedUnits)
              .setSupplyUnits(after == null ? 0 : after.getSupplyUnits())
              .setUsDemandUnits(after == null ? 0 : after.getUsDemandUnits())
              .setUsGrantedUnits(after == null ? 0 : after.getUsGrantedUnits())
              .setNonUsGrantedUnits(after == null ? 0 : after.getNonUsGrantedUnits())
              .setSequence(sequence)
              .setEventTime(eventTime)
              .build());
    }

    Effects effects() {
      return new Effects(List.copyOf(decisions), List.copyOf(shares.values()), false);
    }
  }
}
