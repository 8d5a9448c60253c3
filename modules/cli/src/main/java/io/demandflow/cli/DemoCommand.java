package io.demandflow.cli;

import io.demandflow.cli.demo.AllocationSummary;
import io.demandflow.cli.demo.DemandSummary;
import io.demandflow.cli.demo.LatestSignals;
import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.ProductionSignal;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.ingest.simulate.Pacer;
import io.demandflow.ingest.simulate.Simulator;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.allocation.LedgerStores;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.signals.SignalSettings;
import io.demandflow.service.DemandflowService;
import io.demandflow.service.ServiceSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demandflow demo}: everything in one process, no setup. Starts the embedded broker and
 * registry, runs the pipeline, feeds it the built-in scenario and prints a live summary until
 * Ctrl-C (or {@code --duration}); then stops cleanly and deletes its temporary data.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs demandflow on an embedded Kafka broker and schema registry, fed by the simulator",
      "(US and Chinese hyperscalers ordering H200 and H20 parts, Chinese demand surging,",
      "amendments, cancellations, allocation requests, supply and license changes, the shipped",
      "CN policy), and prints live demand by region, the top customers, allocation decisions,",
      "US coverage and production signals.",
      "Ctrl-C stops it and removes its temporary data."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--rate",
      defaultValue = "25",
      description = "Events published per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      description = "Stop after this long (ISO-8601, e.g. PT2M); default: run until Ctrl-C.")
  Duration duration;

  @Option(
      names = "--refresh",
      defaultValue = "PT2S",
      description = "How often the summary is printed (default: ${DEFAULT-VALUE}).")
  Duration refresh;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the simulated feed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--top",
      defaultValue = "8",
      description = "Customers listed in the summary (default: ${DEFAULT-VALUE}).")
  int top;

  private final AtomicLong published = new AtomicLong();
  private ShutdownSignal stop;

  /** How many of the most recent production signals the summary shows. */
  private static final int LATEST_SIGNALS = 5;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path workDir = Files.createTempDirectory("demandflow-demo-");
    try (ShutdownSignal signal = new ShutdownSignal("demandflow-demo", Duration.ofSeconds(60))) {
      stop = signal;
      try {
        run(out, workDir);
      } finally {
        TemporaryDirectory.deleteRecursively(workDir);
      }
    }
    out.println("demandflow demo stopped; temporary data removed.");
    out.flush();
    return ExitCodes.OK;
  }

  private void run(PrintWriter out, Path workDir) throws InterruptedException {
    try (LocalKafkaStack stack =
        LocalKafkaStack.builder().broker(b -> b.dataDirectory(workDir.resolve("kafka"))).start()) {
      DemandflowConfig config =
          connection
              .resolve(
                  System.getenv(),
                  Map.of(
                      "state.dir",
                      workDir.resolve("streams").toString(),
                      // The HTTP service on a free local port, printed below.
                      ServiceSettings.HTTP_PORT,
                      "0",
                      ServiceSettings.HTTP_HOST,
                      "127.0.0.1",
                      // Production signals every 10 s rather than every minute: a demo is short.
                      SignalSettings.INTERVAL_MS,
                      "10000"))
              .with(DemandflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers())
              .with(DemandflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
      try (DemandflowService service = DemandflowService.create(config).start();
          LatestSignals signals = new LatestSignals(config, LATEST_SIGNALS)) {
        DemandflowApp app = service.app();
        out.printf(
            "demandflow demo: Kafka at %s, schema registry at %s, HTTP at %s, console at %s/%n",
            stack.bootstrapServers(), stack.schemaRegistryUrl(), service.url(), service.url());
        out.flush();
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
          throw new IllegalStateException("the pipeline did not reach RUNNING within 60 s");
        }
        Thread feeder = new Thread(() -> feed(config), "demandflow-demo-feed");
        feeder.setDaemon(true);
        feeder.start();
        printUntilStopped(out, app, signals);
        stop.requestStop();
        feeder.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }

  private void printUntilStopped(PrintWriter out, DemandflowApp app, LatestSignals signals)
      throws InterruptedException {
    boolean terminal = System.console() != null;
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    do {
      String summary =
          DemandSummary.render(
                  readAll(app, StoreNames.REGION_DEMAND, RegionDemand.class),
                  readAll(app, StoreNames.CUSTOMER_DEMAND, CustomerDemand.class),
                  top)
              + "\n"
              + AllocationSummary.render(
                  readAll(app, LedgerStores.ALLOCATIONS, LedgerAllocation.class),
                  readAll(app, LedgerStores.TOTALS, LedgerTotals.class));
      if (terminal) {
        out.print("\033[H\033[2J"); // clear the screen so the summary updates in place
      }
      out.printf(
          "demandflow demo  %s UTC  %,d events published  (Ctrl-C to stop)%n%n%s%n",
          LocalTime.now(Clock.systemUTC()).format(DateTimeFormatter.ofPattern("HH:mm:ss")),
          published.get(),
          summary);
      out.printf("%nLatest production signals%n%s", signalLines(signals.refresh()));
      out.flush();
    } while (System.nanoTime() < deadline
        && !stop.awaitStop(
            Duration.ofNanos(Math.min(refresh.toNanos(), deadline - System.nanoTime()))));
  }

  private static String signalLines(List<ProductionSignal> signals) {
    if (signals.isEmpty()) {
      return "  (none yet: evaluated every 10 s)\n";
    }
    StringBuilder lines = new StringBuilder();
    signals.forEach(signal -> lines.append(SignalsCommand.format(signal)).append('\n'));
    return lines.toString();
  }

  private static <V> List<V> readAll(DemandflowApp app, String storeName, Class<V> type) {
    List<V> rows = new ArrayList<>();
    try {
      ReadOnlyKeyValueStore<String, V> store =
          app.streams()
              .store(
                  StoreQueryParameters.fromNameAndType(
                      storeName, QueryableStoreTypes.<String, V>keyValueStore()));
      try (KeyValueIterator<String, V> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, V> row = all.next();
          rows.add(type.cast(row.value));
        }
      }
    } catch (InvalidStateStoreException rebalancing) {
      // The store is briefly unavailable while tasks move; the next refresh shows it again.
    }
    return rows;
  }

  /** Publishes the simulator's events (SPEC §1 situation) at {@code --rate} until stopped. */
  private void feed(DemandflowConfig config) {
    Simulator simulator =
        new Simulator(
            Simulator.Settings.defaults(seed, YearMonth.now(ZoneOffset.UTC).plusMonths(1)));
    try (DemandflowPublisher publisher = DemandflowPublisher.create(config.asMap())) {
      // Sleeps rather than spins: a busy-waiting rate limiter burns a core the pipeline needs.
      Pacer pacer = new Pacer(rate, stop::awaitStop);
      while (!stop.isStopRequested() && !pacer.awaitNext()) {
        publisher.publish(simulator.next(Instant.now()));
        published.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
