package io.demandflow.domain.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.demandflow.events.AllocationStatus;
import io.demandflow.events.internal.LedgerAllocation;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ActiveGrantsTest {

  private static LedgerAllocation grant(String id, String customerId, String region, long seq) {
    return LedgerAllocation.newBuilder()
        .setAllocationId(id)
        .setOrderId("o-" + id)
        .setCustomerId(customerId)
        .setRegion(region)
        .setProduct("H200")
        .setPeriod("2026-03")
        .setPriorityRegion(false)
        .setRequestedUnits(10)
        .setGrantedUnits(10)
        .setStatus(AllocationStatus.GRANTED)
        .setUnitPrice(new BigDecimal("1.00"))
        .setRevenueShareRate(new BigDecimal("0.2500"))
        .setGrantSequence(seq)
        .build();
  }

  @Test
  void shouldKeepCustomersApartWhenTheirIdsContainTheKeySeparator() {
    // Given two customer|region pairs that a plain "|" join would make one key ("a|b|c")
    ActiveGrants grants = new ActiveGrants();
    grants.add(grant("g-1", "a|b", "c", 1));
    grants.add(grant("g-2", "a", "b|c", 2));

    // Then each holds only its own units
    assertThat(grants.unitsOfCustomer("a|b", "c")).containsOnly(entry("H200", 10L));
    assertThat(grants.unitsOfCustomer("a", "b|c")).containsOnly(entry("H200", 10L));
  }

  @Test
  void shouldListGrantsAddedOutOfSequenceOrderMostRecentFirstWhenRebuilt() {
    // Given grants added in store order (by id), not grant order, as when rebuilt from a store
    ActiveGrants grants = new ActiveGrants();
    grants.add(grant("a", "c-1", "CN", 3));
    grants.add(grant("b", "c-1", "CN", 1));
    grants.add(grant("c", "c-1", "CN", 2));

    // When one is removed
    grants.remove(grant("c", "c-1", "CN", 2));

    // Then the rest come most recent first, and the units are not the caller's to change
    assertThat(grants.nonPriority("H200", "2026-03")).containsExactly("a", "b");
    assertThat(grants.size()).isEqualTo(2);
    assertThatThrownBy(() -> grants.unitsOfCustomer("c-1", "CN").clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
