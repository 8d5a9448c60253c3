package io.demandflow.domain.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.demandflow.events.AllocationStatus;
import io.demandflow.events.ExportLicense;
import io.demandflow.events.ImportStatus;
import io.demandflow.events.LicenseStatus;
import io.demandflow.events.RegionPolicy;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LedgerState} must do, whatever it stores in: {@link InMemoryLedgerState} (this
 * module's {@code InMemoryLedgerStateTest}) and the pipeline's RocksDB stores ({@code
 * LedgerStoresTest}) run the same tests, so the rule tests over the in-memory state speak for the
 * pipeline too. Shared through this module's test jar.
 */
public abstract class LedgerStateContract {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String H200 = "H200-SXM-141GB";
  private static final String PERIOD = "2026-03";

  private LedgerState state;

  /** A new, empty state. */
  protected abstract LedgerState newState();

  @BeforeEach
  void createState() {
    state = newState();
  }

  private static ExportLicense license(String customerId, String region) {
    return new ExportLicense(
        "L-" + customerId, customerId, region, List.of(H200), 100L, null, LicenseStatus.ACTIVE, T);
  }

  private static RegionPolicy policy(String region) {
    return new RegionPolicy(region, true, ImportStatus.APPROVED, new BigDecimal("0.2500"), T);
  }

  private static LedgerAllocation.Builder grant(
      String allocationId, String orderId, String customerId, String region, long sequence) {
    return LedgerAllocation.newBuilder()
        .setAllocationId(allocationId)
        .setOrderId(orderId)
        .setCustomerId(customerId)
        .setRegion(region)
        .setProduct(H200)
        .setPeriod(PERIOD)
        .setPriorityRegion("US".equals(region))
        .setRequestedUnits(10)
        .setGrantedUnits(10)
        .setStatus(AllocationStatus.GRANTED)
        .setUnitPrice(new BigDecimal("31500.00"))
        .setRevenueShareRate(new BigDecimal("0.2500"))
        .setGrantSequence(sequence);
  }

  private static List<String> ids(List<LedgerAllocation> allocations) {
    return allocations.stream().map(LedgerAllocation::getAllocationId).toList();
  }

  @Test
  void shouldReturnTheLicenseOfACustomerAndRegionWhenPutAndNothingWhenDeleted() {
    // Given
    ExportLicense license = license("c-1", "CN");

    // When
    state.putLicense("c-1", "CN", license);

    // Then
    assertThat(state.license("c-1", "CN")).isEqualTo(license);
    assertThat(state.license("c-1", "DE")).isNull();
    assertThat(state.license("c-2", "CN")).isNull();
    state.deleteLicense("c-1", "CN");
    assertThat(state.license("c-1", "CN")).isNull();
  }

  @Test
  void shouldReturnTheRegionPolicyWhenPutAndNothingWhenDeleted() {
    // Given / When
    state.putPolicy("CN", policy("CN"));

    // Then
    assertThat(state.policy("CN")).isEqualTo(policy("CN"));
    assertThat(state.policy("DE")).isNull();
    state.deletePolicy("CN");
    assertThat(state.policy("CN")).isNull();
  }

  @Test
  void shouldReturnZeroTotalsWhenNothingHappenedAndTheLatestTotalsWhenPut() {
    // Given nothing yet
    assertThat(state.totals(H200, PERIOD)).isEqualTo(LedgerState.noTotals(H200, PERIOD));

    // When
    state.putTotals(new LedgerTotals(H200, PERIOD, 100L, 40L, 20L, 10L));
    state.putTotals(new LedgerTotals(H200, PERIOD, 120L, 40L, 20L, 10L));

    // Then
    assertThat(state.totals(H200, PERIOD))
        .isEqualTo(new LedgerTotals(H200, PERIOD, 120L, 40L, 20L, 10L));
    assertThat(state.totals(H200, "2026-04")).isEqualTo(LedgerState.noTotals(H200, "2026-04"));
  }

  @Test
  void shouldListActiveGrantsMostRecentFirstWhenAllocationsAreGranted() {
    // Given / When three grants of two orders
    state.putAllocation(null, grant("a-1", "o-1", "c-1", "CN", 1).build());
    state.putAllocation(null, grant("a-2", "o-2", "c-1", "CN", 2).build());
    state.putAllocation(null, grant("a-3", "o-1", "c-1", "CN", 3).build());

    // Then
    assertThat(state.allocation("a-2")).isEqualTo(grant("a-2", "o-2", "c-1", "CN", 2).build());
    assertThat(state.allocation("a-9")).isNull();
    assertThat(ids(state.activeGrantsOfOrder("o-1"))).containsExactly("a-3", "a-1");
    assertThat(state.grantedUnitsOfCustomer("c-1", "CN")).containsExactly(entry(H200, 30L));
    assertThat(ids(state.activeNonPriorityGrants(H200, PERIOD)))
        .containsExactly("a-3", "a-2", "a-1");
    assertThat(state.activeGrantsOfOrder("o-9")).isEmpty();
    assertThat(state.grantedUnitsOfCustomer("c-1", "DE")).isEmpty();
  }

  @Test
  void shouldLeavePriorityRegionGrantsOutOfNonPriorityGrantsWhenGranted() {
    // Given / When a US grant and a CN grant of the same product and period
    state.putAllocation(null, grant("a-1", "o-1", "c-1", "US", 1).build());
    state.putAllocation(null, grant("a-2", "o-2", "c-2", "CN", 2).build());

    // Then
    assertThat(ids(state.activeNonPriorityGrants(H200, PERIOD))).containsExactly("a-2");
    assertThat(state.grantedUnitsOfCustomer("c-1", "US")).containsExactly(entry(H200, 10L));
  }

  @Test
  void shouldDropAGrantFromTheIndexesWhenItIsReleased() {
    // Given two grants of one order
    LedgerAllocation first = grant("a-1", "o-1", "c-1", "CN", 1).build();
    state.putAllocation(null, first);
    state.putAllocation(null, grant("a-2", "o-1", "c-1", "CN", 2).build());

    // When the first is released (nothing granted any more)
    LedgerAllocation released =
        grant("a-1", "o-1", "c-1", "CN", 1)
            .setGrantedUnits(0)
            .setStatus(AllocationStatus.RELEASED)
            .build();
    state.putAllocation(first, released);

    // Then it is still there, but no longer active
    assertThat(state.allocation("a-1")).isEqualTo(released);
    assertThat(ids(state.activeGrantsOfOrder("o-1"))).containsExactly("a-2");
    assertThat(state.grantedUnitsOfCustomer("c-1", "CN")).containsExactly(entry(H200, 10L));
    assertThat(ids(state.activeNonPriorityGrants(H200, PERIOD))).containsExactly("a-2");
  }

  @Test
  void shouldMoveAGrantInTheIndexesWhenItIsCutToAPartOfItsUnits() {
    // Given a grant
    LedgerAllocation first = grant("a-1", "o-1", "c-1", "CN", 1).build();
    state.putAllocation(null, first);

    // When it is cut to 4 units and regranted under a later sequence
    LedgerAllocation cut = grant("a-1", "o-1", "c-1", "CN", 5).setGrantedUnits(4).build();
    state.putAllocation(first, cut);

    // Then the indexes hold it once, as it is now
    assertThat(state.activeGrantsOfOrder("o-1")).containsExactly(cut);
    assertThat(state.activeNonPriorityGrants(H200, PERIOD)).containsExactly(cut);
    assertThat(state.grantedUnitsOfCustomer("c-1", "CN")).containsExactly(entry(H200, 4L));
  }

  @Test
  void shouldSumACustomersGrantedUnitsByProductWhenGrantsComeAndGo() {
    // Given two grants of one product and one of another, all of one customer in CN
    LedgerAllocation first = grant("a-1", "o-1", "c-1", "CN", 1).build();
    LedgerAllocation other = grant("a-3", "o-3", "c-1", "CN", 3).setProduct("B200").build();
    state.putAllocation(null, first);
    state.putAllocation(null, grant("a-2", "o-2", "c-1", "CN", 2).setGrantedUnits(7).build());
    state.putAllocation(null, other);
    assertThat(state.grantedUnitsOfCustomer("c-1", "CN"))
        .containsOnly(entry(H200, 17L), entry("B200", 10L));

    // When the first and the other product's grant are released
    state.putAllocation(first, grant("a-1", "o-1", "c-1", "CN", 1).setGrantedUnits(0).build());
    state.putAllocation(
        other, grant("a-3", "o-3", "c-1", "CN", 3).setProduct("B200").setGrantedUnits(0).build());

    // Then only what is still held counts
    assertThat(state.grantedUnitsOfCustomer("c-1", "CN")).containsOnly(entry(H200, 7L));
    assertThat(state.grantedUnitsOfCustomer("c-2", "CN")).isEmpty();
  }

  @Test
  void shouldReturnTheRevenueShareOfARegionAndQuarterWhenPut() {
    // Given
    RevenueShare total =
        new RevenueShare(
            "CN", "2026-Q1", 10L, new BigDecimal("315000.00"), new BigDecimal("78750.00"));

    // When
    state.putRevenueShare(total);

    // Then
    assertThat(state.revenueShare("CN", "2026-Q1")).isEqualTo(total);
    assertThat(state.revenueShare("CN", "2026-Q2")).isNull();
    assertThat(state.revenueShare("DE", "2026-Q1")).isNull();
  }

  @Test
  void shouldNumberDecisionsOneTwoThreeWhenAskedForTheNextSequence() {
    assertThat(List.of(state.nextSequence(), state.nextSequence(), state.nextSequence()))
        .containsExactly(1L, 2L, 3L);
  }
}
