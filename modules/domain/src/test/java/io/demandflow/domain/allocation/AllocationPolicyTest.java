package io.demandflow.domain.allocation;

import static io.demandflow.events.AllocationReason.EXCEEDS_ORDER;
import static io.demandflow.events.AllocationReason.IMPORT_NOT_APPROVED;
import static io.demandflow.events.AllocationReason.INSUFFICIENT_SUPPLY;
import static io.demandflow.events.AllocationReason.LICENSE_CAP;
import static io.demandflow.events.AllocationReason.NO_EXPORT_LICENSE;
import static io.demandflow.events.AllocationReason.UNKNOWN_ORDER;
import static io.demandflow.events.AllocationReason.US_DEMAND_RESERVED;
import static io.demandflow.events.AllocationStatus.GRANTED;
import static io.demandflow.events.AllocationStatus.PARTIAL;
import static io.demandflow.events.AllocationStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.domain.allocation.AllocationPolicy.Outcome;
import io.demandflow.domain.allocation.AllocationPolicy.Request;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ImportStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every status and reason of SPEC R4 step by step, with partial grants and ties. */
class AllocationPolicyTest {

  /** A request builder: a licensed CN order of 100 with ample supply, nothing granted yet. */
  private static final class R {
    boolean orderOpen = true;
    boolean licenseRequired = true;
    boolean licenseQualifies = true;
    ImportStatus importStatus = ImportStatus.APPROVED;
    int requested = 100;
    int orderQuantity = 100;
    long grantedToOrder = 0;
    Long cap = null;
    long underLicense = 0;
    boolean priority = false;
    long supply = 1000;
    long usDemand = 0;
    long usGranted = 0;
    long nonUsGranted = 0;

    Outcome decide() {
      return AllocationPolicy.decide(
          new Request(
              orderOpen,
              licenseRequired,
              licenseQualifies,
              importStatus,
              requested,
              orderQuantity,
              grantedToOrder,
              cap,
              underLicense,
              priority,
              supply,
              usDemand,
              usGranted,
              nonUsGranted));
    }
  }

  private static void assertOutcome(
      Outcome outcome, int granted, AllocationStatus status, AllocationReason reason) {
    assertThat(outcome).isEqualTo(new Outcome(granted, status, reason));
  }

  @Test
  void shouldGrantInFullWithoutReasonWhenNothingCuts() {
    assertOutcome(new R().decide(), 100, GRANTED, null);
  }

  @Nested
  class Rejections {
    @Test
    void shouldRejectUnknownOrderBeforeAnyOtherCheck() {
      R r = new R();
      r.orderOpen = false;
      r.licenseQualifies = false;
      r.importStatus = ImportStatus.DENIED;
      assertOutcome(r.decide(), 0, REJECTED, UNKNOWN_ORDER);
    }

    @Test
    void shouldRejectWithoutLicenseBeforeImportCheckWhenALicenseIsRequired() {
      R r = new R();
      r.licenseQualifies = false;
      r.importStatus = ImportStatus.PENDING;
      assertOutcome(r.decide(), 0, REJECTED, NO_EXPORT_LICENSE);
    }

    @Test
    void shouldIgnoreTheLicenseWhenTheRegionDoesNotRequireOne() {
      R r = new R();
      r.licenseRequired = false;
      r.licenseQualifies = false;
      assertOutcome(r.decide(), 100, GRANTED, null);
    }

    @ParameterizedTest
    @EnumSource(
        value = ImportStatus.class,
        names = {"PENDING", "DENIED"})
    void shouldRejectWhenImportIsNotApproved(ImportStatus status) {
      R r = new R();
      r.importStatus = status;
      assertOutcome(r.decide(), 0, REJECTED, IMPORT_NOT_APPROVED);
    }

    @Test
    void shouldAllowConditionalImport() {
      R r = new R();
      r.importStatus = ImportStatus.CONDITIONAL;
      assertOutcome(r.decide(), 100, GRANTED, null);
    }

    @Test
    void shouldRejectWithExceedsOrderWhenTheOrderIsFullyGranted() {
      R r = new R();
      r.grantedToOrder = 100;
      assertOutcome(r.decide(), 0, REJECTED, EXCEEDS_ORDER);
    }

    @Test
    void shouldRejectWithLicenseCapWhenTheCapIsUsedUp() {
      R r = new R();
      r.cap = 500L;
      r.underLicense = 500;
      assertOutcome(r.decide(), 0, REJECTED, LICENSE_CAP);
    }

    @Test
    void shouldRejectWithUsDemandReservedWhenUsDemandTakesAllSupply() {
      R r = new R();
      r.usDemand = 1000;
      assertOutcome(r.decide(), 0, REJECTED, US_DEMAND_RESERVED);
    }

    @Test
    void shouldRejectWithInsufficientSupplyWhenNothingIsLeftAnyway() {
      R r = new R();
      r.supply = 300;
      r.usDemand = 300;
      r.usGranted = 300;
      assertOutcome(r.decide(), 0, REJECTED, INSUFFICIENT_SUPPLY);
    }
  }

  @Nested
  class PartialGrants {
    @Test
    void shouldCutToWhatIsLeftOnTheOrder() {
      R r = new R();
      r.grantedToOrder = 30;
      assertOutcome(r.decide(), 70, PARTIAL, EXCEEDS_ORDER);
    }

    @Test
    void shouldCutToWhatIsLeftUnderTheCap() {
      R r = new R();
      r.cap = 500L;
      r.underLicense = 460;
      assertOutcome(r.decide(), 40, PARTIAL, LICENSE_CAP);
    }

    @Test
    void shouldCutByUsReservationWhenOpenUsDemandNeedsTheSupply() {
      // S=1000, D_US=950: without the reservation 100 would be granted, with it only 50.
      R r = new R();
      r.usDemand = 950;
      assertOutcome(r.decide(), 50, PARTIAL, US_DEMAND_RESERVED);
    }

    @Test
    void shouldReserveUsGrantsWhenTheyExceedUsDemand() {
      // max(D_US, G_US): 980 already granted to US although open US demand is 900.
      R r = new R();
      r.usDemand = 900;
      r.usGranted = 980;
      assertOutcome(r.decide(), 20, PARTIAL, INSUFFICIENT_SUPPLY);
    }

    @Test
    void shouldCutByInsufficientSupplyWhenSupplyIsShortWithoutReservation() {
      R r = new R();
      r.supply = 60;
      assertOutcome(r.decide(), 60, PARTIAL, INSUFFICIENT_SUPPLY);
    }

    @Test
    void shouldGiveUsRequestsAllFreeSupplyWithoutReservation() {
      R r = new R();
      r.priority = true;
      r.licenseRequired = false;
      r.usDemand = 5000;
      r.supply = 1000;
      r.nonUsGranted = 930;
      assertOutcome(r.decide(), 70, PARTIAL, INSUFFICIENT_SUPPLY);
    }

    @Test
    void shouldNeverGrantNegativeWhenGrantsAlreadyExceedSupply() {
      R r = new R();
      r.supply = 100;
      r.nonUsGranted = 150;
      assertOutcome(r.decide(), 0, REJECTED, INSUFFICIENT_SUPPLY);
    }
  }

  @Nested
  class ReasonOfTheFinalAmount {
    @ParameterizedTest(name = "order left {0}, cap left {1}, supply {2} -> {3} {4}")
    @CsvSource({
      // The earlier check keeps the reason on a tie
      "80, 80, 1000, 80, EXCEEDS_ORDER",
      "80, 90, 80, 80, EXCEEDS_ORDER",
      "90, 80, 80, 80, LICENSE_CAP",
      // A later, smaller cut takes the reason
      "80, 60, 1000, 60, LICENSE_CAP",
      "80, 60, 50, 50, INSUFFICIENT_SUPPLY",
      "100, 100, 40, 40, INSUFFICIENT_SUPPLY"
    })
    void shouldNameTheCheckThatSetTheFinalAmount(
        int orderLeft, int capLeft, long supply, int granted, AllocationReason reason) {
      R r = new R();
      r.grantedToOrder = 100 - orderLeft;
      r.cap = 1000L;
      r.underLicense = 1000 - capLeft;
      r.supply = supply;
      Outcome outcome = r.decide();
      assertThat(outcome.grantedUnits()).isEqualTo(granted);
      assertThat(outcome.status()).isEqualTo(PARTIAL);
      assertThat(outcome.reason()).isEqualTo(reason);
    }

    @Test
    void shouldKeepTheEarlierReasonWhenReservationCutsExactlyToTheSameAmount() {
      // Order leaves 50; supply after reservation also leaves exactly 50.
      R r = new R();
      r.grantedToOrder = 50;
      r.usDemand = 950;
      assertOutcome(r.decide(), 50, PARTIAL, EXCEEDS_ORDER);
    }

    @Test
    void shouldNameUsReservationWhenItCutsBelowAnEarlierCut() {
      R r = new R();
      r.grantedToOrder = 50;
      r.usDemand = 970;
      assertOutcome(r.decide(), 30, PARTIAL, US_DEMAND_RESERVED);
    }
  }
}
