package io.demandflow.service;

import static io.demandflow.service.ServiceTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KafkaIntegrationTest
class ServiceMetricsIT {

  @TempDir Path tempDir;

  @Test
  void shouldExportStreamsJvmAndDomainMetricsWhenOrdersFlow(KafkaTestEnvironment env)
      throws Exception {
    // Given a running instance
    ServiceTestSupport support = new ServiceTestSupport(env);
    try (DemandflowService service = support.startInstance(tempDir, "a")) {
      ServiceTestSupport.awaitRunning(service);

      // When two orders arrive, one of them twice with the same revision, and one is amended
      support.produceOrders(
          service.app().config(),
          List.of(
              OrderFixtures.order("o-1", 1).build(),
              OrderFixtures.order("o-1", 1).build(),
              OrderFixtures.order("o-2", 1).setRegion("CN").setQuantity(5).build(),
              OrderFixtures.order("o-2", 2).setRegion("CN").setQuantity(7).build()));

      // Then /metrics shows the domain gauges and counters, Streams internals and the JVM
      await("metrics reflect the orders")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String metrics = get(service.url(), "/metrics").body();
                assertThat(metrics)
                    .contains("demandflow_open_units{application=")
                    .containsPattern(
                        "demandflow_open_units\\{[^}]*product=\"H200-SXM-141GB\"[^}]*} 17\\.0")
                    .containsPattern(
                        "demandflow_us_open_units\\{[^}]*product=\"H200-SXM-141GB\"[^}]*} 10\\.0")
                    .containsPattern(
                        "kafka_demandflow_skipped_order_records_total\\{[^}]*kind=\"duplicate-revision\"[^}]*} 1\\.0")
                    .contains("kafka_stream_thread_process_total")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_cpu_usage")
                    .containsPattern("demandflow_ready\\{[^}]*} 1\\.0");
              });
    }
  }
}
