package io.demandflow.commands;

import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.replay.StateSnapshot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demandflow snapshot}: the state document of a running pipeline, read from its topics. */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the output topics of a running demandflow pipeline (any cluster) and writes the",
      "same JSON state document as `replay`, so live state and a what-if run compare directly.",
      "Each topic is read with read_committed from its beginning to its current end.",
      "The document goes to standard output (or --out); logs go to standard error."
    })
final class SnapshotCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--out",
      paramLabel = "OUT",
      description = "Write the document to this file instead of standard output.")
  Path out;

  @Override
  public Integer call() {
    DemandflowConfig config = connection.resolve(System.getenv());
    StateSnapshot.write(StateSnapshot.read(config), out, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
