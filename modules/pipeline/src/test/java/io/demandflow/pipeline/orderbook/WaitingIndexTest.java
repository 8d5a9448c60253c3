package io.demandflow.pipeline.orderbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitingIndexTest {

  private final WaitingIndex index = new WaitingIndex();

  @Test
  void takesTheWaitsBegunAtOrBeforeTheCutoffInTheStoresKeyOrder() {
    index.add("o-9", 100);
    index.add("o-10", 100);
    index.add("é-1", 50); // UTF-8 bytes sort above ASCII, as in the store
    index.add("a-1", 200);
    index.add("o-2", 101);

    assertThat(index.takeUntil(100)).containsExactly("o-10", "o-9", "é-1");
    assertThat(index.takeUntil(100)).isEmpty();
    assertThat(index.takeUntil(Long.MAX_VALUE)).containsExactly("a-1", "o-2");
    assertThat(index.takeUntil(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void aLaterRequestOfAWaitingOrderKeepsWhenItsWaitBegan() {
    index.add("o-1", 100);
    index.add("o-1", 900);

    assertThat(index.takeUntil(100)).containsExactly("o-1");
  }

  @Test
  void anOrderThatArrivedNoLongerWaits() {
    index.add("o-1", 100);
    index.add("o-2", 100);
    index.remove("o-1");
    index.remove("o-3");

    assertThat(index.takeUntil(100)).containsExactly("o-2");
    assertThat(index.takeUntil(Long.MAX_VALUE)).isEmpty();
  }
}
