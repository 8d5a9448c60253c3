package io.demandflow.registry;

import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration keys understood by {@link SchemaRegistryClients} and the serdes. The names are
 * Confluent's, so an existing serde configuration works unchanged.
 */
public final class SchemaRegistryConfig {

  /** Comma-separated base URLs ({@code http://}, {@code https://}) or one {@code mock://scope}. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Serializer registers unknown schemas (default true); when false it only looks them up. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** {@code USER_INFO} (credentials in {@link #BASIC_AUTH_USER_INFO}) or {@code URL}. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:password} for HTTP Basic auth; never logged. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

  /** Trust store type; default the JDK's (PKCS12, which also reads JKS). */
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** Retries after a 5xx or connection error, default 3 (so 4 attempts in all). */
  public static final String MAX_RETRIES = "schema.registry.max.retries";

  /** First retry delay, doubled per retry up to {@link #RETRY_BACKOFF_MAX_MS}; default 100. */
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

  public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";

  /** Timeout of one HTTP request (and of connecting), default 2000. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /**
   * Bound on one API call, all attempts and backoff included; default 5000. Calls run on stream
   * threads inside an exactly-once transaction, so this must stay well below {@code
   * transaction.timeout.ms} (10000 under Kafka Streams' exactly-once).
   */
  public static final String CALL_TIMEOUT_MS = "schema.registry.call.timeout.ms";

  public static final long CALL_TIMEOUT_MS_DEFAULT = 5_000;

  private SchemaRegistryConfig() {}

  static String string(Map<String, ?> configs, String key, String fallback) {
    Object value = configs.get(key);
    if (value == null) {
      return fallback;
    }
    // Kafka's ConfigDef hands secrets over as Password, whose toString() hides the value.
    return value instanceof Password p ? p.value() : value.toString().trim();
  }

  static long number(Map<String, ?> configs, String key, long fallback) {
    Object value = configs.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number but was '" + value + "'", e);
    }
  }

  static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
    Object value = configs.get(key);
    return value == null ? fallback : Boolean.parseBoolean(value.toString().trim());
  }
}
