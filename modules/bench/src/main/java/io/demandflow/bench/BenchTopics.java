package io.demandflow.bench;

import io.demandflow.topics.TopicNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Topic-name settings that give a measurement its own set of demandflow topics, so that the latency
 * and growth runs never reprocess the throughput workload (and vice versa).
 */
final class BenchTopics {

  private BenchTopics() {}

  /** Every {@code demandflow.topic.*} setting, each the SPEC name with {@code prefix} in front. */
  static Map<String, String> prefixed(String prefix) {
    TopicNames spec = TopicNames.defaults();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(TopicNames.ORDERS_KEY, prefix + spec.orders());
    settings.put(TopicNames.ALLOCATIONS_KEY, prefix + spec.allocations());
    settings.put(TopicNames.SUPPLY_KEY, prefix + spec.supply());
    settings.put(TopicNames.LICENSES_KEY, prefix + spec.licenses());
    settings.put(TopicNames.POLICIES_KEY, prefix + spec.policies());
    settings.put(TopicNames.DLQ_KEY, prefix + spec.dlq());
    settings.put(TopicNames.CUSTOMER_DEMAND_KEY, prefix + spec.customerDemand());
    settings.put(TopicNames.REGION_DEMAND_KEY, prefix + spec.regionDemand());
    settings.put(TopicNames.SIGNALS_KEY, prefix + spec.signals());
    settings.put(TopicNames.SIGNALS_EVALUATE_KEY, prefix + spec.signalsEvaluate());
    settings.put(TopicNames.ALLOCATION_FLUSH_KEY, prefix + spec.allocationFlush());
    settings.put(TopicNames.DECISIONS_KEY, prefix + spec.decisions());
    settings.put(TopicNames.REVENUE_SHARE_KEY, prefix + spec.revenueShare());
    return settings;
  }
}
