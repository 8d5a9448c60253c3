package io.demandflow.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.domain.validation.EventValidator;
import io.demandflow.events.Order;
import io.demandflow.ingest.scenario.ScenarioEvent;
import io.demandflow.ingest.scenario.ScenarioLine;
import io.demandflow.ingest.scenario.ScenarioReader;
import io.demandflow.registry.SpecificAvroSerde;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@KafkaIntegrationTest
class SimulateCommandIT {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldWriteTheSameValidScenarioWhenRunTwiceWithTheSameSeed() throws Exception {
    // Given
    Path first = dir.resolve("a.jsonl");
    Path second = dir.resolve("b.jsonl");
    String[] options = {"--seed", "3", "--count", "500", "--start", "2026-01-01T00:00:00Z"};

    // When
    int exitFirst =
        run(
            "simulate",
            "--out",
            first.toString(),
            options[0],
            options[1],
            options[2],
            options[3],
            options[4],
            options[5]);
    int exitSecond =
        run(
            "simulate",
            "--out",
            second.toString(),
            options[0],
            options[1],
            options[2],
            options[3],
            options[4],
            options[5]);

    // Then: identical files, read back by the scenario reader, every event valid by R8
    assertThat(exitFirst).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(exitSecond).isEqualTo(ExitCodes.OK);
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    var lines = ScenarioReader.read(first);
    assertThat(lines).hasSize(500);
    for (ScenarioLine line : lines) {
      assertThat(EventValidator.validate(((ScenarioEvent) line).event())).isEmpty();
    }
  }

  @Test
  void shouldPublishTheRequestedCountWhenRunAgainstABroker(KafkaTestEnvironment kafka) {
    // Given: a fresh orders topic; other event types go to their own fresh topics
    String orders = kafka.newTopic("orders");
    var others = kafka.newTopics("allocations", "supply", "licenses", "policies");

    // When: as fast as possible
    int exit =
        run(
            "simulate",
            "--count",
            "300",
            "--rate",
            "0",
            "-b",
            kafka.bootstrapServers(),
            "-r",
            kafka.schemaRegistryUrl(),
            "-D",
            "demandflow.topic.orders=" + orders,
            "-D",
            "demandflow.topic.allocations=" + others.get(0),
            "-D",
            "demandflow.topic.supply=" + others.get(1),
            "-D",
            "demandflow.topic.licenses=" + others.get(2),
            "-D",
            "demandflow.topic.policies=" + others.get(3));

    // Then
    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("published 300 events");
    try (SpecificAvroSerde<Order> serde = new SpecificAvroSerde<>(Order.class)) {
      serde.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
      assertThat(kafka.consumeAll(orders, new StringDeserializer(), serde.deserializer(), 50))
          .isNotEmpty();
    }
  }

  @Test
  void shouldExitWithUsageWhenOutHasNoBound() {
    // Given / When
    int exit = run("simulate", "--out", dir.resolve("x.jsonl").toString(), "--rate", "0");

    // Then
    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--out needs --count");
  }

  private int run(String... args) {
    CommandLine cli = ProductionCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
