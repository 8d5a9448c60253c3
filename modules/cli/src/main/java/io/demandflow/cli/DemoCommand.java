package io.demandflow.cli;

import io.demandflow.cli.demo.AllocationSummary;
import io.demandflow.cli.demo.DemandSummary;
import io.demandflow.cli.demo.DemoLogging;
import io.demandflow.cli.demo.LatestSignals;
import io.demandflow.cli.demo.LiveStores;
import io.demandflow.cli.demo.SituationSummary;
import io.demandflow.cli.demo.StoryProgress;
import io.demandflow.commands.ConnectionOptions;
import io.demandflow.commands.ExitCodes;
import io.demandflow.commands.ShutdownSignal;
import io.demandflow.commands.SignalsCommand;
import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.embedded.TemporaryDirectory;
import io.demandflow.events.CustomerDemand;
import io.demandflow.events.ProductionSignal;
import io.demandflow.events.RegionDemand;
import io.demandflow.events.RevenueShare;
import io.demandflow.events.internal.LedgerAllocation;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.ingest.simulate.DemoStory;
import io.demandflow.ingest.simulate.Pacer;
import io.demandflow.ingest.simulate.Simulator;
import io.demandflow.pipeline.StoreNames;
import io.demandflow.pipeline.allocation.AllocationTopology;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demandflow demo}: everything in one process, no setup. Starts the embedded broker and
 * registry, runs the pipeline, feeds it the simulator's events with the story of SPEC §1 ({@link
 * DemoStory}) woven in, and prints a live summary until Ctrl-C (or {@code --duration}); then stops
 * cleanly and deletes its temporary data. Library logging goes to a log file that stays.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs demandflow on an embedded Kafka broker and schema registry, fed by the",
      "simulator (US and Chinese hyperscalers ordering H200 and H20 parts, Chinese",
      "demand surging, amendments, cancellations, allocation requests, supply and",
      "license changes) and a story that plays SPEC section 1 through: China's import",
      "approval PENDING, then APPROVED after --approval-after; then a supply cut and a",
      "US demand surge, --story-step apart, preempting Chinese grants.",
      "Prints live demand by region, the top customers, allocation decisions, US",
      "coverage, the story's steps, grants by region, refusals, revenue share,",
      "preemptions and production signals. Library logs go to --log-file.",
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

  @Option(
      names = "--approval-after",
      defaultValue = "PT60S",
      description =
          "When China's import approval arrives: CN policy from PENDING to APPROVED"
              + " (default: ${DEFAULT-VALUE}).")
  Duration approvalAfter;

  @Option(
      names = "--story-step",
      defaultValue = "PT30S",
      description =
          "Time from the approval to the supply cut, and from the cut to the US demand surge"
              + " (default: ${DEFAULT-VALUE}).")
  Duration storyStep;

  @Option(
      names = "--log-file",
      description =
          "Where the logs of Kafka, Kafka Streams, the registry and demandflow go (replaced);"
              + " default: a new demandflow-demo-*.log in the temporary directory.")
  Path logFile;

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  private final AtomicLong published = new AtomicLong();

  /** The story's steps published so far, as the summary shows them. */
  private final List<String> storyLines = new CopyOnWriteArrayList<>();

  private ShutdownSignal stop;
  private Path logPath;
  private DemoStory story;
  private volatile List<DemoStory.Step> storySteps;

  /** How much later than planned the story runs. */
  private volatile Duration storyDelay = Duration.ZERO;

  /** How many of the most recent production signals the summary shows. */
  private static final int LATEST_SIGNALS = 5;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    logPath = logFile != null ? logFile : Files.createTempFile("demandflow-demo-", ".log");
    DemoLogging.toFile(logPath);
    out.printf(
        "demandflow demo: logs of Kafka, Kafka Streams and the registry go to %s%n", logPath);
    out.flush();
    Simulator.Settings settings =
        Simulator.Settings.defaults(seed, YearMonth.now(ZoneOffset.UTC).plusMonths(1));
    story = new DemoStory(DemoStory.periodAfter(settings), approvalAfter, storyStep);
    Path workDir = Files.createTempDirectory("demandflow-demo-");
    try (ShutdownSignal signal = new ShutdownSignal("demandflow-demo", Duration.ofSeconds(60))) {
      stop = signal;
      try {
        run(out, workDir, settings);
      } finally {
        TemporaryDirectory.deleteRecursively(workDir);
      }
    }
    out.printf("demandflow demo stopped; temporary data removed; the log is in %s%n", logPath);
    out.flush();
    return ExitCodes.OK;
  }

  private void run(PrintWriter out, Path workDir, Simulator.Settings settings)
      throws InterruptedException {
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
        Thread feeder = new Thread(() -> feed(app, settings), "demandflow-demo-feed");
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
      List<LedgerAllocation> allocations =
          LiveStores.readAll(app, LedgerStores.ALLOCATIONS, LedgerAllocation.class);
      List<LedgerTotals> ledgers = LiveStores.readAll(app, LedgerStores.TOTALS, LedgerTotals.class);
      List<ProductionSignal> latestSignals = signals.refresh();
      String summary =
          DemandSummary.render(
                  LiveStores.readAll(app, StoreNames.REGION_DEMAND, RegionDemand.class),
                  LiveStores.readAll(app, StoreNames.CUSTOMER_DEMAND, CustomerDemand.class),
                  top)
              + "\n"
              + AllocationSummary.render(allocations, ledgers)
              + "\n"
              + storyLines()
              + "\n"
              + SituationSummary.render(
                  allocations,
                  LiveStores.readAll(app, LedgerStores.REVENUE_SHARE, RevenueShare.class),
                  ledgers,
                  new SituationSummary.StoryKey(
                      DemoStory.STORY_PRODUCT,
                      story.period().toString(),
                      signals.latest(DemoStory.STORY_PRODUCT, story.period().toString())));
      if (terminal) {
        out.print("\033[H\033[2J"); // clear the screen so the summary updates in place
      }
      // The log file again: on a terminal the first lines are cleared away.
      out.printf(
          "demandflow demo  %s UTC  %,d events published  (Ctrl-C to stop)%nlogs in %s%n%n%s%n",
          LocalTime.now(Clock.systemUTC()).format(DateTimeFormatter.ofPattern("HH:mm:ss")),
          published.get(),
          logPath,
          summary);
      out.printf("%nLatest production signals%n%s", signalLines(latestSignals));
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

  /** The story's steps so far, and the next one with the time it is due. */
  private String storyLines() {
    StringBuilder out =
        new StringBuilder(
            "The story: "
                + DemoStory.STORY_PRODUCT
                + " "
                + story.period()
                + " (times since the feed started)\n");
    storyLines.forEach(line -> out.append("  ").append(line).append('\n'));
    if (storySteps != null && storyLines.size() < storySteps.size()) {
      DemoStory.Step next = storySteps.get(storyLines.size());
      out.append(
          String.format(
              "    next at %s: %s%n", minutesSeconds(next.at().plus(storyDelay)), next.headline()));
    }
    return out.toString();
  }

  /**
   * Publishes the simulator's events (SPEC §1 situation) at {@code --rate} until stopped, and each
   * step of the story when it is due.
   */
  private void feed(DemandflowApp app, Simulator.Settings settings) {
    Simulator simulator = new Simulator(settings);
    long startNanos = System.nanoTime();
    storySteps = story.steps(Instant.now());
    int nextStep = 0;
    StoryProgress progress =
        new StoryProgress(app, AllocationTopology.settings(app.config().asMap()).priorityRegion());
    try (DemandflowPublisher publisher = DemandflowPublisher.create(app.config().asMap())) {
      // Sleeps rather than spins: a busy-waiting rate limiter burns a core the pipeline needs.
      Pacer pacer = new Pacer(rate, stop::awaitStop);
      while (!stop.isStopRequested() && !pacer.awaitNext()) {
        // The simulator's first event is the PENDING CN policy the story starts from.
        publisher.publish(simulator.next(Instant.now()));
        published.incrementAndGet();
        // Each step counts on the ones before having been processed (the pending request must meet
        // the PENDING policy, the cut must find the grants): like a replay's barrier (SPEC §4), a
        // due step waits until the ledger has taken in the story so far; the random feed goes on.
        while (nextStep < storySteps.size()
            && storySteps.get(nextStep).at().plus(storyDelay).compareTo(elapsed(startNanos)) <= 0
            && progress.caughtUp()) {
          DemoStory.Step step = storySteps.get(nextStep++);
          publishStep(publisher, step, elapsed(startNanos));
          progress.published(step.events());
          // A late step (a slow first send, a busy machine) delays the rest as much: the time
          // between steps is what lets each be processed before the next depends on it.
          Duration late = elapsed(startNanos).minus(step.at());
          if (late.compareTo(storyDelay) > 0) {
            storyDelay = late;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("The demo feed stopped: {}", e.toString(), e);
    }
  }

  private void publishStep(DemandflowPublisher publisher, DemoStory.Step step, Duration elapsed) {
    for (var event : step.events()) {
      // Acknowledged one by one: a request published after its order was acknowledged is decided
      // against it (SPEC §5).
      publisher.publish(event).join();
      published.incrementAndGet();
    }
    storyLines.add("▶ " + minutesSeconds(elapsed) + " " + step.headline());
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String minutesSeconds(Duration elapsed) {
    return String.format("%02d:%02d", elapsed.toMinutes(), elapsed.toSecondsPart());
  }
}
