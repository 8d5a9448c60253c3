package io.demandflow.commands;

import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.ingest.scenario.ScenarioWriter;
import io.demandflow.ingest.simulate.Pacer;
import io.demandflow.ingest.simulate.Simulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demandflow simulate}: realistic input events from the ingest library's seeded {@link
 * Simulator}, published at a target rate, or written as a scenario file with {@code --out}.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Generates realistic input events (SPEC §1: US and Chinese customers, Chinese demand",
      "surging, amendments, cancellations, allocation requests and releases, supply updates,",
      "license grants, suspensions and revocations, the default CN policy first) and publishes",
      "them, or writes them as a scenario file (--out). The same --seed gives the same events.",
      "Runs until --count or --duration is reached, or Ctrl-C."
    })
final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "Events per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", description = "Stop after this long (ISO-8601, e.g. PT5M).")
  Duration duration;

  @Option(names = "--count", description = "Stop after this many events.")
  Long count;

  @Option(
      names = "--customers",
      defaultValue = "40",
      description = "Customers in all, mostly US and CN (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--periods",
      defaultValue = "6",
      description = "Months orders and supply spread over (default: ${DEFAULT-VALUE}).")
  int periods;

  @Option(
      names = "--start",
      description =
          "Time of the first event (ISO-8601, e.g. 2026-01-01T00:00:00Z); orders ask for the"
              + " months after it. Default: now. With --out, fix it to get the same file again.")
  Instant start;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Write a scenario file (JSON Lines, SPEC §4) instead of publishing; needs --count, or"
              + " --duration with a --rate above 0. Event times are spaced 1/rate apart.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (count != null && count < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be >= 0");
    }
    if (rate < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be >= 0");
    }
    Instant first = start != null ? start : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Simulator simulator;
    try {
      simulator =
          new Simulator(
              new Simulator.Settings(
                  seed,
                  customers,
                  YearMonth.from(first.atZone(ZoneOffset.UTC)).plusMonths(1),
                  periods));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return out != null ? writeScenario(simulator, first) : publish(simulator);
  }

  private int writeScenario(Simulator simulator, Instant first) {
    long events;
    if (count != null) {
      events = count;
    } else if (duration != null && rate > 0) {
      events = (long) Math.floor(duration.toMillis() / 1000.0 * rate);
    } else {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--out needs --count, or --duration with a --rate above 0");
    }
    Duration spacing =
        rate > 0
            ? Duration.ofNanos((long) (TimeUnit.SECONDS.toNanos(1) / rate))
            : Duration.ofSeconds(1);
    Iterator<SpecificRecord> generated = simulator.events(first, spacing);
    try (ScenarioWriter writer = ScenarioWriter.create(out)) {
      writer.comment(
          String.format(
              "demandflow simulate --seed %d --customers %d --periods %d --start %s: %d events",
              seed, customers, periods, first, events));
      for (long i = 0; i < events; i++) {
        writer.event(generated.next());
      }
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("wrote %,d events to %s%n", events, out);
    stdout.flush();
    return ExitCodes.OK;
  }

  private int publish(Simulator simulator) throws InterruptedException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long sent = 0;
    long started = System.nanoTime();
    long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
    long limit = count == null ? Long.MAX_VALUE : count;
    try (ShutdownSignal stop = new ShutdownSignal("demandflow-simulate", Duration.ofSeconds(30));
        DemandflowPublisher publisher =
            DemandflowPublisher.create(connection.resolve(System.getenv()).asMap())) {
      Pacer pacer = new Pacer(rate, stop::awaitStop);
      Progress progress = new Progress(err, "simulate", count == null ? 0 : count, false);
      while (sent < limit && System.nanoTime() < deadline && !stop.isStopRequested()) {
        if (pacer.awaitNext()) {
          break;
        }
        publisher
            .publish(simulator.next(Instant.now()))
            .whenComplete(
                (metadata, error) -> {
                  if (error != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, error.getMessage());
                  }
                });
        sent++;
        progress.update(sent);
      }
      publisher.flush();
    }
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    stdout.printf(
        "published %,d events in %.1f s (%,.0f events/s)%n",
        sent - failed.get(), seconds, (sent - failed.get()) / seconds);
    if (failed.get() > 0) {
      stdout.printf("%,d not acknowledged by Kafka, first: %s%n", failed.get(), firstFailure.get());
    }
    stdout.flush();
    return failed.get() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
