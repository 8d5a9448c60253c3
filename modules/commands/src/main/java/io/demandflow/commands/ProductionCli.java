package io.demandflow.commands;

import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of the production jar ({@code target/demandflow-production.jar}, the Docker image's):
 * the commands that work against a real Kafka cluster and registry. It holds no embedded broker,
 * registry server or benchmark; {@code ./demandflow} ({@code io.demandflow.cli.DemandflowCli}) adds
 * the development commands that need them to {@link #COMMANDS}.
 */
public final class ProductionCli {

  /** The production commands, in the order of the usage. */
  public static final List<Class<?>> COMMANDS =
      List.of(
          StreamsCommand.class,
          PublishCommand.class,
          SimulateCommand.class,
          SnapshotCommand.class,
          SignalsCommand.class,
          HttpAuthCommand.class);

  private ProductionCli() {}

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The production command line, shared by {@link #main} and tests. */
  public static CommandLine newCommandLine() {
    return newCommandLine(COMMANDS);
  }

  /**
   * A {@code demandflow} command line with {@code commands} below it, then {@code help}; unknown
   * enum values are matched without case, and a failing command prints its root cause and exits
   * with {@link ExitCodes#FAILURE}.
   */
  public static CommandLine newCommandLine(List<Class<?>> commands) {
    CommandLine cli = new CommandLine(new DemandflowCommand());
    commands.forEach(cli::addSubcommand);
    cli.addSubcommand(CommandLine.HelpCommand.class);
    // Set after the commands are added: picocli passes these settings to the subcommands present.
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + rootMessage(ex));
          return ExitCodes.FAILURE;
        });
    return cli;
  }

  private static String rootMessage(Throwable ex) {
    Throwable cause = ex;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
