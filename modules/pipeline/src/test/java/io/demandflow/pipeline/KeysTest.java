package io.demandflow.pipeline;

import static io.demandflow.testkit.OrderFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void shouldJoinCustomerAndProductWhenBuildingACustomerDemandKey() {
    // Given
    var placed = order("o-1", 1).setCustomerId("ACME").build();

    // When / Then
    assertThat(Keys.customerDemand(placed)).isEqualTo("ACME|H200-SXM-141GB");
  }

  @Test
  void shouldJoinRegionProductAndPeriodWhenBuildingARegionDemandKey() {
    // Given
    var placed =
        order("o-1", 1).setRegion("CN").setRequestedDate(LocalDate.of(2026, 4, 30)).build();

    // When / Then
    assertThat(Keys.regionDemand(placed)).isEqualTo("CN|H200-SXM-141GB|2026-04");
    assertThat(Keys.split(Keys.regionDemand(placed)))
        .containsExactly("CN", "H200-SXM-141GB", "2026-04");
  }

  @Test
  void shouldBuildAnOrdersLicenseKeyAsTheLicensesTopicKeysItsLicense() {
    // Given an order whose customer id holds the separator
    var placed = order("o-1", 1).setCustomerId("cn|cloud").setRegion("CN").build();

    // When / Then: the same key as the license's, and one that splits back
    assertThat(Keys.license(placed)).isEqualTo(Keys.license("cn|cloud", "CN"));
    assertThat(Keys.split(Keys.license(placed))).containsExactly("cn|cloud", "CN");
  }

  @Test
  void shouldSplitBackIntoTheSamePartsWhenAPartContainsTheSeparator() {
    // Given parts that would collide if joined naively: a|b + c vs a + b|c
    String left = Keys.join("a|b", "c");
    String right = Keys.join("a", "b|c");

    // When / Then
    assertThat(left).isNotEqualTo(right);
    assertThat(Keys.split(left)).containsExactly("a|b", "c");
    assertThat(Keys.split(right)).containsExactly("a", "b|c");
    assertThat(Keys.split(Keys.join("back\\slash", ""))).containsExactly("back\\slash", "");
  }

  @Test
  void shouldRejectNullWhenAPartIsMissing() {
    // Given / When / Then
    assertThatIllegalArgumentException().isThrownBy(() -> Keys.join("a", null));
  }

  @Test
  void shouldSortAsNumbersWhenZeroPadded() {
    // Given / When / Then
    assertThat(Keys.zeroPadded(42, 6)).isEqualTo("000042");
    assertThat(Keys.zeroPadded(0, 3)).isEqualTo("000");
    assertThat(Keys.zeroPadded(1234567, 3)).isEqualTo("1234567");
    assertThat(Keys.zeroPadded(9, 20).compareTo(Keys.zeroPadded(10, 20))).isNegative();
    assertThat(Keys.zeroPadded(Long.MAX_VALUE, 20))
        .isEqualTo(String.format("%020d", Long.MAX_VALUE));
  }
}
