package io.demandflow.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top {@code demandflow} command, shared by both jars: its name, description and version, and
 * its usage when no command is given. Which commands sit below it is the entry point's choice
 * ({@link ProductionCli#newCommandLine(java.util.List)}).
 */
@Command(
    name = "demandflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Event-streaming demand aggregation and US-first allocation on Kafka Streams.",
      "Run `demandflow <command> --help` for the options of a command."
    })
final class DemandflowCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
