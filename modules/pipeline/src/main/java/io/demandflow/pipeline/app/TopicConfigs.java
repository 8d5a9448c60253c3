package io.demandflow.pipeline.app;

import io.demandflow.topics.TopicNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The configuration of every demandflow topic, chosen by what the topic is for (docs/topics.md).
 *
 * <ul>
 *   <li>Input event topics (orders, allocations, supply) keep every record by default: time-based
 *       deletion could remove input the pipeline has not processed yet.
 *   <li>Input and DLQ topics take the broker's arrival time as record timestamp ({@code
 *       LogAppendTime}), whatever a producer sets: an event time from last year in a producer's
 *       timestamp can then neither trigger retention nor be refused by the broker's timestamp
 *       checks.
 *   <li>Allocation decisions are an audit trail: kept forever by default.
 *   <li>The DLQ keeps every bad record (with its source topic, partition and offset headers) until
 *       an operator has dealt with it: kept forever by default.
 *   <li>Licenses, policies, the demand tables and revenue share are state: compacted, never deleted
 *       by time.
 *   <li>Signals, signal evaluation requests and order-book flush requests are notifications: a
 *       week.
 * </ul>
 */
public final class TopicConfigs {

  private static final String LOG_APPEND_TIME = "LogAppendTime";
  private static final String CREATE_TIME = "CreateTime";

  /** retention.ms of orders, allocations and supply; -1 (default) keeps every record. */
  public static final String INPUTS_RETENTION_MS = "demandflow.topic.inputs.retention.ms";

  /** retention.ms of the allocation decisions; -1 (default) keeps every decision. */
  public static final String DECISIONS_RETENTION_MS = "demandflow.topic.decisions.retention.ms";

  /** retention.ms of the dead-letter topic; -1 (default) keeps every dead letter. */
  public static final String DLQ_RETENTION_MS = "demandflow.topic.dlq.retention.ms";

  /**
   * message.timestamp.type of the five input topics: {@code LogAppendTime} (default) or {@code
   * CreateTime}. Replay takes {@code CreateTime} with timestamps of its own that follow file order,
   * so records of different input topics published in one burst are still taken in file order
   * (broker arrival times of one burst tie at the millisecond).
   */
  public static final String INPUTS_TIMESTAMP_TYPE = "demandflow.topic.inputs.timestamp.type";

  /** Defaults of the settings above, merged into {@link DemandflowConfig#DEFAULTS}. */
  static final Map<String, String> DEFAULTS =
      Map.of(
          INPUTS_RETENTION_MS,
          "-1",
          DECISIONS_RETENTION_MS,
          "-1",
          DLQ_RETENTION_MS,
          "-1",
          INPUTS_TIMESTAMP_TYPE,
          LOG_APPEND_TIME);

  /** Retention of signals and evaluation requests: 7 days, Kafka's usual default, made explicit. */
  static final String NOTIFICATION_RETENTION_MS = Long.toString(7L * 24 * 60 * 60 * 1000);

  private static final String UNLIMITED = "-1";

  private TopicConfigs() {}

  /**
   * The topic-level configuration of each topic of {@code topics}, in {@link TopicNames#all()}
   * order, with the retention settings of {@code config}.
   */
  public static Map<String, Map<String, String>> of(DemandflowConfig config, TopicNames topics) {
    String inputs = config.get(INPUTS_RETENTION_MS, UNLIMITED);
    String inputTimestamps = timestampType(config.get(INPUTS_TIMESTAMP_TYPE, LOG_APPEND_TIME));
    Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    for (String input : List.of(topics.orders(), topics.allocations(), topics.supply())) {
      configs.put(input, deleted(inputs, inputTimestamps));
    }
    configs.put(topics.licenses(), compacted(inputTimestamps));
    configs.put(topics.policies(), compacted(inputTimestamps));
    configs.put(topics.dlq(), deleted(config.get(DLQ_RETENTION_MS, UNLIMITED), LOG_APPEND_TIME));
    configs.put(topics.customerDemand(), compacted(CREATE_TIME));
    configs.put(topics.regionDemand(), compacted(CREATE_TIME));
    configs.put(topics.signals(), deleted(NOTIFICATION_RETENTION_MS, CREATE_TIME));
    configs.put(topics.signalsEvaluate(), deleted(NOTIFICATION_RETENTION_MS, CREATE_TIME));
    configs.put(topics.allocationFlush(), deleted(NOTIFICATION_RETENTION_MS, CREATE_TIME));
    configs.put(
        topics.decisions(), deleted(config.get(DECISIONS_RETENTION_MS, UNLIMITED), CREATE_TIME));
    configs.put(topics.revenueShare(), compacted(CREATE_TIME));
    return configs;
  }

  private static String timestampType(String value) {
    String type = value.strip();
    if (!type.equals(LOG_APPEND_TIME) && !type.equals(CREATE_TIME)) {
      throw new IllegalArgumentException(
          INPUTS_TIMESTAMP_TYPE + " must be LogAppendTime or CreateTime, got '" + value + "'");
    }
    return type;
  }

  private static Map<String, String> deleted(String retentionMs, String timestampType) {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG,
        Long.toString(Long.parseLong(retentionMs.strip())),
        TopicConfig.RETENTION_BYTES_CONFIG,
        UNLIMITED,
        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
        timestampType);
  }

  private static Map<String, String> compacted(String timestampType) {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_COMPACT,
        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
        timestampType);
  }
}
