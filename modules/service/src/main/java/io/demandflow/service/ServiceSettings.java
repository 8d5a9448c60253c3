package io.demandflow.service;

import io.demandflow.pipeline.app.DemandflowConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of the HTTP service, read through {@link DemandflowConfig} (so files, {@code
 * DEMANDFLOW_HTTP_*} environment variables and {@code -D} flags all work). Each has a default here,
 * because the service, not the pipeline, owns them.
 */
public final class ServiceSettings {

  /** Port of the HTTP server; {@code 0} picks a free one. */
  public static final String HTTP_PORT = "demandflow.http.port";

  /** Address the HTTP server binds to. */
  public static final String HTTP_HOST = "demandflow.http.host";

  /**
   * Host name other instances use to reach this one ({@code application.server}); by default the
   * bind address, or this machine's host name when bound to every interface. In Kubernetes: the
   * pod's DNS name under the headless service.
   */
  public static final String HTTP_ADVERTISED_HOST = "demandflow.http.advertised-host";

  /** How long an interactive query retries while stores migrate, before it answers 503. */
  public static final String QUERY_TIMEOUT_MS = "demandflow.http.query-timeout.ms";

  /** How often the gauges computed from the stores are recomputed (never per scrape). */
  public static final String METRICS_REFRESH_MS = "demandflow.http.metrics-refresh.ms";

  /** Every setting of the service with its default. */
  public static final Map<String, String> DEFAULTS =
      Map.of(
          HTTP_PORT, "8080",
          HTTP_HOST, "0.0.0.0",
          QUERY_TIMEOUT_MS, "10000",
          METRICS_REFRESH_MS, "10000");

  private final DemandflowConfig config;

  public ServiceSettings(DemandflowConfig config) {
    this.config = config;
  }

  public int httpPort() {
    return Integer.parseInt(value(HTTP_PORT));
  }

  public String httpHost() {
    return value(HTTP_HOST);
  }

  /** The host part of {@code application.server}. */
  public String advertisedHost() {
    String configured = config.get(HTTP_ADVERTISED_HOST);
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    String bound = httpHost();
    if (!bound.equals("0.0.0.0") && !bound.equals("::")) {
      return bound;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  public Duration queryTimeout() {
    return Duration.ofMillis(Long.parseLong(value(QUERY_TIMEOUT_MS)));
  }

  public Duration metricsRefresh() {
    return Duration.ofMillis(Long.parseLong(value(METRICS_REFRESH_MS)));
  }

  private String value(String key) {
    return config.get(key, DEFAULTS.get(key)).trim();
  }
}
