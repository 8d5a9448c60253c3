package io.demandflow.pipeline.app;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How an environment variable names a setting. Two forms:
 *
 * <ul>
 *   <li>{@code DEMANDFLOW_KAFKA_*} names any Kafka client, Kafka Streams or registry property,
 *       never a demandflow one: the rest is lower-cased, {@code ___} becomes {@code -}, {@code __}
 *       becomes {@code _} and {@code _} becomes {@code .} (the convention of Confluent's images).
 *       {@code DEMANDFLOW_KAFKA_TOPIC_MIN_INSYNC_REPLICAS} → {@code topic.min.insync.replicas}.
 *   <li>{@code DEMANDFLOW_*} (any other): the rest is lower-cased, {@code __} becomes {@code -} and
 *       {@code _} becomes {@code .}; when {@code demandflow.} plus the result is a demandflow
 *       setting, that is meant ({@code DEMANDFLOW_TOPIC_ORDERS} → {@code demandflow.topic.orders}),
 *       otherwise the property itself ({@code DEMANDFLOW_BOOTSTRAP_SERVERS} → {@code
 *       bootstrap.servers}). Short, but Kafka's {@code topic.*} properties are shadowed by
 *       demandflow's topic names: hence the first form.
 * </ul>
 *
 * When both forms name the same property, the {@code DEMANDFLOW_KAFKA_*} one wins.
 */
final class EnvironmentKeys {

  static final String PREFIX = "DEMANDFLOW_";
  static final String KAFKA_PREFIX = "DEMANDFLOW_KAFKA_";

  private static final char DASH = '\u0000';
  private static final char UNDERSCORE = '\u0001';

  private EnvironmentKeys() {}

  /** Whether the variable is of the explicit {@code DEMANDFLOW_KAFKA_*} form. */
  static boolean isKafkaForm(String name) {
    return name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length();
  }

  /** The setting the variable names, or null when it is not one of ours. */
  static String keyOf(String name, Predicate<String> isOwnSetting) {
    if (name.startsWith(KAFKA_PREFIX)) {
      return isKafkaForm(name) ? kafkaKey(name.substring(KAFKA_PREFIX.length())) : null;
    }
    if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
      return null;
    }
    String key = dotted(name.substring(PREFIX.length()).replace("__", String.valueOf(DASH)));
    String ownKey = "demandflow." + key;
    return isOwnSetting.test(ownKey) ? ownKey : key;
  }

  private static String kafkaKey(String rest) {
    return dotted(
        rest.replace("___", String.valueOf(DASH)).replace("__", String.valueOf(UNDERSCORE)));
  }

  private static String dotted(String marked) {
    return marked
        .toLowerCase(Locale.ROOT)
        .replace('_', '.')
        .replace(DASH, '-')
        .replace(UNDERSCORE, '_');
  }

  /** Names of demandflow setting families, for {@link #keyOf}'s second form. */
  static Predicate<String> ownSettings(Set<String> keys, Set<String> prefixes) {
    return key -> keys.contains(key) || prefixes.stream().anyMatch(key::startsWith);
  }
}
