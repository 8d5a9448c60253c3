package io.demandflow.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

  @Test
  void shouldUseTheSpecNamesWhenNothingIsConfigured() {
    // Given / When
    TopicNames topics = TopicNames.from(Map.of());

    // Then
    assertThat(topics)
        .isEqualTo(
            new TopicNames(
                "demandflow.orders.v1",
                "demandflow.allocations.v1",
                "demandflow.supply.v1",
                "demandflow.licenses.v1",
                "demandflow.region-policy.v1",
                "demandflow.dlq.v1",
                "demandflow.demand.customer.v1",
                "demandflow.demand.region.v1",
                "demandflow.signals.production.v1",
                "demandflow.signals.evaluate.v1",
                "demandflow.allocation.flush.v1",
                "demandflow.allocation.decisions.v1",
                "demandflow.revenue-share.v1"));
    assertThat(topics).isEqualTo(TopicNames.defaults());
    assertThat(topics.all()).hasSize(13).doesNotHaveDuplicates();
  }

  @Test
  void shouldTakeEachConfiguredNameWhenItsKeyIsSet() {
    // Given
    Map<String, String> config =
        Map.of(
            "demandflow.topic.orders", "t1.orders",
            "demandflow.topic.customer-demand", "t1.customer",
            "demandflow.topic.region-demand", "t1.region");

    // When
    TopicNames topics = TopicNames.from(config);

    // Then
    assertThat(topics.orders()).isEqualTo("t1.orders");
    assertThat(topics.customerDemand()).isEqualTo("t1.customer");
    assertThat(topics.regionDemand()).isEqualTo("t1.region");
    assertThat(topics.supply()).isEqualTo("demandflow.supply.v1");
  }

  @Test
  void shouldRejectTheConfigurationWhenANameIsBlank() {
    // Given / When / Then
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TopicNames.from(Map.of("demandflow.topic.dlq", " ")))
        .withMessageContaining("demandflow.topic.dlq");
  }

  @Test
  void shouldSplitTopicsByRetentionWhenListingThem() {
    // Given
    TopicNames topics = TopicNames.defaults();

    // When / Then
    assertThat(topics.compactedTopics())
        .containsExactly(
            topics.licenses(),
            topics.policies(),
            topics.customerDemand(),
            topics.regionDemand(),
            topics.revenueShare());
    assertThat(topics.eventTopics())
        .containsExactly(
            topics.orders(),
            topics.allocations(),
            topics.supply(),
            topics.dlq(),
            topics.signals(),
            topics.signalsEvaluate(),
            topics.allocationFlush(),
            topics.decisions());
  }
}
