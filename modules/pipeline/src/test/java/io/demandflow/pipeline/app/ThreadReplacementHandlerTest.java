package io.demandflow.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementHandlerTest {

  private final AtomicLong clock = new AtomicLong();
  private final List<Duration> waits = new ArrayList<>();
  private final ThreadReplacementHandler replacement =
      new ThreadReplacementHandler(
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          clock::get,
          delay -> {
            waits.add(delay);
            clock.addAndGet(delay.toNanos());
          });

  @Test
  void shouldWaitLongerAfterEachFailureInARowWhenTheCauseLasts() {
    // When a thread fails again right after each replacement
    for (int i = 0; i < 7; i++) {
      assertThat(replacement.handle(new IllegalStateException("registry down")))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    // Then each replacement waits twice as long as the one before, up to the maximum
    assertThat(waits)
        .extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
  }

  @Test
  void shouldStartFromTheFirstDelayWhenTheLastFailureIsLongPast() {
    // Given three failures in a row
    for (int i = 0; i < 3; i++) {
      replacement.handle(new IllegalStateException("boom"));
    }

    // When the next one comes after a quiet period longer than ten maximum delays
    clock.addAndGet(Duration.ofMinutes(6).toNanos());
    replacement.handle(new IllegalStateException("boom"));

    // Then it waits only the first delay
    assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 1L);
  }
}
