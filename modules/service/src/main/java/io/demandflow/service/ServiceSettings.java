package io.demandflow.service;

import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.service.http.AccessControl;
import io.demandflow.service.http.security.AccessPolicy;
import io.demandflow.service.http.security.Credentials;
import io.demandflow.service.http.security.HttpAuthentication;
import io.demandflow.service.http.security.KeyStoreFile;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

  /**
   * How callers authenticate: {@code none}, or {@code basic}, {@code bearer} or both ({@code
   * basic,bearer}).
   */
  public static final String AUTH = "demandflow.http.auth";

  /** Users for basic auth, one {@code name:role:pbkdf2-sha256:...} line each. */
  public static final String AUTH_USERS_FILE = "demandflow.http.auth.users-file";

  /** Bearer tokens, one {@code name:role:sha256:<hex>} line each. */
  public static final String AUTH_TOKENS_FILE = "demandflow.http.auth.tokens-file";

  /**
   * The token instances present to each other when they forward queries; the same on every
   * instance, required when authentication is on.
   */
  public static final String AUTH_PEER_TOKEN = "demandflow.http.auth.peer-token";

  /**
   * Whether {@code /health/live}, {@code /health/ready} and {@code /metrics} need no credentials.
   */
  public static final String AUTH_OPEN_HEALTH_METRICS = "demandflow.http.auth.open-health-metrics";

  /** The key store of the HTTP server; when set, the service serves HTTPS only. */
  public static final String TLS_KEYSTORE_LOCATION = "demandflow.http.tls.keystore.location";

  public static final String TLS_KEYSTORE_PASSWORD = "demandflow.http.tls.keystore.password";
  public static final String TLS_KEYSTORE_TYPE = "demandflow.http.tls.keystore.type";

  /**
   * The trust store an instance checks the certificates of other instances with when it forwards
   * queries over HTTPS; by default the JDK's.
   */
  public static final String TLS_TRUSTSTORE_LOCATION = "demandflow.http.tls.truststore.location";

  public static final String TLS_TRUSTSTORE_PASSWORD = "demandflow.http.tls.truststore.password";
  public static final String TLS_TRUSTSTORE_TYPE = "demandflow.http.tls.truststore.type";

  /** A peer token shorter than this is refused: it guards every planner route of every instance. */
  static final int MIN_PEER_TOKEN_LENGTH = 24;

  /** Every setting of the service with its default. */
  public static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry(HTTP_PORT, "8080"),
          Map.entry(HTTP_HOST, "0.0.0.0"),
          Map.entry(QUERY_TIMEOUT_MS, "10000"),
          Map.entry(METRICS_REFRESH_MS, "10000"),
          Map.entry(AUTH, "none"),
          Map.entry(AUTH_OPEN_HEALTH_METRICS, "true"),
          Map.entry(TLS_KEYSTORE_TYPE, "PKCS12"),
          Map.entry(TLS_TRUSTSTORE_TYPE, "PKCS12"));

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

  /** The schemes callers may use; empty when authentication is off. */
  public Set<HttpAuthentication.Scheme> authSchemes() {
    String configured = value(AUTH).toLowerCase(Locale.ROOT);
    Set<HttpAuthentication.Scheme> schemes = EnumSet.noneOf(HttpAuthentication.Scheme.class);
    if (configured.equals("none")) {
      return schemes;
    }
    for (String name : configured.split(",")) {
      try {
        schemes.add(HttpAuthentication.Scheme.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            AUTH + " is none, basic, bearer or basic,bearer; not '" + configured + "'", e);
      }
    }
    return schemes;
  }

  /**
   * What guards the routes: {@link AccessControl#OPEN} when authentication is off, else the
   * credentials of the users and tokens files.
   *
   * @throws IllegalArgumentException when a scheme lacks its file, or the peer token is missing
   */
  public AccessControl accessControl() {
    Set<HttpAuthentication.Scheme> schemes = authSchemes();
    if (schemes.isEmpty()) {
      return AccessControl.OPEN;
    }
    Optional<Path> usersFile = path(AUTH_USERS_FILE);
    Optional<Path> tokensFile = path(AUTH_TOKENS_FILE);
    if (schemes.contains(HttpAuthentication.Scheme.BASIC) && usersFile.isEmpty()) {
      throw new IllegalArgumentException(AUTH + " includes basic: set " + AUTH_USERS_FILE);
    }
    if (schemes.contains(HttpAuthentication.Scheme.BEARER) && tokensFile.isEmpty()) {
      throw new IllegalArgumentException(AUTH + " includes bearer: set " + AUTH_TOKENS_FILE);
    }
    Credentials credentials =
        Credentials.load(
            schemes.contains(HttpAuthentication.Scheme.BASIC) ? usersFile : Optional.empty(),
            schemes.contains(HttpAuthentication.Scheme.BEARER) ? tokensFile : Optional.empty(),
            peerToken());
    boolean openHealthMetrics = Boolean.parseBoolean(value(AUTH_OPEN_HEALTH_METRICS));
    return new HttpAuthentication(schemes, credentials, new AccessPolicy(openHealthMetrics));
  }

  /**
   * The token this instance forwards queries with: empty when authentication is off.
   *
   * @throws IllegalArgumentException when authentication is on and the token is missing or short
   */
  public Optional<String> peerToken() {
    if (authSchemes().isEmpty()) {
      return Optional.empty();
    }
    String token = config.get(AUTH_PEER_TOKEN);
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          AUTH
              + " is on: set "
              + AUTH_PEER_TOKEN
              + " (the same on every instance; e.g. the output of `openssl rand -base64 32`)");
    }
    if (token.trim().length() < MIN_PEER_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          AUTH_PEER_TOKEN + " must have at least " + MIN_PEER_TOKEN_LENGTH + " characters");
    }
    return Optional.of(token.trim());
  }

  /** The server's key store: present when the service serves HTTPS. */
  public Optional<KeyStoreFile> tlsKeyStore() {
    Optional<Path> location = path(TLS_KEYSTORE_LOCATION);
    if (location.isEmpty()) {
      return Optional.empty();
    }
    String password = config.get(TLS_KEYSTORE_PASSWORD);
    if (password == null) {
      throw new IllegalArgumentException(
          TLS_KEYSTORE_LOCATION + " is set: set " + TLS_KEYSTORE_PASSWORD + " too");
    }
    return Optional.of(new KeyStoreFile(location.get(), password, value(TLS_KEYSTORE_TYPE)));
  }

  /** The trust store for calls to other instances, if one is configured. */
  public Optional<KeyStoreFile> tlsTrustStore() {
    return path(TLS_TRUSTSTORE_LOCATION)
        .map(
            location ->
                new KeyStoreFile(
                    location, config.get(TLS_TRUSTSTORE_PASSWORD), value(TLS_TRUSTSTORE_TYPE)));
  }

  private Optional<Path> path(String key) {
    return Optional.ofNullable(config.get(key))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .map(Path::of);
  }

  private String value(String key) {
    return config.get(key, DEFAULTS.get(key)).trim();
  }
}
