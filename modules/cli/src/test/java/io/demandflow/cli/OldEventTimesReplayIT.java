package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.commands.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A scenario whose event times are more than a year old replays to the document of the same
 * scenario with any other event times, on an idle machine and with every core busy: neither the
 * broker's retention checks nor the CPU schedule may change it (issue 16).
 */
class OldEventTimesReplayIT {

  private static final Path EXAMPLE = Path.of("../../examples/china-licensing.jsonl");
  private static final Path EXPECTED = Path.of("../../examples/china-licensing.expected.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldReplayToTheExpectedDocumentWhenEventTimesAreAYearOldAndTheCpuIsBusy(@TempDir Path dir)
      throws Exception {
    // Given the example with its event times moved to more than a year ago
    Path scenario = dir.resolve("year-old.jsonl");
    Files.write(
        scenario,
        movedBefore(Instant.now().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS)));
    String expected = Files.readString(EXPECTED, StandardCharsets.UTF_8);

    // When it is replayed on an idle machine, then with threads spinning on every core
    String idle = replay(scenario);
    String busy;
    try (CpuLoad load = CpuLoad.onEveryCore()) {
      busy = replay(scenario);
      assertThat(load.isRunning()).isTrue();
    }

    // Then both documents are the expected one
    assertThat(idle).isEqualTo(expected);
    assertThat(busy).isEqualTo(expected);
  }

  /** The example's lines, each eventTime shifted so that the latest one is {@code latest}. */
  private static List<String> movedBefore(Instant latest) throws Exception {
    List<String> lines = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);
    Instant newest = Instant.EPOCH;
    for (String line : lines) {
      if (line.startsWith("{") && JSON.readTree(line).has("eventTime")) {
        Instant time = Instant.parse(JSON.readTree(line).get("eventTime").asText());
        newest = time.isAfter(newest) ? time : newest;
      }
    }
    Duration shift = Duration.between(newest, latest);
    List<String> moved = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("{") && JSON.readTree(line).has("eventTime")) {
        ObjectNode event = (ObjectNode) JSON.readTree(line);
        event.put(
            "eventTime", Instant.parse(event.get("eventTime").asText()).plus(shift).toString());
        moved.add(JSON.writeValueAsString(event));
      } else {
        moved.add(line);
      }
    }
    assertThat(moved).isNotEqualTo(lines);
    return moved;
  }

  private static String replay(Path scenario) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DemandflowCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute("replay", scenario.toString());
    assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.OK);
    return out.toString();
  }

  /** Threads that keep every core busy until closed. */
  private static final class CpuLoad implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long sink;

    static CpuLoad onEveryCore() {
      CpuLoad load = new CpuLoad();
      for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
        Thread thread = new Thread(load::spin, "cpu-load-" + i);
        thread.setDaemon(true);
        load.threads.add(thread);
        thread.start();
      }
      return load;
    }

    private void spin() {
      long x = 0;
      while (running) {
        x = x * 31 + 7;
      }
      sink = x;
    }

    boolean isRunning() {
      return running && threads.stream().allMatch(Thread::isAlive);
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }
}
