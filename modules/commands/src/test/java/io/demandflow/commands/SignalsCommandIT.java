package io.demandflow.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.events.ProductionSignal;
import io.demandflow.events.SignalKind;
import io.demandflow.events.TopRegion;
import io.demandflow.registry.SpecificAvroSerde;
import io.demandflow.testkit.KafkaIntegrationTest;
import io.demandflow.testkit.KafkaTestEnvironment;
import io.demandflow.topics.TopicNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code signals}: production signals as readable lines, from a real broker. */
@KafkaIntegrationTest
class SignalsCommandIT {

  private static ProductionSignal signal(SignalKind kind, long recommended, long sequence) {
    return ProductionSignal.newBuilder()
        .setProduct("H200-SXM-141GB")
        .setPeriod("2026-06")
        .setKind(kind)
        .setEligibleUnits(11_500)
        .setSupplyUnits(10_000)
        .setShortfallUnits(1_500)
        .setRecommendedUnits(recommended)
        .setUsAtRisk(true)
        .setTopRegions(List.of(new TopRegion("US", 6_000L), new TopRegion("CN", 5_500L)))
        .setSequence(sequence)
        .setEmittedAt(Instant.parse("2026-02-01T08:01:00.250Z"))
        .build();
  }

  @Test
  void shouldPrintOneLinePerSignalAndReportUndecodableRecordsWhenNotFollowing(
      KafkaTestEnvironment kafka) {
    // Given two signals and a record that is not a signal on the signals topic
    String topic = kafka.newTopic("signals");
    SpecificAvroSerde<ProductionSignal> serde = new SpecificAvroSerde<>(ProductionSignal.class);
    serde.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
    try (KafkaProducer<String, ProductionSignal> producer =
        kafka.newProducer(new StringSerializer(), serde.serializer())) {
      producer.send(
          new ProducerRecord<>(
              topic, "H200-SXM-141GB|2026-06", signal(SignalKind.INCREASE, 2_000, 1)));
      producer.send(
          new ProducerRecord<>(
              topic, "H200-SXM-141GB|2026-06", signal(SignalKind.UPDATE, 6_000, 2)));
    }
    try (KafkaProducer<byte[], byte[]> raw =
        kafka.newProducer(new ByteArraySerializer(), new ByteArraySerializer())) {
      raw.send(
          new ProducerRecord<>(
              topic, "x".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 99}));
    }

    // When signals are printed without --follow
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ProductionCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode =
        cli.execute(
            "signals",
            "-b",
            kafka.bootstrapServers(),
            "-r",
            kafka.schemaRegistryUrl(),
            "-D",
            TopicNames.SIGNALS_KEY + "=" + topic);

    // Then it exits after the signals there are, one line each, and names the bad record
    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines().toList())
        .containsExactly(
            "2026-02-01T08:01:00Z  H200-SXM-141GB   2026-06  INCREASE E=11500 S=10000"
                + " shortfall=1500 recommended=2000 usAtRisk=yes top=US:6000,CN:5500 #1",
            "2026-02-01T08:01:00Z  H200-SXM-141GB   2026-06  UPDATE   E=11500 S=10000"
                + " shortfall=1500 recommended=6000 usAtRisk=yes top=US:6000,CN:5500 #2");
    assertThat(err.toString()).contains("not a ProductionSignal").contains(topic + "-");
  }

  @Test
  void shouldFailNamingTheTopicWhenItDoesNotExist(KafkaTestEnvironment kafka) {
    // Given / When
    StringWriter err = new StringWriter();
    CommandLine cli = ProductionCli.newCommandLine();
    cli.setErr(new PrintWriter(err, true));
    int exitCode =
        cli.execute(
            "signals",
            "-b",
            kafka.bootstrapServers(),
            "-r",
            kafka.schemaRegistryUrl(),
            "-D",
            TopicNames.SIGNALS_KEY + "=" + kafka.uniqueName("missing"),
            "-D",
            "allow.auto.create.topics=false");

    // Then
    assertThat(exitCode).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("does not exist");
  }
}
