package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The repository's {@code ./demandflow} script decides when to rebuild. It runs here, unchanged, in
 * a copy of the source tree's shape whose {@code mvnw} and {@code java} are stand-ins: the stand-in
 * build records each call and writes the jar, so a run takes milliseconds while the decision under
 * test is the real script's.
 */
class LauncherTest {

  private static final Path LAUNCHER = Path.of("../../demandflow").toAbsolutePath().normalize();
  private static final String BUILD_MARKER = "demandflow: building";
  private static final Instant SOURCES_WRITTEN = Instant.now().minus(Duration.ofHours(1));
  private static final Instant LAST_BUILD = Instant.now().minus(Duration.ofMinutes(10));
  private static final List<String> INPUTS =
      List.of(
          "pom.xml",
          "schemas/order.avsc",
          "modules/core/pom.xml",
          "modules/core/src/main/java/io/demandflow/Core.java",
          "modules/core/src/main/resources/console/index.html",
          "modules/core/src/test/java/io/demandflow/CoreTest.java",
          "modules/core/target/classes/io/demandflow/Core.class",
          "modules/core/node_modules/lib/index.js");

  @TempDir Path root;

  private record Run(String stdout, String stderr) {}

  @BeforeEach
  void copyLauncherIntoASourceTree() throws IOException {
    Files.copy(LAUNCHER, root.resolve("demandflow"));
    executable("mvnw", "echo build >> builds.log; touch modules/cli/target/demandflow.jar");
    executable("bin/java", "echo \"java $*\"");
    Files.createDirectories(root.resolve("modules/cli/target"));
    for (String input : INPUTS) {
      Path file = root.resolve(input);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "v1");
    }
    // Every file and directory as written an hour ago, long before any build.
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : (Iterable<Path>) tree::iterator) {
        Files.setLastModifiedTime(path, FileTime.from(SOURCES_WRITTEN));
      }
    }
  }

  @Test
  void shouldBuildOnceAndThenRunTheJarWhenNothingChanged() throws Exception {
    Run first = launch("--help");
    Run second = launch("--help");

    assertThat(first.stderr()).contains(BUILD_MARKER);
    assertThat(second.stderr()).doesNotContain(BUILD_MARKER);
    assertThat(second.stdout()).contains("-jar " + jar() + " --help");
    assertThat(builds()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pom.xml",
        "schemas/order.avsc",
        "modules/core/pom.xml",
        "modules/core/src/main/java/io/demandflow/Core.java",
        "modules/core/src/main/resources/console/index.html"
      })
  void shouldRebuildWhenAnInputOfTheJarChanged(String input) throws Exception {
    builtInThePast();

    Files.writeString(root.resolve(input), "v2");
    Run run = launch("--help");

    assertThat(run.stderr()).contains(BUILD_MARKER);
    assertThat(builds()).isEqualTo(2);
  }

  @Test
  void shouldRebuildWhenASourceFileWasDeleted() throws Exception {
    builtInThePast();

    Files.delete(root.resolve("modules/core/src/main/java/io/demandflow/Core.java"));
    launch("--help");

    assertThat(builds()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "modules/core/src/test/java/io/demandflow/CoreTest.java",
        "modules/core/target/classes/io/demandflow/Core.class",
        "modules/core/node_modules/lib/index.js"
      })
  void shouldNotRebuildWhenOnlyTestsOrBuildOutputChanged(String notAnInput) throws Exception {
    builtInThePast();

    Files.writeString(root.resolve(notAnInput), "v2");
    Run run = launch("--help");

    assertThat(run.stderr()).doesNotContain(BUILD_MARKER);
    assertThat(builds()).isEqualTo(1);
  }

  /** A first run builds; the jar is then dated back so that any change made now is newer. */
  private void builtInThePast() throws Exception {
    launch("--help");
    Files.setLastModifiedTime(jar(), FileTime.from(LAST_BUILD));
  }

  private Run launch(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "demandflow"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
    builder.environment().remove("DEMANDFLOW_MAVEN_ARGS");
    Path stdout = root.resolve("stdout.txt");
    Path stderr = root.resolve("stderr.txt");
    Process process =
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    assertThat(process.exitValue()).as("exit code, stderr: %s", Files.readString(stderr)).isZero();
    return new Run(Files.readString(stdout), Files.readString(stderr));
  }

  private Path jar() {
    return root.resolve("modules/cli/target/demandflow.jar");
  }

  private long builds() throws IOException {
    Path log = root.resolve("builds.log");
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8).size() : 0;
  }

  private void executable(String name, String body) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
