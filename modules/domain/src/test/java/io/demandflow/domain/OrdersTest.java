package io.demandflow.domain;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import org.junit.jupiter.api.Test;

class OrdersTest {

  private final Order before = order("o-1", 1).setQuantity(10).build();

  @Test
  void shouldKeepGrantsWhenARevisionRaisesOrKeepsTheQuantityOfTheSameOrder() {
    assertThat(Orders.keepsGrants(before, order("o-1", 2).setQuantity(10).build())).isTrue();
    assertThat(Orders.keepsGrants(before, order("o-1", 2).setQuantity(12).build())).isTrue();
    // Another day of the same month is the same period.
    assertThat(
            Orders.keepsGrants(
                before,
                order("o-1", 2)
                    .setQuantity(10)
                    .setRequestedDate(before.getRequestedDate().withDayOfMonth(28))
                    .build()))
        .isTrue();
  }

  @Test
  void shouldNotKeepGrantsWhenARevisionLowersClosesOrMovesTheOrder() {
    assertThat(Orders.keepsGrants(before, order("o-1", 2).setQuantity(9).build())).isFalse();
    assertThat(
            Orders.keepsGrants(
                before, order("o-1", 2).setQuantity(10).setStatus(OrderStatus.CANCELLED).build()))
        .isFalse();
    assertThat(
            Orders.keepsGrants(
                before, order("o-1", 2).setQuantity(10).setCustomerId("c-9").build()))
        .isFalse();
    assertThat(Orders.keepsGrants(before, order("o-1", 2).setQuantity(10).setRegion("CN").build()))
        .isFalse();
    assertThat(
            Orders.keepsGrants(before, order("o-1", 2).setQuantity(10).setProduct("B200").build()))
        .isFalse();
    assertThat(
            Orders.keepsGrants(
                before,
                order("o-1", 2)
                    .setQuantity(10)
                    .setRequestedDate(before.getRequestedDate().plusMonths(1))
                    .build()))
        .isFalse();
    assertThat(Orders.keepsGrants(null, before)).isFalse();
  }
}
