package io.demandflow.cli;

import io.demandflow.commands.ProductionCli;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Entry point of {@code ./demandflow} ({@code target/demandflow.jar}): the production commands
 * ({@link ProductionCli#COMMANDS}) plus the development commands, which run an embedded broker and
 * registry server ({@code demo}, {@code broker}, {@code replay}) or the benchmarks ({@code bench})
 * and so stay out of the production jar.
 */
public final class DemandflowCli {

  /** The development commands, in the order of the usage, before the production ones. */
  static final List<Class<?>> DEVELOPMENT_COMMANDS =
      List.of(DemoCommand.class, BrokerCommand.class, ReplayCommand.class, BenchCommand.class);

  private DemandflowCli() {}

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine newCommandLine() {
    return ProductionCli.newCommandLine(
        Stream.concat(DEVELOPMENT_COMMANDS.stream(), ProductionCli.COMMANDS.stream()).toList());
  }
}
