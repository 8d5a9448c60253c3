package io.demandflow.service;

import com.sun.net.httpserver.HttpServer;
import io.demandflow.pipeline.allocation.AllocationTopology;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.service.console.ConsolePage;
import io.demandflow.service.http.HttpResponse;
import io.demandflow.service.http.Router;
import io.demandflow.service.metrics.ServiceMetrics;
import io.demandflow.service.metrics.StoreGauges;
import io.demandflow.service.query.StateApi;
import io.demandflow.service.query.StoreQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
    try {
      server =
          HttpServer.create(new InetSocketAddress(settings.httpHost(), settings.httpPort()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + settings.httpHost() + ":" + settings.httpPort(), e);
    }
    try {
      HostInfo self = new HostInfo(settings.advertisedHost(), server.getAddress().getPort());
      this.url = URI.create("http://" + self.host() + ":" + self.port());
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
          new Router()
              .get("/metrics", r -> HttpResponse.text(200, PROMETHEUS_TEXT, metrics.scrape()))
              .get("/health/live", r -> health.live())
              .get("/health/ready", r -> health.ready())
              .get("/topology", r -> HttpResponse.text(200, HttpResponse.TEXT, topology));
      new StateApi(new StoreQueries(app.streams(), self, settings.queryTimeout()))
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

  /** Where this instance answers, e.g. {@code http://host:8080}. */
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
