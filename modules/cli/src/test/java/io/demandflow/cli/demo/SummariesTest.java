package io.demandflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummariesTest {

  @Test
  void shouldSumRegionRowsOverPeriodsAndRankCustomersWhenRenderingDemand() {
    // Given two periods of CN demand and three customers
    List<RegionDemand> regions =
        List.of(
            new RegionDemand("CN", "H200", "2026-03", 100L, 60L, 40L, new BigDecimal("10.00"), 2),
            new RegionDemand("CN", "H200", "2026-04", 50L, 50L, 0L, new BigDecimal("5.00"), 1));
    List<CustomerDemand> customers =
        List.of(
            new CustomerDemand("small", "H200", 5L, new BigDecimal("1.00"), 1),
            new CustomerDemand("big", "H200", 500L, new BigDecimal("1.00"), 1),
            new CustomerDemand("middle", "H200", 50L, new BigDecimal("1.00"), 1));

    // When
    String text = DemandSummary.render(regions, customers, 2);

    // Then one CN line with the sums, and the two largest customers in order
    assertThat(text).containsPattern("CN\\s+H200\\s+150\\s+110\\s+40\\s+15\\.00\\s+3");
    assertThat(text.indexOf("big")).isLessThan(text.indexOf("middle"));
    assertThat(text).doesNotContain("small");
  }

  @Test
  void shouldCountDecisionsAndComputeUsCoverageWhenRenderingAllocations() {
    // Given two partial grants cut by the reservation and a ledger short of US supply
    LedgerAllocation partial =
        new LedgerAllocation(
            "a-1",
            "o-1",
            "c",
            "CN",
            "H200",
            "2026-03",
            false,
            10,
            5,
            AllocationStatus.PARTIAL,
            AllocationReason.US_DEMAND_RESERVED,
            new BigDecimal("1.00"),
            new BigDecimal("0.2500"),
            1L);
    LedgerAllocation other = LedgerAllocation.newBuilder(partial).setAllocationId("a-2").build();
    LedgerTotals shortOfSupply = new LedgerTotals("H200", "2026-03", 900L, 1200L, 0L, 0L);
    LedgerTotals noUsDemand = new LedgerTotals("H20", "2026-03", 900L, 0L, 0L, 0L);

    // When
    String text =
        AllocationSummary.render(List.of(partial, other), List.of(shortOfSupply, noUsDemand));

    // Then
    assertThat(text).containsPattern("PARTIAL US_DEMAND_RESERVED\\s+2");
    assertThat(text).contains("75.0 %");
    assertThat(AllocationSummary.coverage(noUsDemand)).isEqualTo("-");
  }

  @Test
  void shouldSumGrantsRefusalsShareAndPreemptionsWhenRenderingTheSituation() {
    // Given a CN grant cut back by preemption, a refused CN request, and a US grant
    LedgerAllocation preempted =
        new LedgerAllocation(
            "a-1",
            "o-1",
            "cn-1",
            "CN",
            "H200",
            "2027-07",
            false,
            8_000,
            2_000,
            AllocationStatus.PARTIAL,
            AllocationReason.US_PRIORITY_PREEMPTION,
            new BigDecimal("31500.00"),
            new BigDecimal("0.2500"),
            2L);
    LedgerAllocation refused =
        LedgerAllocation.newBuilder(preempted)
            .setAllocationId("a-2")
            .setGrantedUnits(0)
            .setStatus(AllocationStatus.REJECTED)
            .setReason(AllocationReason.NO_EXPORT_LICENSE)
            .build();
    LedgerAllocation us =
        LedgerAllocation.newBuilder(preempted)
            .setAllocationId("a-3")
            .setRegion("US")
            .setPriorityRegion(true)
            .setGrantedUnits(18_000)
            .setStatus(AllocationStatus.GRANTED)
            .setReason(null)
            .build();
    RevenueShare share =
        new RevenueShare(
            "CN", "2027-Q3", 2_000L, new BigDecimal("63000000.00"), new BigDecimal("15750000.00"));
    LedgerTotals story = new LedgerTotals("H200", "2027-07", 20_000L, 18_000L, 18_000L, 2_000L);
    LedgerTotals usShort = new LedgerTotals("H200", "2027-08", 900L, 1_200L, 0L, 0L);

    // When
    String text =
        SituationSummary.render(
            List.of(preempted, refused, us),
            List.of(share),
            List.of(story, usShort),
            new SituationSummary.StoryKey("H200", "2027-07", null));

    // Then
    assertThat(text).containsPattern("Granted units by region\\s+CN 2,000\\s+US 18,000");
    assertThat(text).containsPattern("Refused requests by reason\\s+NO_EXPORT_LICENSE 1");
    assertThat(text).contains("CN USD 15,750,000.00");
    assertThat(text).containsPattern("US-priority preemptions\\s+1 \\(PARTIAL 1\\)");
    assertThat(text).contains("on 2 of 2 product-periods");
    assertThat(text).containsPattern("Story 2027-07 .*US coverage 100\\.0 %\\s+signal none");
  }
}
