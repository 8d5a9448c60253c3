package io.demandflow.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The production jar as {@code package} wrote it ({@code target/demandflow-production.jar}, the jar
 * of the Docker image): it runs, offers exactly the production commands, and holds none of what
 * only development needs. An integration test so that failsafe runs it after the jar exists.
 */
class ProductionJarIT {

  private static final Path JAR = Path.of("target/demandflow-production.jar");

  /** Entry prefixes of what the production jar must leave out, each with where it comes from. */
  private static final List<String> LEFT_OUT =
      List.of(
          "kafka/server/", // the embedded broker (kafka_2.13): kafka/server/KafkaRaftServer.class
          "org/apache/kafka/raft/", // its KRaft quorum (kafka-raft)
          "scala/", // Scala's library, for kafka_2.13 only
          "io/demandflow/embedded/", // the embedded broker and registry server
          "io/demandflow/bench/", // the benchmark harness
          "org/openjdk/jmh/", // JMH
          "io/demandflow/testkit/", // test support
          "org/apache/kafka/streams/TopologyTestDriver", // kafka-streams-test-utils
          "org/junit/",
          "org/testcontainers/",
          "org/awaitility/",
          "io/demandflow/cli/"); // the development commands and ./demandflow's entry point

  @Test
  void shouldLeaveOutTheEmbeddedServersBenchmarksAndTestUtilitiesWhenTheJarIsBuilt()
      throws IOException {
    // Given the jar's entries
    List<String> entries = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().map(ZipEntry::getName).forEach(entries::add);

      // Then it starts the production entry point and holds the pipeline with its libraries
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(ProductionCli.class.getName());
    }
    assertThat(entries)
        .contains(
            "io/demandflow/commands/ProductionCli.class",
            "io/demandflow/pipeline/app/DemandflowApp.class",
            "io/demandflow/replay/StateSnapshot.class",
            "org/apache/kafka/streams/KafkaStreams.class",
            "log4j2.xml");
    // And none of what only development and tests need
    for (String prefix : LEFT_OUT) {
      assertThat(entries).as("entries under %s", prefix).noneMatch(e -> e.startsWith(prefix));
    }
    // And RocksDB's native libraries for the image's platforms only
    assertThat(entries.stream().filter(e -> e.startsWith("librocksdbjni")))
        .containsExactlyInAnyOrder(
            "librocksdbjni-linux64.so",
            "librocksdbjni-linux-aarch64.so",
            "librocksdbjni-linux-ppc64le.so",
            "librocksdbjni-linux-s390x.so");
  }

  @Test
  void shouldListExactlyTheProductionCommandsWhenTheJarRunsWithHelp() throws Exception {
    // When the jar runs as the image runs it
    Path out = Files.createTempFile("production-jar", ".txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--help")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    String help = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);

    // Then it succeeds and names the production commands, none of the development ones
    assertThat(process.exitValue()).as(help).isZero();
    assertThat(commandNames(help))
        .containsExactly(
            "streams", "publish", "simulate", "snapshot", "signals", "http-auth", "help");
  }

  /** The first word of each line of the usage's "Commands:" section. */
  private static List<String> commandNames(String usage) {
    List<String> names = new ArrayList<>();
    String commands = usage.substring(usage.indexOf("Commands:") + "Commands:".length());
    for (String line : commands.split("\\R")) {
      if (line.matches("  \\S.*")) {
        names.add(line.trim().split("\\s+")[0]);
      }
    }
    return names;
  }
}
