package io.demandflow.domain;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.events.internal.LicensedRegionDemandChange;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicensedRegionDemandChangesTest {

  private final Order march = order("o-1", 1).setQuantity(10).build();
  private final Order april =
      order("o-2", 1).setQuantity(4).setRequestedDate(LocalDate.of(2026, 4, 2)).build();

  @Test
  void shouldMoveOnlyTheLicenseSplitWhenAnOrdersQualificationFlips() {
    // When a license change makes a counted order qualify
    List<LicensedRegionDemandChange> changes =
        new LicensedRegionDemandChanges().retract(march, false).add(march, true).changes();

    // Then one change: the units move from unlicensed to licensed, nothing else changes
    assertThat(changes).hasSize(1);
    LicensedRegionDemandChange change = changes.get(0);
    assertThat(change.getRegion() + "|" + change.getProduct() + "|" + change.getPeriod())
        .isEqualTo("US|" + march.getProduct() + "|2026-03");
    assertThat(change.getLicensedUnits()).isEqualTo(10);
    assertThat(change.getUnlicensedUnits()).isEqualTo(-10);
    assertThat(change.getOpenUnits()).isZero();
    assertThat(change.getOpenOrders()).isZero();
    assertThat(change.getOpenValue()).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void shouldSumManyOrdersOfOneRowIntoOneChange() {
    // Given three March orders and one April order of the same customer
    LicensedRegionDemandChanges changes = new LicensedRegionDemandChanges();
    for (int i = 1; i <= 3; i++) {
      Order order = order("o-" + i, 1).setQuantity(i).build();
      changes.retract(order, true).add(order, false);
    }
    changes.retract(april, true).add(april, false);

    // Then one change per row, in the order the rows were touched
    assertThat(changes.changes())
        .extracting(
            LicensedRegionDemandChange::getPeriod, LicensedRegionDemandChange::getUnlicensedUnits)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2026-03", 6L),
            org.assertj.core.groups.Tuple.tuple("2026-04", 4L));
  }

  @Test
  void shouldLeaveOutARowWhoseChangesCancelOut() {
    // When an amendment changes nothing the row counts (only the revision moves on)
    Order amended = Order.newBuilder(march).setRevision(2).build();
    List<LicensedRegionDemandChange> changes =
        new LicensedRegionDemandChanges().retract(march, true).add(amended, true).changes();

    // Then
    assertThat(changes).isEmpty();
  }

  @Test
  void shouldRetractFromTheOldRowAndAddToTheNewWhenAnAmendmentMovesTheOrder() {
    // When an amendment moves the requested date to April and a cancelled order is counted
    Order moved =
        Order.newBuilder(march).setRevision(2).setRequestedDate(LocalDate.of(2026, 4, 30)).build();
    Order cancelled = order("o-9", 2).setStatus(OrderStatus.CANCELLED).build();
    List<LicensedRegionDemandChange> changes =
        new LicensedRegionDemandChanges()
            .retract(march, true)
            .add(moved, true)
            .add(cancelled, true)
            .changes();

    // Then March loses the order, April gains it, and the cancelled order counts nowhere
    assertThat(changes)
        .extracting(
            LicensedRegionDemandChange::getPeriod,
            LicensedRegionDemandChange::getOpenUnits,
            LicensedRegionDemandChange::getOpenOrders)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2026-03", -10L, -1),
            org.assertj.core.groups.Tuple.tuple("2026-04", 10L, 1));
  }
}
