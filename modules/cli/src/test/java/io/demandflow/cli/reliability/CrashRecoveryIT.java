package io.demandflow.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.embedded.LocalKafkaStack;
import io.demandflow.events.AllocationDecision;
import io.demandflow.events.AllocationReason;
import io.demandflow.events.AllocationStatus;
import io.demandflow.events.internal.LedgerTotals;
import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.pipeline.app.TopicProvisioner;
import io.demandflow.pipeline.orderbook.OrderBookSettings;
import io.demandflow.replay.ProcessingBarrier;
import io.demandflow.replay.ProcessingBarriers;
import io.demandflow.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once under failure, in the manner of Kafka's own Streams EOS system tests: a seeded
 * scenario of {@value #DEFAULT_EVENTS} simulator events runs through two pipeline instances in
 * separate JVMs (exactly_once_v2, one application.id) while one of them is SIGKILLed and restarted
 * again and again, or while the broker restarts; the end state must equal that of a clean single
 * run of the same scenario (its own topics, one in-process instance, no failures).
 *
 * <p>Phases: both runs publish the scenario {@linkplain Scenario#phases(int) phase by phase}
 * (blocks of {@value #DEFAULT_BLOCK} events, each as its supply, licenses and policies, then its
 * orders, then its allocation requests) and wait after every phase until every sub-topology has
 * processed it ({@link PhasedPublishing}), as a replay waits at its barriers (SPEC §4). Every topic
 * has one partition, so each keeps publishing order through every repartition; the sub-topologies'
 * tasks are spread over the two instances. This is what makes the ledger's inputs, and so its
 * decisions, the same in every run: the ledger takes its single-partition inputs of different kinds
 * in whatever order they happen to be buffered, and its outcome depends on that order (a request
 * before or after a cancellation, a preemption before or after a release); within a phase it has
 * only one kind to take, or kinds that commute. Without phases about 60 % of the final decisions
 * matched a clean run. With phases but two partitions per topic, requests (and orders) of the two
 * partitions still reach the ledger in an order that depends on timing: a 30,000-event trial had
 * 6,534 of 6,646 final decisions equal, and different ledger totals and revenue.
 *
 * <p>Failures keep happening while the phases are processed: kills at random moments until the last
 * phase has been processed, broker restarts at random moments during the phases, and a phase is
 * published only once enough failures have happened ({@link PhasedPublishing}), at least {@value
 * #MIN_KILLS} kills (or 2 broker restarts) before the last one.
 *
 * <p>Compared exactly with the clean run: customer and region demand key by key; the whole decision
 * log in order, every field (sequence numbers and event times included), hence every allocation's
 * history of decisions and its final status, reason and grant; the ledger's final totals per
 * product and period (S, D_US, G_US, G_X, from the changelog of its totals store) and the figures
 * of the latest decision per product and period; the revenue-share totals per region and quarter.
 * Both runs must also pass {@link LedgerChecks}.
 *
 * <p>Tagged {@code slow}: {@code ./mvnw -B -pl modules/cli verify -Dtest.excludedGroups=
 * -Dgroups=slow} (after {@code ./mvnw -B install -DskipTests}). {@code -Ddemandflow.crash.events=N}
 * changes the size, {@code -Ddemandflow.crash.block=N} the block size, {@code
 * -Ddemandflow.crash.seed=N} the seed.
 */
@Tag("slow")
class CrashRecoveryIT {

  private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);

  static final int DEFAULT_EVENTS = 100_000;
  static final int DEFAULT_BLOCK = 10_000;
  private static final int EVENTS = Integer.getInteger("demandflow.crash.events", DEFAULT_EVENTS);
  private static final int BLOCK = Integer.getInteger("demandflow.crash.block", DEFAULT_BLOCK);
  private static final int MIN_KILLS = 5;

  /** Kills come every one to two times this apart: a recovery takes several seconds. */
  private static final int KILL_SPACING_MILLIS = 12_000;

  private static final int BROKER_RESTARTS = 2;
  private static final long SEED = Long.getLong("demandflow.crash.seed", 20_260_110L);
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);

  @TempDir Path directory;

  @Test
  void shouldEndLikeACleanRunWhenAnInstanceIsKilledRepeatedly() throws Exception {
    String classPath = PipelineProcess.snapshotClassPath(directory.resolve("class-path"));
    Random random = new Random(SEED);
    Scenario scenario = Scenario.generate(SEED, EVENTS);
    List<Scenario.Phase> phases = scenario.phases(BLOCK);
    try (LocalKafkaStack stack = startStack()) {
      // Given: two instances of one application in their own JVMs
      Run crash = Run.create("crash", stack, directory, false);
      try (PipelineProcess first = crash.process("instance-1", classPath);
          PipelineProcess second = crash.process("instance-2", classPath)) {
        first.start();
        second.start();

        // When: the phases are published while one instance or the other is SIGKILLed at random
        // moments and restarted, until the last phase has been processed
        AtomicInteger kills = new AtomicInteger();
        CompletableFuture<PhasedPublishing.Figures> publishing =
            crash.publishInBackground(stack, phases, kills::get, MIN_KILLS);
        // The random wait is the kill moment, not a synchronisation.
        while (!doneWithin(publishing, KILL_SPACING_MILLIS + random.nextInt(KILL_SPACING_MILLIS))) {
          PipelineProcess victim = random.nextBoolean() ? first : second;
          victim.kill();
          LOG.info("killed {} (kill {})", victim, kills.incrementAndGet());
          victim.start();
        }
        PhasedPublishing.Figures figures = publishing.join();

        // Then
        assertThat(kills.get()).isGreaterThanOrEqualTo(MIN_KILLS);
        compareWithCleanRun(scenario, phases, stack, crash, figures, "kills=" + kills.get());
      }
    }
  }

  @Test
  void shouldResumeByItselfAndEndLikeACleanRunWhenTheBrokerRestarts() throws Exception {
    String classPath = PipelineProcess.snapshotClassPath(directory.resolve("class-path"));
    Random random = new Random(SEED + 1);
    Scenario scenario = Scenario.generate(SEED + 1, EVENTS);
    List<Scenario.Phase> phases = scenario.phases(BLOCK);
    try (LocalKafkaStack stack = startStack()) {
      // Given
      Run bounced = Run.create("bounce", stack, directory, false);
      try (PipelineProcess first = bounced.process("instance-1", classPath);
          PipelineProcess second = bounced.process("instance-2", classPath)) {
        first.start();
        second.start();

        // When: the broker stops and starts again twice while the phases are processed
        AtomicInteger restarts = new AtomicInteger();
        CompletableFuture<PhasedPublishing.Figures> publishing =
            bounced.publishInBackground(stack, phases, restarts::get, BROKER_RESTARTS);
        long restartMillis = 0;
        for (int restart = 0; restart < BROKER_RESTARTS; restart++) {
          // The random wait is the restart moment; the phases cannot end before the restarts.
          doneWithin(publishing, 8_000 + random.nextInt(8_000));
          long t = System.nanoTime();
          stack.restartBroker();
          restartMillis += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
          restarts.incrementAndGet();
        }
        PhasedPublishing.Figures figures = publishing.join();

        // Then: nobody restarted the instances; they resumed by themselves
        assertThat(first.starts()).isEqualTo(1);
        assertThat(second.starts()).isEqualTo(1);
        assertThat(first.isAlive() && second.isAlive()).as("both instances still running").isTrue();
        compareWithCleanRun(
            scenario,
            phases,
            stack,
            bounced,
            figures,
            "brokerRestarts=" + restarts.get() + " restartMillis=" + restartMillis);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private LocalKafkaStack startStack() {
    return LocalKafkaStack.builder()
        .broker(b -> b.dataDirectory(directory.resolve("kafka")))
        .start();
  }

  /** Whether {@code future} completes within {@code millis}; rethrows what it failed with. */
  private static boolean doneWithin(CompletableFuture<?> future, long millis) throws Exception {
    try {
      future.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  private void compareWithCleanRun(
      Scenario scenario,
      List<Scenario.Phase> phases,
      LocalKafkaStack stack,
      Run tested,
      PhasedPublishing.Figures testedFigures,
      String failures)
      throws Exception {
    RunResult actual = tested.result(stack);
    // The clean run: the same phases into input topics of its own, one in-process instance.
    Run clean = Run.create("clean", stack, directory, true);
    PhasedPublishing.Figures cleanFigures;
    RunResult expected;
    try (DemandflowApp app = DemandflowApp.create(clean.config()).start()) {
      cleanFigures =
          PhasedPublishing.run(
              clean.publishingClient(stack),
              phases,
              () -> ProcessingBarrier.forApp(app),
              () -> 0,
              0,
              PHASE_TIMEOUT);
      expected = clean.result(stack);
    }

    PipelineOutputs out = actual.outputs();
    PipelineOutputs cleanOut = expected.outputs();
    Map<String, FinalDecision> actualFinal = finalDecisions(out);
    Map<String, FinalDecision> expectedFinal = finalDecisions(cleanOut);
    Map<String, List<AllocationDecision>> actualHistories = histories(out);
    Map<String, List<AllocationDecision>> expectedHistories = histories(cleanOut);
    Map<String, List<Long>> actualFigures = latestFiguresPerProductPeriod(out);
    Map<String, List<Long>> expectedFigures = latestFiguresPerProductPeriod(cleanOut);
    boolean demandEqual =
        out.customerDemand().equals(cleanOut.customerDemand())
            && out.regionDemand().equals(cleanOut.regionDemand());
    String line =
        String.format(
            "events=%d phases=%d barriers=%d/%d %s runSeconds=%d/%d barrierRetries=%d"
                + " customerDemandRows=%d"
                + " regionDemandRows=%d decisions=%d/%d allocations=%d/%d"
                + " identicalFinalDecisions=%d identicalHistories=%d decisionLogEqual=%s"
                + " ledgerKeys=%d/%d ledgerTotalsEqual=%s revenueRows=%d/%d revenueEqual=%s"
                + " deadLetters=%d/%d demandEqual=%s",
            scenario.events().size(),
            phases.size(),
            testedFigures.barriers(),
            cleanFigures.barriers(),
            failures,
            testedFigures.seconds(),
            cleanFigures.seconds(),
            testedFigures.barrierRetries(),
            cleanOut.customerDemand().size(),
            cleanOut.regionDemand().size(),
            out.decisions().size(),
            cleanOut.decisions().size(),
            actualFinal.size(),
            expectedFinal.size(),
            count(actualFinal, expectedFinal),
            count(actualHistories, expectedHistories),
            out.decisions().equals(cleanOut.decisions()),
            actual.ledgerTotals().size(),
            expected.ledgerTotals().size(),
            actual.ledgerTotals().equals(expected.ledgerTotals()),
            out.revenueShare().size(),
            cleanOut.revenueShare().size(),
            out.revenueShare().equals(cleanOut.revenueShare()),
            out.deadLetters(),
            cleanOut.deadLetters(),
            demandEqual);
    LOG.info("reliability figures: {}", line);
    // Kept beside the surefire reports, one line per run, for the record of repeated runs.
    Files.writeString(
        Path.of("target", "reliability-figures.txt"),
        Instant.now() + " " + getClass().getSimpleName() + " " + line + System.lineSeparator(),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);

    assertThat(out.customerDemand()).isEqualTo(cleanOut.customerDemand());
    assertThat(out.regionDemand()).isEqualTo(cleanOut.regionDemand());
    assertThat(differences(actualFinal, expectedFinal))
        .as("allocations whose final decision differs from the clean run's")
        .isEmpty();
    assertThat(differences(actualHistories, expectedHistories))
        .as("allocations whose decisions differ from the clean run's")
        .isEmpty();
    assertThat(firstDifference(out.decisions(), cleanOut.decisions()))
        .as("where the decision log, in order, first differs from the clean run's")
        .isEmpty();
    assertThat(differences(actual.ledgerTotals(), expected.ledgerTotals()))
        .as("ledger totals per product and period that differ from the clean run's")
        .isEmpty();
    assertThat(differences(actualFigures, expectedFigures))
        .as("S, D_US, G_US, G_X of the latest decision per product and period")
        .isEmpty();
    assertThat(out.revenueShare()).isEqualTo(cleanOut.revenueShare());
    assertThat(expected.ledgerTotals()).isNotEmpty();
    assertThat(cleanOut.revenueShare()).isNotEmpty();
    for (RunResult result : List.of(actual, expected)) {
      assertThat(
              LedgerChecks.problems(
                  result.outputs(), scenario.priceByProduct(), scenario.rateByRegion()))
          .as("ledger checks of the " + result.name() + " run")
          .isEmpty();
      assertThat(
              LedgerChecks.totalsProblems(
                  result.ledgerTotals(), result.outputs(), scenario.finalSupply()))
          .as("ledger totals checks of the " + result.name() + " run")
          .isEmpty();
      assertThat(result.outputs().deadLetters()).isZero();
    }
  }

  /** What an allocation ended with. */
  private record FinalDecision(
      AllocationStatus status, AllocationReason reason, int grantedUnits) {}

  private static Map<String, FinalDecision> finalDecisions(PipelineOutputs outputs) {
    Map<String, FinalDecision> decisions = new TreeMap<>();
    LedgerChecks.latestPerAllocation(outputs.decisions())
        .forEach(
            (id, d) ->
                decisions.put(
                    id, new FinalDecision(d.getStatus(), d.getReason(), d.getGrantedUnits())));
    return decisions;
  }

  /**
   * Every allocation's decisions in the order they were taken, each with every field but the
   * ledger-wide sequence number (which the whole-log comparison covers), so that an allocation's
   * history can match even where other allocations' decisions came in another order.
   */
  private static Map<String, List<AllocationDecision>> histories(PipelineOutputs outputs) {
    Map<String, List<AllocationDecision>> histories = new TreeMap<>();
    outputs.decisions().stream()
        .sorted(Comparator.comparingLong(AllocationDecision::getSequence))
        .forEach(
            d ->
                histories
                    .computeIfAbsent(d.getAllocationId(), id -> new ArrayList<>())
                    .add(AllocationDecision.newBuilder(d).setSequence(0).build()));
    return histories;
  }

  /** S, D_US, G_US, G_X after the latest decision of each product and period. */
  private static Map<String, List<Long>> latestFiguresPerProductPeriod(PipelineOutputs outputs) {
    Map<String, AllocationDecision> latest = new TreeMap<>();
    for (AllocationDecision d : outputs.decisions()) {
      if (d.getProduct() != null) {
        latest.merge(
            d.getProduct() + "|" + d.getPeriod(),
            d,
            (a, b) -> a.getSequence() >= b.getSequence() ? a : b);
      }
    }
    Map<String, List<Long>> figures = new TreeMap<>();
    latest.forEach(
        (key, d) ->
            figures.put(
                key,
                List.of(
                    d.getSupplyUnits(),
                    d.getUsDemandUnits(),
                    d.getUsGrantedUnits(),
                    d.getNonUsGrantedUnits())));
    return figures;
  }

  private static <V> long count(Map<String, V> actual, Map<String, V> expected) {
    return expected.entrySet().stream()
        .filter(e -> e.getValue().equals(actual.get(e.getKey())))
        .count();
  }

  /** Where two lists first differ, described; empty when they are equal. */
  private static <V> List<String> firstDifference(List<V> actual, List<V> expected) {
    for (int i = 0; i < Math.max(actual.size(), expected.size()); i++) {
      V a = i < actual.size() ? actual.get(i) : null;
      V e = i < expected.size() ? expected.get(i) : null;
      if (!Objects.equals(a, e)) {
        return List.of(
            "at "
                + i
                + " of "
                + actual.size()
                + "/"
                + expected.size()
                + ": "
                + a
                + ", clean run: "
                + e);
      }
    }
    return List.of();
  }

  /** The keys whose values differ (or that one side lacks), the first ten described. */
  private static <V> List<String> differences(Map<String, V> actual, Map<String, V> expected) {
    Set<String> keys = new TreeSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    return keys.stream()
        .filter(key -> !Objects.equals(actual.get(key), expected.get(key)))
        .limit(10)
        .map(key -> key + ": " + actual.get(key) + ", clean run: " + expected.get(key))
        .toList();
  }

  /** A run's outputs and the ledger's final totals. */
  private record RunResult(
      String name, PipelineOutputs outputs, Map<String, LedgerTotals> ledgerTotals) {}

  /** One application run: its own application.id, output topics and state directories. */
  private record Run(String name, Map<String, String> settings, Path directory) {

    /** A run; with {@code ownInputs} its input topics are its own too, else the SPEC names. */
    static Run create(String name, LocalKafkaStack stack, Path parent, boolean ownInputs)
        throws Exception {
      String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, String> settings = new HashMap<>();
      settings.put(DemandflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
      settings.put(DemandflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
      settings.put(DemandflowConfig.APPLICATION_ID, id);
      // One partition per topic keeps publishing order through every repartition (SPEC §4).
      settings.put(DemandflowConfig.TOPIC_PARTITIONS, "1");
      List<String> keys =
          new ArrayList<>(
              List.of(
                  TopicNames.DLQ_KEY,
                  TopicNames.CUSTOMER_DEMAND_KEY,
                  TopicNames.REGION_DEMAND_KEY,
                  TopicNames.SIGNALS_KEY,
                  TopicNames.SIGNALS_EVALUATE_KEY,
                  TopicNames.ALLOCATION_FLUSH_KEY,
                  TopicNames.DECISIONS_KEY,
                  TopicNames.REVENUE_SHARE_KEY));
      if (ownInputs) {
        keys.addAll(
            List.of(
                TopicNames.ORDERS_KEY,
                TopicNames.ALLOCATIONS_KEY,
                TopicNames.SUPPLY_KEY,
                TopicNames.LICENSES_KEY,
                TopicNames.POLICIES_KEY));
      }
      for (String key : keys) {
        settings.put(key, id + "." + key.substring("demandflow.topic.".length()));
      }
      // The order book's cadence as in replay: US-demand sums reach the ledger only before the
      // book's next ledger input and at the flush that ends every phase, never on the wall clock.
      // Sums given at other moments revoke the same grants but in other steps, and this test
      // compares every decision, not only each allocation's last one.
      settings.put(OrderBookSettings.INTERVAL_MS, "0");
      // A killed member must leave the group in seconds, not the default 45 s.
      settings.put("session.timeout.ms", "6000");
      settings.put("heartbeat.interval.ms", "1500");
      settings.put("demandflow.http.port", "0");
      Path directory = Files.createDirectories(parent.resolve(id));
      Run run = new Run(name, settings, directory);
      TopicProvisioner.ensureTopics(run.config(), run.topics());
      return run;
    }

    DemandflowConfig config() {
      return DemandflowConfig.builder()
          .with(settings)
          .with("state.dir", directory.resolve("state-in-process").toString())
          .build();
    }

    TopicNames topics() {
      return TopicNames.from(config().asMap());
    }

    /** An instance in a JVM of its own, running {@code classPath}. */
    PipelineProcess process(String instance, String classPath) {
      Map<String, String> own = new HashMap<>(settings);
      own.put("state.dir", directory.resolve("state-" + instance).toString());
      return new PipelineProcess(instance, classPath, own, directory);
    }

    /** Client settings for publishing this run's inputs (its topic names included). */
    Map<String, Object> publishingClient(LocalKafkaStack stack) {
      Map<String, Object> client = stack.clientProperties();
      settings.forEach(
          (key, value) -> {
            if (key.startsWith("demandflow.topic.")) {
              client.put(key, value);
            }
          });
      return client;
    }

    /**
     * Publishes {@code phases} in the background to this run's instances, in other processes,
     * holding each back until {@code failures} has reached its share of {@code minFailures}.
     */
    CompletableFuture<PhasedPublishing.Figures> publishInBackground(
        LocalKafkaStack stack, List<Scenario.Phase> phases, IntSupplier failures, int minFailures) {
      DemandflowConfig config = config();
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return PhasedPublishing.run(
                  publishingClient(stack),
                  phases,
                  () -> ProcessingBarriers.forProcessesOf(config),
                  failures,
                  minFailures,
                  PHASE_TIMEOUT);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          });
    }

    RunResult result(LocalKafkaStack stack) {
      return new RunResult(
          name,
          PipelineOutputs.read(stack.clientProperties(), topics(), config().serdeConfig()),
          PipelineOutputs.ledgerTotals(
              stack.clientProperties(),
              settings.get(DemandflowConfig.APPLICATION_ID),
              config().serdeConfig()));
    }
  }
}
