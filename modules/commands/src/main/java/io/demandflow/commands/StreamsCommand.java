package io.demandflow.commands;

import io.demandflow.pipeline.app.DemandflowApp;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.service.DemandflowService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demandflow streams}: runs the pipeline against any Kafka cluster until stopped. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the demandflow pipeline against a Kafka cluster and schema registry until Ctrl-C.",
      "Settings come from, lowest precedence first: built-in defaults, --config FILE,",
      "DEMANDFLOW_* environment variables, then --bootstrap-server, --schema-registry-url and -D.",
      "DEMANDFLOW_KAFKA_<PROPERTY> sets any Kafka, Streams or registry property, topic.* included",
      "(_ is ., __ is _, ___ is -): DEMANDFLOW_KAFKA_TOPIC_MIN_INSYNC_REPLICAS=2."
    })
final class StreamsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--print-config",
      description = "Print the effective settings (secrets hidden) and exit.")
  boolean printConfig;

  @Override
  public Integer call() throws Exception {
    DemandflowConfig config = connection.resolve(System.getenv());
    PrintWriter out = spec.commandLine().getOut();
    if (printConfig) {
      config.redacted().forEach((key, value) -> out.println(key + "=" + value));
      out.flush();
      return ExitCodes.OK;
    }
    try (ShutdownSignal stop = new ShutdownSignal("demandflow-streams", Duration.ofSeconds(60));
        DemandflowService service = DemandflowService.create(config)) {
      service.start();
      DemandflowApp app = service.app();
      out.printf(
          "demandflow HTTP at %s (/metrics, /health/live, /health/ready, /api)%n", service.url());
      out.flush();
      Thread watcher =
          new Thread(
              () -> {
                try {
                  app.awaitStopped();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                stop.requestStop();
              },
              "demandflow-streams-watch");
      watcher.setDaemon(true);
      watcher.start();
      stop.awaitStop();
      // Stopped by itself in ERROR (say, every thread died): tell the supervisor.
      return app.streams().state() == KafkaStreams.State.ERROR ? ExitCodes.FAILURE : ExitCodes.OK;
    }
  }
}
