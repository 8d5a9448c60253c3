package io.demandflow.topics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The names of every topic demandflow reads or writes, declared once. Each name comes from its
 * configuration key ({@code demandflow.topic.*}); a missing key means the SPEC name. {@link Topics}
 * pairs each name with the serdes of its records.
 *
 * @param orders Order events, keyed by orderId
 * @param allocations AllocationRequest events, keyed by allocationId
 * @param supply Supply events, keyed by product|period
 * @param licenses ExportLicense events (compacted), keyed by customerId|region
 * @param policies RegionPolicy events (compacted), keyed by region
 * @param dlq dead letters
 * @param customerDemand CustomerDemand changelog, keyed by customerId|product
 * @param regionDemand RegionDemand changelog, keyed by region|product|period
 * @param signals ProductionSignal events (SPEC R7), keyed by product|period
 * @param signalsEvaluate evaluation requests for the signal processor (one record per partition
 *     asks every task to evaluate now; replay's barriers), same partition count as supply
 * @param allocationFlush flush requests for the order book (one record per partition asks every
 *     order-book task to end every wait now and give the ledger what it holds; replay's barriers)
 * @param decisions AllocationDecision events (SPEC R4, R5), keyed by allocationId
 * @param revenueShare RevenueShare changelog (SPEC R6), keyed by region|quarter
 */
public record TopicNames(
    String orders,
    String allocations,
    String supply,
    String licenses,
    String policies,
    String dlq,
    String customerDemand,
    String regionDemand,
    String signals,
    String signalsEvaluate,
    String allocationFlush,
    String decisions,
    String revenueShare) {

  public static final String ORDERS_KEY = "demandflow.topic.orders";
  public static final String ALLOCATIONS_KEY = "demandflow.topic.allocations";
  public static final String SUPPLY_KEY = "demandflow.topic.supply";
  public static final String LICENSES_KEY = "demandflow.topic.licenses";
  public static final String POLICIES_KEY = "demandflow.topic.policies";
  public static final String DLQ_KEY = "demandflow.topic.dlq";
  public static final String CUSTOMER_DEMAND_KEY = "demandflow.topic.customer-demand";
  public static final String REGION_DEMAND_KEY = "demandflow.topic.region-demand";
  public static final String SIGNALS_KEY = "demandflow.topic.signals";
  public static final String SIGNALS_EVALUATE_KEY = "demandflow.topic.signals-evaluate";
  public static final String ALLOCATION_FLUSH_KEY = "demandflow.topic.allocation-flush";
  public static final String DECISIONS_KEY = "demandflow.topic.decisions";
  public static final String REVENUE_SHARE_KEY = "demandflow.topic.revenue-share";

  /** Every topic setting, so tools and tests that rename topics never miss one. */
  public static final List<String> KEYS =
      List.of(
          ORDERS_KEY,
          ALLOCATIONS_KEY,
          SUPPLY_KEY,
          LICENSES_KEY,
          POLICIES_KEY,
          DLQ_KEY,
          CUSTOMER_DEMAND_KEY,
          REGION_DEMAND_KEY,
          SIGNALS_KEY,
          SIGNALS_EVALUATE_KEY,
          ALLOCATION_FLUSH_KEY,
          DECISIONS_KEY,
          REVENUE_SHARE_KEY);

  private static final TopicNames DEFAULTS =
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
          "demandflow.revenue-share.v1");

  public TopicNames {
    requireName(orders, ORDERS_KEY);
    requireName(allocations, ALLOCATIONS_KEY);
    requireName(supply, SUPPLY_KEY);
    requireName(licenses, LICENSES_KEY);
    requireName(policies, POLICIES_KEY);
    requireName(dlq, DLQ_KEY);
    requireName(customerDemand, CUSTOMER_DEMAND_KEY);
    requireName(regionDemand, REGION_DEMAND_KEY);
    requireName(signals, SIGNALS_KEY);
    requireName(signalsEvaluate, SIGNALS_EVALUATE_KEY);
    requireName(allocationFlush, ALLOCATION_FLUSH_KEY);
    requireName(decisions, DECISIONS_KEY);
    requireName(revenueShare, REVENUE_SHARE_KEY);
  }

  /** The SPEC names. */
  public static TopicNames defaults() {
    return DEFAULTS;
  }

  /**
   * The names configured in {@code config}; a key that is missing keeps its SPEC name, a key that
   * is present must name a topic (not blank).
   */
  public static TopicNames from(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    return new TopicNames(
        name(config, ORDERS_KEY, DEFAULTS.orders),
        name(config, ALLOCATIONS_KEY, DEFAULTS.allocations),
        name(config, SUPPLY_KEY, DEFAULTS.supply),
        name(config, LICENSES_KEY, DEFAULTS.licenses),
        name(config, POLICIES_KEY, DEFAULTS.policies),
        name(config, DLQ_KEY, DEFAULTS.dlq),
        name(config, CUSTOMER_DEMAND_KEY, DEFAULTS.customerDemand),
        name(config, REGION_DEMAND_KEY, DEFAULTS.regionDemand),
        name(config, SIGNALS_KEY, DEFAULTS.signals),
        name(config, SIGNALS_EVALUATE_KEY, DEFAULTS.signalsEvaluate),
        name(config, ALLOCATION_FLUSH_KEY, DEFAULTS.allocationFlush),
        name(config, DECISIONS_KEY, DEFAULTS.decisions),
        name(config, REVENUE_SHARE_KEY, DEFAULTS.revenueShare));
  }

  /**
   * Topics whose records are events (delete retention): orders, allocations, supply, dlq, signals,
   * signal evaluation requests, order-book flush requests and allocation decisions.
   */
  public List<String> eventTopics() {
    return List.of(
        orders, allocations, supply, dlq, signals, signalsEvaluate, allocationFlush, decisions);
  }

  /**
   * Topics whose latest record per key is the state (compacted): licenses, policies, the demand
   * tables and the revenue-share totals.
   */
  public List<String> compactedTopics() {
    return List.of(licenses, policies, customerDemand, regionDemand, revenueShare);
  }

  /** Every topic, each once. */
  public List<String> all() {
    return List.of(
        orders,
        allocations,
        supply,
        licenses,
        policies,
        dlq,
        customerDemand,
        regionDemand,
        signals,
        signalsEvaluate,
        allocationFlush,
        decisions,
        revenueShare);
  }

  private static String name(Map<String, ?> config, String key, String defaultName) {
    Object value = config.get(key);
    return value == null ? defaultName : value.toString().strip();
  }

  private static void requireName(String name, String key) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(key + " must name a topic, got '" + name + "'");
    }
  }
}
