package io.demandflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasurementTest {

  @Test
  void shouldGiveRateCpuAndOffsetsPerRecordWhenMeasured() {
    // Given 50 000 records in 2 s costing 3 s of CPU, 1.2 M internal-topic offsets of which
    // 75 000 in the ledger's input topics
    Measurement m =
        new Measurement(50_000, 2_000_000_000L, 3_000_000_000L, -1)
            .withInternalOffsets(1_200_000)
            .withLedgerOffsets(75_000);

    // Then the rate is 25 000 records/s and the cost 60 CPU s per million records
    assertThat(m.recordsPerSecond()).isEqualTo(25_000.0);
    assertThat(m.cpuSecondsPerMillion()).isEqualTo(60.0);
    // And each input record caused 24 internal-topic offsets, 1.5 of them ledger inputs
    assertThat(m.internalOffsetsPerRecord()).isEqualTo(24.0);
    assertThat(m.ledgerOffsetsPerRecord()).isEqualTo(1.5);
  }

  @Test
  void shouldKeepEachOffsetFigureWhenTheOtherIsAdded() {
    // Given the ledger offsets set first
    Measurement m =
        new Measurement(10, 1_000_000_000L, -1, -1).withLedgerOffsets(20).withInternalOffsets(50);

    // Then both are kept
    assertThat(m.ledgerOffsets()).isEqualTo(20);
    assertThat(m.internalOffsets()).isEqualTo(50);
  }

  @Test
  void shouldReportNoCpuOrOffsetFigureWhenNotMeasured() {
    // Given a platform without process CPU time
    Measurement m = new Measurement(1_000, 1_000_000_000L, -1, -1);

    // Then the CPU and offset figures are NaN rather than wrong numbers
    assertThat(m.cpuSecondsPerMillion()).isNaN();
    assertThat(m.internalOffsetsPerRecord()).isNaN();
    assertThat(m.ledgerOffsetsPerRecord()).isNaN();
  }
}
