package io.demandflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./demandflow}: one subcommand per job. */
@Command(
    name = "demandflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Event-streaming demand aggregation and US-first allocation on Kafka Streams.",
      "Run `demandflow <command> --help` for the options of a command."
    },
    subcommands = {
      DemoCommand.class,
      StreamsCommand.class,
      BrokerCommand.class,
      PublishCommand.class,
      SimulateCommand.class,
      ReplayCommand.class,
      SnapshotCommand.class,
      SignalsCommand.class,
      BenchCommand.class,
      HttpAuthCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DemandflowCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new DemandflowCli());
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

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
