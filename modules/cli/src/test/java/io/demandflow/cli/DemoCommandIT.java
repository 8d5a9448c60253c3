package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code demandflow demo} as a user does, in a process of its own (its logging setup is for
 * the whole JVM), with the story on a fast clock: approval after 10 s, cut and surge 8 s apart.
 * What the terminal shows is the real pipeline's state, read from its stores.
 */
class DemoCommandIT {

  /** A log line in the layout of log4j2.xml: {@code 12:00:00.000 WARN [thread] logger - ...}. */
  private static final Pattern LOG_LINE =
      Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN)");

  private static final String SUMMARY_START = "demandflow demo  ";

  /** The story's line once the approval was published (before, it is only announced as next). */
  private static final Pattern APPROVAL_PUBLISHED =
      Pattern.compile("▶ \\d\\d:\\d\\d China's import approval arrived");

  @TempDir Path directory;

  @Test
  void shouldTellTheStoryOnTheTerminalAndLogLibrariesToTheFileWhenTheDemoRuns() throws Exception {
    // Given
    Path logFile = directory.resolve("demo.log");

    // When the demo runs for 40 s with China's approval after 10 s
    Run run =
        demo(
            "--duration", "PT40S",
            "--approval-after", "PT10S",
            "--story-step", "PT8S",
            "--refresh", "PT2S",
            "--rate", "10",
            "--log-file", logFile.toString());

    // Then the terminal has no library log lines; the file has them, and its path is printed
    assertThat(LOG_LINE.matcher(run.stdout()).find()).as("log lines on stdout").isFalse();
    assertThat(LOG_LINE.matcher(run.stderr()).find()).as("stderr: %s", run.stderr()).isFalse();
    String log = Files.readString(logFile);
    assertThat(log).containsPattern("WARN .*o\\.a\\.k\\.");
    assertThat(run.stdout().lines().findFirst().orElseThrow()).contains(logFile.toString());
    assertThat(run.stdout().strip()).endsWith("the log is in " + logFile);

    // And until the approval was published, China was granted nothing
    List<String> summaries = summaries(run.stdout());
    List<String> beforeApproval =
        summaries.stream().takeWhile(s -> !APPROVAL_PUBLISHED.matcher(s).find()).toList();
    assertThat(beforeApproval).isNotEmpty().allSatisfy(s -> assertThat(granted(s, "CN")).isZero());

    // And at the end China had been refused while import was pending, then granted, paid its
    // share, refused without a license and preempted, while US demand of the story's product and
    // period stayed covered
    String last = summaries.get(summaries.size() - 1);
    assertThat(last).containsPattern(APPROVAL_PUBLISHED.pattern());
    assertThat(last).containsPattern("▶ \\d\\d:\\d\\d US demand surge");
    assertThat(last).containsPattern("Refused requests by reason.*IMPORT_NOT_APPROVED [1-9]");
    assertThat(last).containsPattern("Refused requests by reason.*NO_EXPORT_LICENSE [1-9]");
    assertThat(granted(last, "CN")).isPositive();
    assertThat(last).containsPattern("Revenue share owed to the US\\s+CN USD [1-9]");
    assertThat(last).containsPattern("US-priority preemptions\\s+[1-9]");
    assertThat(last).containsPattern("Story \\d{4}-\\d\\d .*US coverage 100\\.0 %");
  }

  /** Units granted to {@code region} on the summary's "Granted units by region" line. */
  private static long granted(String summary, String region) {
    Matcher line =
        Pattern.compile("Granted units by region.*\\b" + region + " ([\\d,]+)").matcher(summary);
    assertThat(line.find()).as("granted line for %s in:%n%s", region, summary).isTrue();
    return Long.parseLong(line.group(1).replace(",", ""));
  }

  private static List<String> summaries(String stdout) {
    List<String> summaries = new ArrayList<>();
    Arrays.stream(stdout.split("(?m)^(?=" + SUMMARY_START + ")"))
        .filter(part -> part.startsWith(SUMMARY_START))
        .forEach(summaries::add);
    assertThat(summaries).as("summaries in:%n%s", stdout).isNotEmpty();
    return summaries;
  }

  private record Run(String stdout, String stderr) {}

  private Run demo(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DemandflowCli.class.getName(),
                "demo"));
    command.addAll(List.of(args));
    Path stdout = directory.resolve("stdout.txt");
    Path stderr = directory.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      assertThat(process.waitFor(150, TimeUnit.SECONDS)).as("demo finished").isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.exitValue()).as("exit code, stderr: %s", Files.readString(stderr)).isZero();
    return new Run(Files.readString(stdout), Files.readString(stderr));
  }
}
