package io.demandflow.domain.allocation;

import static io.demandflow.domain.allocation.LedgerFixture.H200;
import static io.demandflow.domain.allocation.LedgerFixture.PERIOD;
import static io.demandflow.events.AllocationReason.IMPORT_NOT_APPROVED;
import static io.demandflow.events.AllocationReason.LICENSE_CAP;
import static io.demandflow.events.AllocationReason.ORDER_CHANGED;
import static io.demandflow.events.AllocationReason.UNKNOWN_ORDER;
import static io.demandflow.events.AllocationReason.US_DEMAND_RESERVED;
import static io.demandflow.events.AllocationReason.US_PRIORITY_PREEMPTION;
import static io.demandflow.events.AllocationStatus.GRANTED;
import static io.demandflow.events.AllocationStatus.PARTIAL;
import static io.demandflow.events.AllocationStatus.REJECTED;
import static io.demandflow.events.AllocationStatus.RELEASED;
import static io.demandflow.events.AllocationStatus.REVOKED;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.RevenueShare;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The ledger's behaviour over sequences of inputs (SPEC R4, R5, R6). */
class AllocationLedgerTest {

  private static void assertDecision(
      AllocationDecision decision, AllocationStatus status, AllocationReason reason, int granted) {
    assertThat(decision.getStatus()).isEqualTo(status);
    assertThat(decision.getReason()).isEqualTo(reason);
    assertThat(decision.getGrantedUnits()).isEqualTo(granted);
  }

  @Test
  void shouldCutANonUsRequestByTheUsReservation() {
    // Given S=1000, open US demand 900, a licensed CN customer
    LedgerFixture f = new LedgerFixture().chinaApproved().license("cn-1", "CN", null).supply(1000);
    f.order("us-o", "us-1", "US", 900).order("cn-o", "cn-1", "CN", 300);

    // When the CN customer asks for 300
    f.request("a-cn", "cn-o", 300);

    // Then only what US demand does not need is granted
    AllocationDecision decision = f.latest("a-cn");
    assertDecision(decision, PARTIAL, US_DEMAND_RESERVED, 100);
    assertThat(decision.getSupplyUnits()).isEqualTo(1000);
    assertThat(decision.getUsDemandUnits()).isEqualTo(900);
    assertThat(decision.getNonUsGrantedUnits()).isEqualTo(100);
    assertThat(decision.getRegion()).isEqualTo("CN");
    assertThat(decision.getPeriod()).isEqualTo(PERIOD);
  }

  @Test
  void shouldRevokeChinaGrantsMostRecentFirstWhenUsDemandRises() {
    // Given two CN grants of 200 each with no US demand yet
    LedgerFixture f = new LedgerFixture().chinaApproved().license("cn-1", "CN", null).supply(1000);
    f.order("cn-o", "cn-1", "CN", 400);
    f.request("a-1", "cn-o", 200);
    f.request("a-2", "cn-o", 200);
    assertThat(f.totals().getNonUsGrantedUnits()).isEqualTo(400);

    // When US demand rises to 750: S − G_X must be ≥ 750, so 150 units go back
    f.order("us-o", "us-1", "US", 750);

    // Then the most recent grant is cut first, in part
    assertDecision(f.latest("a-2"), PARTIAL, US_PRIORITY_PREEMPTION, 50);
    assertDecision(f.latest("a-1"), GRANTED, null, 200);
    assertThat(f.totals().getNonUsGrantedUnits()).isEqualTo(250);

    // And when it rises further to 1000, both are revoked in full, most recent first
    f.order("us-o2", "us-2", "US", 250);
    assertDecision(f.latest("a-2"), REVOKED, US_PRIORITY_PREEMPTION, 0);
    assertDecision(f.latest("a-1"), REVOKED, US_PRIORITY_PREEMPTION, 0);
    assertThat(f.totals().getNonUsGrantedUnits()).isZero();
  }

  @Test
  void shouldPreemptWhenSupplyFalls() {
    LedgerFixture f = new LedgerFixture().chinaApproved().license("cn-1", "CN", null).supply(1000);
    f.order("us-o", "us-1", "US", 500).order("cn-o", "cn-1", "CN", 500);
    f.request("a-cn", "cn-o", 500);
    assertDecision(f.latest("a-cn"), GRANTED, null, 500);

    // When supply falls to 800: US needs 500, so only 300 may stay with CN
    f.supply(800);

    assertDecision(f.latest("a-cn"), PARTIAL, US_PRIORITY_PREEMPTION, 300);
    assertThat(f.latest("a-cn").getSupplyUnits()).isEqualTo(800);
  }

  @Test
  void shouldNotPreemptWhenPreemptionIsSwitchedOff() {
    LedgerFixture f =
        new LedgerFixture(new AllocationSettings("US", false))
            .chinaApproved()
            .license("cn-1", "CN", null)
            .supply(1000);
    f.order("cn-o", "cn-1", "CN", 500);
    f.request("a-cn", "cn-o", 500);

    f.order("us-o", "us-1", "US", 900);

    assertDecision(f.latest("a-cn"), GRANTED, null, 500);
  }

  @Test
  void shouldReleaseGrantsWhenTheOrderIsCancelled() {
    LedgerFixture f = new LedgerFixture().supply(1000);
    f.order("o-1", "us-1", "US", 100);
    f.request("a-1", "o-1", 60);
    f.request("a-2", "o-1", 40);

    f.cancel("o-1");

    assertDecision(f.latest("a-1"), RELEASED, ORDER_CHANGED, 0);
    assertDecision(f.latest("a-2"), RELEASED, ORDER_CHANGED, 0);
    assertThat(f.latest("a-2").getChangedUnits()).isEqualTo(-40);
    assertThat(f.totals().getUsGrantedUnits()).isZero();
    assertThat(f.totals().getUsDemandUnits()).isZero();
  }

  @Test
  void shouldCutBackMostRecentFirstWhenTheQuantityDrops() {
    LedgerFixture f = new LedgerFixture().supply(1000);
    f.order("o-1", "us-1", "US", 100);
    f.request("a-1", "o-1", 60);
    f.request("a-2", "o-1", 40);

    // When the order drops to 50: 50 units too many, the later grant goes first
    f.order("o-1", "us-1", "US", 50);

    assertDecision(f.latest("a-2"), RELEASED, ORDER_CHANGED, 0);
    assertDecision(f.latest("a-1"), PARTIAL, ORDER_CHANGED, 50);
    assertThat(f.totals().getUsGrantedUnits()).isEqualTo(50);
  }

  @Test
  void shouldReleaseThenPreemptWhenAnOrderMovesToTheUs() {
    // Given CN grants of two orders
    LedgerFixture f = new LedgerFixture().chinaApproved().license("cn-1", "CN", null).supply(100);
    f.order("o-move", "cn-1", "CN", 60).order("o-stay", "cn-1", "CN", 40);
    f.request("a-move", "o-move", 60);
    f.request("a-stay", "o-stay", 40);

    // When o-move becomes a US order of 80
    f.order("o-move", "us-1", "US", 80);

    // Then its own grant is released first, then R5 revokes from the other CN grant
    int releaseIndex = f.decisions.indexOf(f.latest("a-move"));
    int revokeIndex = f.decisions.indexOf(f.latest("a-stay"));
    assertThat(releaseIndex).isLessThan(revokeIndex);
    assertDecision(f.latest("a-move"), RELEASED, ORDER_CHANGED, 0);
    assertDecision(f.latest("a-stay"), PARTIAL, US_PRIORITY_PREEMPTION, 20);
    assertThat(f.totals().getUsDemandUnits()).isEqualTo(80);
  }

  @Test
  void shouldReleaseAGrantAndIgnoreAReleaseOfNothing() {
    LedgerFixture f = new LedgerFixture().supply(1000);
    f.order("o-1", "us-1", "US", 100);
    f.request("a-1", "o-1", 100);

    AllocationLedger.Effects release = f.release("a-1");
    assertThat(release.decisions()).hasSize(1);
    assertDecision(f.latest("a-1"), RELEASED, null, 0);

    assertThat(f.release("a-1").decisions()).isEmpty();
    assertThat(f.release("never-requested").decisions()).isEmpty();
    assertThat(f.totals().getUsGrantedUnits()).isZero();
  }

  @Test
  void shouldChangeNothingWhenARequestIsADuplicate() {
    LedgerFixture f = new LedgerFixture().supply(1000);
    f.order("o-1", "us-1", "US", 100);
    f.request("a-1", "o-1", 10);

    AllocationLedger.Effects again = f.request("a-1", "o-1", 90);

    assertThat(again.duplicateRequest()).isTrue();
    assertThat(again.decisions()).isEmpty();
    assertThat(f.totals().getUsGrantedUnits()).isEqualTo(10);
  }

  @Test
  void shouldRejectUnknownAndCancelledOrders() {
    LedgerFixture f = new LedgerFixture().supply(1000);
    f.request("a-1", "nope", 10);
    f.order("o-1", "us-1", "US", 100).cancel("o-1");
    f.request("a-2", "o-1", 10);

    assertDecision(f.latest("a-1"), REJECTED, UNKNOWN_ORDER, 0);
    assertDecision(f.latest("a-2"), REJECTED, UNKNOWN_ORDER, 0);
  }

  @Test
  void shouldEnforceTheLicenseCapAcrossProductsItCovers() {
    // Given a cap of 150 on all products, and 100 already granted for another period
    LedgerFixture f = new LedgerFixture().chinaApproved().license("cn-1", "CN", 150L).supply(1000);
    f.supply(H200, "2026-04", 1000);
    f.order("o-apr", "cn-1", "CN", 100, OrderStatus.PLACED, LocalDate.of(2026, 4, 2));
    f.request("a-apr", "o-apr", 100);
    f.order("o-mar", "cn-1", "CN", 100);

    // When March asks for 100
    f.request("a-mar", "o-mar", 100);

    // Then only 50 fit under the cap
    assertDecision(f.latest("a-mar"), PARTIAL, LICENSE_CAP, 50);
    f.request("a-mar-2", "o-mar", 10);
    assertDecision(f.latest("a-mar-2"), REJECTED, LICENSE_CAP, 0);
  }

  @Test
  void shouldGrantOnlyAfterImportApprovalWhenItWasPending() {
    LedgerFixture f =
        new LedgerFixture()
            .policy("CN", true, ImportStatus.PENDING, "0.2500")
            .license("cn-1", "CN", null)
            .supply(1000);
    f.order("cn-o", "cn-1", "CN", 100);
    f.request("a-1", "cn-o", 100);
    assertDecision(f.latest("a-1"), REJECTED, IMPORT_NOT_APPROVED, 0);

    f.chinaApproved();
    f.request("a-2", "cn-o", 100);
    assertDecision(f.latest("a-2"), GRANTED, null, 100);
  }

  @Test
  void shouldAccrueAndReverseTheRevenueShareAtTheGrantsOwnPriceAndRate() {
    LedgerFixture f = new LedgerFixture().chinaApproved().license("cn-1", "CN", null).supply(1000);
    f.order("cn-o", "cn-1", "CN", 100);
    AllocationLedger.Effects grant = f.request("a-1", "cn-o", 100);

    // 100 × 30000.00 × 0.25 = 750000.00
    RevenueShare accrued = grant.revenueShares().get(0);
    assertThat(accrued.getRegion()).isEqualTo("CN");
    assertThat(accrued.getQuarter()).isEqualTo("2026-Q1");
    assertThat(accrued.getGrantedUnits()).isEqualTo(100);
    assertThat(accrued.getGrossValue()).isEqualByComparingTo("3000000.00");
    assertThat(accrued.getShareAmount()).isEqualByComparingTo("750000.00");

    // The rate changing later does not change what a release reverses
    f.policy("CN", true, ImportStatus.APPROVED, "0.1000");
    AllocationLedger.Effects release = f.release("a-1");
    RevenueShare reversed = release.revenueShares().get(0);
    assertThat(reversed.getGrantedUnits()).isZero();
    assertThat(reversed.getShareAmount()).isEqualByComparingTo("0.00");
    assertThat(reversed.getGrossValue()).isEqualByComparingTo("0.00");
  }

  @Test
  void shouldRoundEachAccrualAndReversalHalfEvenToCents() {
    // A price of 0.10 at 0.2500: 1 unit = 0.025 -> 0.02 (half-even); 3 units = 0.075 -> 0.08
    assertThat(
            RevenueShares.share(
                1, new java.math.BigDecimal("0.10"), new java.math.BigDecimal("0.2500")))
        .isEqualByComparingTo("0.02");
    assertThat(
            RevenueShares.share(
                3, new java.math.BigDecimal("0.10"), new java.math.BigDecimal("0.2500")))
        .isEqualByComparingTo("0.08");
    assertThat(RevenueShares.quarterOf("2026-12")).isEqualTo("2026-Q4");
    assertThat(RevenueShares.quarterOf("2026-04")).isEqualTo("2026-Q2");
  }

  @Test
  void shouldAccrueNothingForRegionsWithoutARevenueShare() {
    LedgerFixture f = new LedgerFixture().supply(1000);
    f.order("o-1", "us-1", "US", 100);
    assertThat(f.request("a-1", "o-1", 100).revenueShares()).isEmpty();
  }
}
