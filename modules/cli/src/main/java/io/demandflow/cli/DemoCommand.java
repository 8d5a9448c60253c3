package io.demandflow.cli;

import io.demandflow.cli.demo.DemandSummary;
import io.demandflow.cli.demo.DemoFeed;
import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.Order;
import io.demandflow.events.RegionDemand;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.registry.SpecificAvroSerde;
import java.io.IOException;
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
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
      "Runs demandflow on an embedded Kafka broker and schema registry with a built-in feed of",
      "orders (US and Chinese hyperscalers ordering H200 and H20 parts; Chinese demand surging;",
      "amendments and cancellations) and prints live demand by region and the top customers.",
      "Ctrl-C stops it and removes its temporary data."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--rate",
      defaultValue = "25",
      description = "Order events published per second (default: ${DEFAULT-VALUE}).")
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
      description = "Seed of the order feed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--top",
      defaultValue = "8",
      description = "Customers listed in the summary (default: ${DEFAULT-VALUE}).")
  int top;

  private final AtomicLong published = new AtomicLong();
  private ShutdownSignal stop;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path workDir = Files.createTempDirectory("demandflow-demo-");
    try (ShutdownSignal signal = new ShutdownSignal("demandflow-demo", Duration.ofSeconds(60))) {
      stop = signal;
      try {
        run(out, workDir);
      } finally {
        deleteRecursively(workDir);
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
              .resolve(System.getenv(), Map.of("state.dir", workDir.resolve("streams").toString()))
              .with(DemandflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers())
              .with(DemandflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
      out.printf(
          "demandflow demo: Kafka at %s, schema registry at %s%n",
          stack.bootstrapServers(), stack.schemaRegistryUrl());
      out.flush();
      try (DemandflowApp app = DemandflowApp.create(config).start()) {
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
          throw new IllegalStateException("the pipeline did not reach RUNNING within 60 s");
        }
        Thread feeder = new Thread(() -> feed(config, app), "demandflow-demo-feed");
        feeder.setDaemon(true);
        feeder.start();
        printUntilStopped(out, app);
        stop.requestStop();
        feeder.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }

  private void printUntilStopped(PrintWriter out, DemandflowApp app) throws InterruptedException {
    boolean terminal = System.console() != null;
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    do {
      String summary =
          DemandSummary.render(
              readAll(app, StoreNames.REGION_DEMAND, RegionDemand.class),
              readAll(app, StoreNames.CUSTOMER_DEMAND, CustomerDemand.class),
              top);
      if (terminal) {
        out.print("\033[H\033[2J"); // clear the screen so the summary updates in place
      }
      out.printf(
          "demandflow demo  %s UTC  %,d order events published  (Ctrl-C to stop)%n%n%s%n",
          LocalTime.now(Clock.systemUTC()).format(DateTimeFormatter.ofPattern("HH:mm:ss")),
          published.get(),
          summary);
      out.flush();
    } while (System.nanoTime() < deadline
        && !stop.awaitStop(
            Duration.ofNanos(Math.min(refresh.toNanos(), deadline - System.nanoTime()))));
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

  private void feed(DemandflowConfig config, DemandflowApp app) {
    Properties props = config.kafkaProperties();
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    SpecificAvroSerde<Order> serde = new SpecificAvroSerde<>(Order.class);
    serde.configure(config.serdeConfig(), false);
    DemoFeed orders = new DemoFeed(seed, YearMonth.now(ZoneOffset.UTC).plusMonths(1), 6);
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, rate);
    try (KafkaProducer<String, Order> producer =
        new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
      long next = System.nanoTime();
      while (!stop.isStopRequested()) {
        Order order = orders.next(Instant.now());
        producer.send(new ProducerRecord<>(app.topics().orders(), order.getOrderId(), order));
        published.incrementAndGet();
        next += intervalNanos;
        long wait = next - System.nanoTime();
        // Sleep rather than spin: a busy-waiting rate limiter burns a core the pipeline needs.
        if (wait > 0 && stop.awaitStop(Duration.ofNanos(wait))) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: the directory is under the system temp dir.
    }
  }
}
