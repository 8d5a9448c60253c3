package io.demandflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasurementTest {

  @Test
  void shouldGiveRateAndCpuPerMillionWhenRecordsAndTimesAreKnown() {
    // Given 50 000 records in 2 s costing 3 s of CPU
    Measurement m = new Measurement(50_000, 2_000_000_000L, 3_000_000_000L, -1);

    // Then the rate is 25 000 records/s and the cost 60 CPU s per million records
    assertThat(m.recordsPerSecond()).isEqualTo(25_000.0);
    assertThat(m.cpuSecondsPerMillion()).isEqualTo(60.0);
  }

  @Test
  void shouldReportNoCpuFigureWhenCpuTimeIsUnknown() {
    // Given a platform without process CPU time
    Measurement m = new Measurement(1_000, 1_000_000_000L, -1, -1);

    // Then the CPU figure is NaN rather than a wrong number
    assertThat(m.cpuSecondsPerMillion()).isNaN();
  }
}
