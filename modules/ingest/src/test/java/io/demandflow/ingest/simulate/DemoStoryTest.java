package io.demandflow.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.domain.allocation.AllocationLedger;
import io.demandflow.domain.allocation.AllocationSettings;
import io.demandflow.domain.allocation.InMemoryLedgerState;
import io.demandflow.domain.allocation.UsDemandChanges;
import io.demandflow.domain.validation.EventValidator;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationRequest;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.Order;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.Supply;
import io.demandflow.events.internal.LedgerTotals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The story's events played through the pure allocation ledger (the rules the pipeline runs), step
 * by step: each step ends in the outcome its headline announces.
 */
class DemoStoryTest {

  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final YearMonth PERIOD = YearMonth.of(2027, 7);

  private final DemoStory story =
      new DemoStory(PERIOD, Duration.ofSeconds(60), Duration.ofSeconds(30));
  private final PureLedger ledger = new PureLedger();

  @Test
  void shouldScheduleApprovalCutAndSurgeWhenStepTimesAreGiven() {
    // Given / When
    List<DemoStory.Step> steps = story.steps(START);

    // Then the steps are in time order, every event keeps the R8 rules
    assertThat(steps).extracting(DemoStory.Step::at).isSorted();
    steps.stream()
        .flatMap(step -> step.events().stream())
        .forEach(event -> assertThat(EventValidator.validate(event)).as("%s", event).isEmpty());
    // And the approval arrives when asked, the cut one step later, the surge two
    assertThat(stepAt(steps, "import approval arrived").at()).isEqualTo(Duration.ofSeconds(60));
    assertThat(stepAt(steps, "supply cut").at()).isEqualTo(Duration.ofSeconds(90));
    assertThat(stepAt(steps, "US demand surge").at()).isEqualTo(Duration.ofSeconds(120));
    assertThat(stepAt(steps, "import approval arrived").events())
        .containsExactly(DemoStory.approvedChinaPolicy(START.plusSeconds(60)));
  }

  @Test
  void shouldGrantChinaOnlyAfterApprovalAndPreemptItWhenSupplyFallsOrUsDemandRises() {
    // Given the story's steps, which start from the shipped CN policy: import PENDING
    List<DemoStory.Step> steps = story.steps(START);

    // When the story runs up to the approval
    ledger.play(steps.subList(0, 2));

    // Then the US is granted and China refused for want of import approval
    assertThat(ledger.latest("STORY-A-US-1").getStatus()).isEqualTo(AllocationStatus.GRANTED);
    assertThat(ledger.latest("STORY-A-CN-1-PENDING").getReason())
        .isEqualTo(AllocationReason.IMPORT_NOT_APPROVED);
    assertThat(ledger.totals().getNonUsGrantedUnits()).isZero();

    // When the approval arrives and Chinese customers ask
    ledger.play(steps.subList(2, 6));

    // Then the licensed ones get what US demand leaves, the unlicensed one is refused
    assertThat(ledger.latest("STORY-A-CN-1").getStatus()).isEqualTo(AllocationStatus.GRANTED);
    assertThat(ledger.latest("STORY-A-CN-2").getReason())
        .isEqualTo(AllocationReason.US_DEMAND_RESERVED);
    assertThat(ledger.latest("STORY-A-CN-2").getGrantedUnits()).isEqualTo(6_000);
    assertThat(ledger.latest("STORY-A-CN-3").getReason())
        .isEqualTo(AllocationReason.NO_EXPORT_LICENSE);
    assertThat(ledger.latest("STORY-A-US-2").getStatus()).isEqualTo(AllocationStatus.GRANTED);
    assertThat(ledger.shareOwed()).isEqualByComparingTo("110250000.00");

    // When supply is cut
    ledger.play(steps.subList(6, 7));

    // Then the latest Chinese grant is revoked and US demand stays covered
    assertThat(ledger.latest("STORY-A-CN-2").getStatus()).isEqualTo(AllocationStatus.REVOKED);
    assertThat(ledger.latest("STORY-A-CN-2").getReason())
        .isEqualTo(AllocationReason.US_PRIORITY_PREEMPTION);
    assertThat(ledger.usCovered()).isTrue();

    // When US demand surges and is requested
    ledger.play(steps.subList(7, steps.size()));

    // Then the other Chinese grant is cut back, and every US unit is granted
    assertThat(ledger.latest("STORY-A-CN-1").getStatus()).isEqualTo(AllocationStatus.PARTIAL);
    assertThat(ledger.latest("STORY-A-CN-1").getGrantedUnits()).isEqualTo(2_000);
    assertThat(ledger.latest("STORY-A-US-3").getStatus()).isEqualTo(AllocationStatus.GRANTED);
    assertThat(ledger.totals().getUsGrantedUnits()).isEqualTo(18_000);
    assertThat(ledger.usCovered()).isTrue();
    assertThat(ledger.shareOwed()).isEqualByComparingTo("15750000.00");
  }

  private static DemoStory.Step stepAt(List<DemoStory.Step> steps, String headlinePart) {
    return steps.stream()
        .filter(s -> s.headline().contains(headlinePart))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The ledger fed as the pipeline feeds it: the latest revision of each order with each request,
   * an order's own grants first, then its change of US demand.
   */
  private static final class PureLedger {
    private final InMemoryLedgerState state = new InMemoryLedgerState();
    private final AllocationLedger ledger =
        new AllocationLedger(state, AllocationSettings.DEFAULTS);
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, AllocationDecision> latest = new HashMap<>();
    private final Map<String, RevenueShare> shares = new HashMap<>();

    void play(List<DemoStory.Step> steps) {
      steps.forEach(step -> step.events().forEach(this::apply));
    }

    private void apply(SpecificRecord event) {
      if (event instanceof Order order) {
        Order previous = orders.put(order.getOrderId(), order);
        record(ledger.onOrder(order));
        for (UsDemandChanges.Change change : UsDemandChanges.of(previous, order, "US")) {
          record(
              ledger.onUsDemand(
                  change.product(), change.period(), change.units(), order.getEventTime()));
        }
      } else if (event instanceof AllocationRequest request) {
        record(ledger.onRequest(request, orders.get(request.getOrderId())));
      } else if (event instanceof Supply supply) {
        record(
            ledger.onSupply(
                supply.getProduct(), supply.getPeriod(), supply.getUnits(), supply.getEventTime()));
      } else if (event instanceof ExportLicense license) {
        ledger.onLicense(license.getCustomerId(), license.getRegion(), license);
      } else if (event instanceof RegionPolicy policy) {
        ledger.onPolicy(policy.getRegion(), policy);
      } else {
        throw new IllegalArgumentException("not a story event: " + event);
      }
    }

    private void record(AllocationLedger.Effects effects) {
      effects.decisions().forEach(d -> latest.put(d.getAllocationId(), d));
      effects.revenueShares().forEach(s -> shares.put(s.getRegion() + s.getQuarter(), s));
    }

    AllocationDecision latest(String allocationId) {
      return latest.get(allocationId);
    }

    LedgerTotals totals() {
      return state.totals(DemoStory.STORY_PRODUCT, PERIOD.toString());
    }

    BigDecimal shareOwed() {
      return shares.values().stream()
          .map(RevenueShare::getShareAmount)
          .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** R5's promise: supply not granted to other regions covers open US demand (or all supply). */
    boolean usCovered() {
      LedgerTotals totals = totals();
      long notGrantedAbroad = totals.getSupplyUnits() - totals.getNonUsGrantedUnits();
      return notGrantedAbroad >= Math.min(totals.getUsDemandUnits(), totals.getSupplyUnits());
    }
  }
}
