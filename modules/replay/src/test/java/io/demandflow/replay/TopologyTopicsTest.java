package io.demandflow.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.topics.TopicNames;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;

/** Which topics the processing barrier watches, from the topology's description alone. */
class TopologyTopicsTest {

  @Test
  void shouldWatchInputsAndInternalTopicsWhenDescribingPipelineTopology() {
    // Given the demandflow topology
    DemandflowConfig config =
        DemandflowConfig.of(Map.of(DemandflowConfig.SCHEMA_REGISTRY_URL, "mock://topology-topics"));
    TopicNames topics = TopicNames.from(config.asMap());

    // When its topics are taken from its description
    ProcessingBarrier.TopologyTopics watched =
        ProcessingBarrier.TopologyTopics.of(DemandflowApp.buildTopology(config).describe());

    // Then it reads the orders and the repartition topics it writes itself; only those are
    // internal (prefixed with the application id), and outputs are watched but not sources
    assertThat(watched.sources())
        .contains(topics.orders(), "customer-demand-by-customer-product-repartition");
    assertThat(watched.internalCandidates())
        .contains("customer-demand-by-customer-product-repartition")
        .doesNotContain(topics.orders(), topics.customerDemand(), topics.regionDemand());
    assertThat(watched.sources()).containsAll(watched.internalCandidates());
    assertThat(watched.all()).contains(topics.customerDemand(), topics.regionDemand());
    assertThat(watched.sources()).doesNotContain(topics.customerDemand());
  }

  @Test
  void shouldRefuseWhenTopologyHasGlobalStore() {
    // Given a topology with a global table, whose progress no consumer group commits
    StreamsBuilder builder = new StreamsBuilder();
    builder.globalTable("policies", Consumed.with(Serdes.String(), Serdes.String()));

    // When / Then
    assertThatThrownBy(() -> ProcessingBarrier.TopologyTopics.of(builder.build().describe()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot track global stores");
  }
}
