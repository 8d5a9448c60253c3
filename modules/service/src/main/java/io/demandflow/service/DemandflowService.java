package io.demandflow.service;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.demandflow.pipeline.allocation.AllocationTopology;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.service.console.ConsolePage;
import io.demandflow.service.http.AccessControl;
import io.demandflow.service.http.HttpResponse;
import io.demandflow.service.http.Router;
import io.demandflow.service.http.security.KeyStoreFile;
import io.demandflow.service.metrics.ServiceMetrics;
import io.demandflow.service.metrics.StoreGauges;
import io.demandflow.service.query.PeerClient;
import io.demandflow.service.query.StateApi;
import io.demandflow.service.query.StoreQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams application with its operations endpoints, on the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code /metrics}: Prometheus text ({@link ServiceMetrics});
 *   <li>{@code /health/live}, {@code /health/ready}: the probes ({@link Health});
 *   <li>{@code /topology}: {@code topology.describe()};
 *   <li>{@code /api/...}: the interactive-query API ({@link StateApi});
 *   <li>{@code /}: the planner console, a page over that API ({@link ConsolePage}).
 * </ul>
 *
 * <p>With {@code demandflow.http.tls.keystore.location} set it serves HTTPS only; with {@code
 * demandflow.http.auth} on, every route but the open probes needs credentials and a role ({@link
 * io.demandflow.service.http.security.AccessPolicy}).
 *
 * <p>The HTTP port is bound before the application is built, so that {@code application.server}
 * (how other instances reach this one) can name the real port even when {@code
 * demandflow.http.port=0} picks a free one. Closing stops the HTTP server, then the application
 * (within {@code demandflow.close.timeout.ms}), then the metrics.
 */
public final class DemandflowService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemandflowService.class);
  private static final int HTTP_THREADS = 8;

  private final HttpServer server;
  private final ExecutorService httpThreads;
  private final DemandflowApp app;
  private final ServiceMetrics metrics;
  private final URI url;

  private DemandflowService(DemandflowConfig config) {
    ServiceSettings settings = new ServiceSettings(config);
    // Settings are checked (and credential files read) before the port is bound.
    AccessControl access = settings.accessControl();
    Optional<SSLContext> serverTls = settings.tlsKeyStore().map(KeyStoreFile::serverContext);
    PeerClient peers =
        new PeerClient(serverTls.map(serving -> peerTrust(settings)), settings.peerToken());
    server = bind(settings, serverTls);
    try {
      HostInfo self = new HostInfo(settings.advertisedHost(), server.getAddress().getPort());
      this.url = peers.base(self);
      this.app = DemandflowApp.create(applicationConfig(config, self));
      this.metrics =
          new ServiceMetrics(
              app,
              StoreGauges.demandFigures(
                  AllocationTopology.settings(app.config().asMap()).priorityRegion()),
              settings.metricsRefresh());
      Health health = new Health(app.streams());
      String topology = app.topology().describe().toString();
      Router router =
          new Router(access)
              .get("/metrics", r -> HttpResponse.text(200, PROMETHEUS_TEXT, metrics.scrape()))
              .get("/health/live", r -> health.live())
              .get("/health/ready", r -> health.ready())
              .get("/topology", r -> HttpResponse.text(200, HttpResponse.TEXT, topology));
      new StateApi(new StoreQueries(app.streams(), self, settings.queryTimeout(), peers))
          .registerAll(router);
      new ConsolePage().register(router);
      server.createContext("/", router);
      AtomicInteger threads = new AtomicInteger();
      httpThreads =
          Executors.newFixedThreadPool(
              HTTP_THREADS,
              runnable -> {
                Thread thread =
                    new Thread(runnable, "demandflow-http-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      server.setExecutor(httpThreads);
    } catch (RuntimeException e) {
      server.stop(0);
      throw e;
    }
  }

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** An HTTPS server when a key store is configured, else plain HTTP. */
  private static HttpServer bind(ServiceSettings settings, Optional<SSLContext> tls) {
    InetSocketAddress address = new InetSocketAddress(settings.httpHost(), settings.httpPort());
    try {
      if (tls.isEmpty()) {
        return HttpServer.create(address, 0);
      }
      HttpsServer server = HttpsServer.create(address, 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + settings.httpHost() + ":" + settings.httpPort(), e);
    }
  }

  /** What an instance trusts when it calls another over HTTPS: the trust store, else the JDK's. */
  private static SSLContext peerTrust(ServiceSettings settings) {
    Optional<KeyStoreFile> trustStore = settings.tlsTrustStore();
    if (trustStore.isPresent()) {
      return trustStore.get().clientContext();
    }
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no default TLS context", e);
    }
  }

  /**
   * Binds the HTTP port and builds the application; nothing runs before {@link #start()}.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static DemandflowService create(DemandflowConfig config) {
    return new DemandflowService(config);
  }

  /**
   * The configuration the application runs with: {@code config} plus {@code application.server}
   * (unless set explicitly).
   */
  static DemandflowConfig applicationConfig(DemandflowConfig config, HostInfo self) {
    DemandflowConfig effective = config;
    if (config.get(StreamsConfig.APPLICATION_SERVER_CONFIG) == null) {
      effective =
          effective.with(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    }
    return effective;
  }

  /** Starts the HTTP server (probes answer during start-up), then the application. */
  public DemandflowService start() {
    server.start();
    metrics.start();
    app.start();
    log.info("demandflow HTTP service at {}", url);
    return this;
  }

  /** Where this instance answers, e.g. {@code http://host:8080} or {@code https://host:8443}. */
  public URI url() {
    return url;
  }

  public DemandflowApp app() {
    return app;
  }

  public ServiceMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    server.stop(0);
    httpThreads.shutdownNow();
    try {
      app.close();
    } finally {
      metrics.close();
    }
  }
}
