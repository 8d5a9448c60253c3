package io.demandflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasurementTest {

  @Test
  void shouldGiveRateCpuAndOffsetsPerRecordWhenMeasured() {
    // Given 50 000 records in 2 s costing 3 s of CPU and 1.2 M internal-topic offsets
    Measurement m = new Measurement(50_000, 2_000_000_000L, 3_000_000_000L, -1, 1_200_000);

    // Then the rate is 25 000 records/s and the cost 60 CPU s per million records
    assertThat(m.recordsPerSecond()).isEqualTo(25_000.0);
    assertThat(m.cpuSecondsPerMillion()).isEqualTo(60.0);
    // And each input record caused 24 internal-topic offsets
    assertThat(m.internalOffsetsPerRecord()).isEqualTo(24.0);
  }

  @Test
  void shouldReportNoCpuOrOffsetFigureWhenNotMeasured() {
    // Given a platform without process CPU time
    Measurement m = new Measurement(1_000, 1_000_000_000L, -1, -1, -1);

    // Then the CPU and internal-offset figures are NaN rather than wrong numbers
    assertThat(m.cpuSecondsPerMillion()).isNaN();
    assertThat(m.internalOffsetsPerRecord()).isNaN();
  }
}
