package io.demandflow.pipeline.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemandflowAppTest {

  @Test
  void shouldRefuseARegistryCallBoundWhenItOutlastsTheTransactionTimeout() {
    // Given registry calls allowed 12 s inside exactly-once transactions of 10 s (the default)
    DemandflowConfig config =
        DemandflowConfig.of(Map.of("schema.registry.call.timeout.ms", "12000"));

    // Then the application refuses to start, naming both settings
    assertThatThrownBy(() -> DemandflowApp.requireRegistryCallsInsideTransactions(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.call.timeout.ms (12000 ms)")
        .hasMessageContaining("transaction timeout (10000 ms");
  }

  @Test
  void shouldAcceptTheRegistryCallBoundWhenTheTransactionTimeoutIsRaisedOrNoTransactionsAreUsed() {
    assertThatCode(
            () ->
                DemandflowApp.requireRegistryCallsInsideTransactions(DemandflowConfig.of(Map.of())))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                DemandflowApp.requireRegistryCallsInsideTransactions(
                    DemandflowConfig.of(
                        Map.of(
                            "schema.registry.call.timeout.ms", "12000",
                            "producer.transaction.timeout.ms", "60000"))))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                DemandflowApp.requireRegistryCallsInsideTransactions(
                    DemandflowConfig.of(
                        Map.of(
                            "schema.registry.call.timeout.ms", "12000",
                            "processing.guarantee", "at_least_once"))))
        .doesNotThrowAnyException();
  }
}
