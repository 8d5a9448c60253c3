package io.demandflow.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.events.Order;
import io.demandflow.events.OrderStatus;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.testkit.OrderFixtures;
import io.demandflow.topics.Topic;
import io.demandflow.topics.TopicNames;
import io.demandflow.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KafkaIntegrationTest
class ProcessingBarrierIT {

  private static final int ORDERS = 200;

  @TempDir Path stateDir;

  @Test
  void shouldSeeEveryPublishedChangeInEveryOutputWhenBarrierOpens(KafkaTestEnvironment kafka)
      throws Exception {
    // Given the pipeline on two partitions per topic, and 200 orders over 2 customers and 4 rows
    DemandflowConfig config = TestPipeline.config(kafka, stateDir, 2);
    try (DemandflowApp app = TestPipeline.start(config);
        ProcessingBarrier barrier = ProcessingBarrier.forApp(app)) {
      List<Order> placed = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        placed.add(
            OrderFixtures.order("o-" + i, 1)
                .setCustomerId(i % 2 == 0 ? "ACME" : "BETA")
                .setRegion(i % 4 < 2 ? "US" : "CN")
                .setRequestedDate(LocalDate.of(2026, 3 + i % 2, 10))
                .build());
      }
      produce(kafka, config, placed);

      // When the barrier opens
      barrier.await(Duration.ofSeconds(60));

      // Then both demand tables already hold every order, without waiting any further
      ObjectNode state = StateSnapshot.read(config);
      assertThat(sum(state.get("customerDemand"), "openUnits")).isEqualTo(ORDERS * 10L);
      assertThat(sum(state.get("regionDemand"), "openUnits")).isEqualTo(ORDERS * 10L);
      assertThat(state.get("regionDemand")).hasSize(4);

      // And when half the orders are cancelled and the barrier opens again
      List<Order> cancelled = new ArrayList<>();
      for (int i = 0; i < ORDERS; i += 2) {
        cancelled.add(
            Order.newBuilder(placed.get(i))
                .setRevision(2)
                .setStatus(OrderStatus.CANCELLED)
                .build());
      }
      produce(kafka, config, cancelled);
      barrier.await(Duration.ofSeconds(60));

      // Then the retractions have reached both tables: ACME's row is gone
      ObjectNode after = StateSnapshot.read(config);
      assertThat(sum(after.get("customerDemand"), "openUnits")).isEqualTo(ORDERS * 5L);
      assertThat(sum(after.get("regionDemand"), "openUnits")).isEqualTo(ORDERS * 5L);
      assertThat(after.get("customerDemand")).hasSize(1);
    }
  }

  @Test
  void shouldNamePendingPartitionsWhenPipelineDoesNotProcessInTime(KafkaTestEnvironment kafka)
      throws Exception {
    // Given a pipeline that created its topics and then stopped, and an order it will never see
    DemandflowConfig config = TestPipeline.config(kafka, stateDir, 1);
    DemandflowApp app = TestPipeline.start(config);
    app.close();
    produce(kafka, config, List.of(OrderFixtures.order("o-1", 1).build()));

    // When a barrier that believes the pipeline runs waits for a second
    try (ProcessingBarrier barrier =
        new ProcessingBarrier(config, app.topology(), () -> KafkaStreams.State.RUNNING)) {
      // Then it gives up, naming the partition and its offsets
      assertThatThrownBy(() -> barrier.await(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not finish processing within PT1S")
          .hasMessageContaining(app.topics().orders() + "-0 (committed none, end 1)");
    }
  }

  @Test
  void shouldRefuseToWaitWhenPipelineHasStopped(KafkaTestEnvironment kafka) throws Exception {
    // Given a pipeline that has been closed
    DemandflowConfig config = TestPipeline.config(kafka, stateDir, 1);
    DemandflowApp app = TestPipeline.start(config);
    app.close();

    // When / Then waiting for it fails at once instead of running into the timeout
    try (ProcessingBarrier barrier = ProcessingBarrier.forApp(app)) {
      assertThatThrownBy(() -> barrier.await(Duration.ofMinutes(5)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the pipeline is NOT_RUNNING, so it cannot finish processing");
    }
  }

  private static void produce(
      KafkaTestEnvironment kafka, DemandflowConfig config, List<Order> orders) {
    Topic<String, Order> topic =
        Topics.of(TopicNames.from(config.asMap()), config.serdeConfig()).orders();
    kafka.produce(
        topic.name(),
        topic.keySerializer(),
        topic.valueSerializer(),
        orders.stream().map(o -> new ProducerRecord<>(topic.name(), o.getOrderId(), o)).toList());
  }

  private static long sum(JsonNode rows, String field) {
    return StreamSupport.stream(rows.spliterator(), false)
        .mapToLong(row -> row.get(field).asLong())
        .sum();
  }
}
