package io.demandflow.cli.reliability;

import io.demandflow.cli.DemandflowCli;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One pipeline instance in a JVM of its own, started the way operators start it ({@code demandflow
 * streams} with {@code -D} settings) from the test's class path, and killed with SIGKILL ({@link
 * Process#destroyForcibly()} on Linux): no shutdown hook, no clean close, an open transaction left
 * behind. Its state directory survives kills, as a pod's volume would.
 */
final class PipelineProcess implements AutoCloseable {

  private final String name;
  private final Map<String, String> settings;
  private final Path logDirectory;
  private Process process;
  private int starts;

  PipelineProcess(String name, Map<String, String> settings, Path logDirectory) {
    this.name = name;
    this.settings = settings;
    this.logDirectory = logDirectory;
  }

  synchronized void start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DemandflowCli.class.getName());
    command.add("streams");
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    File log = logDirectory.resolve(name + "-" + (++starts) + ".log").toFile();
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** SIGKILL, then waits until the process is gone. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  int starts() {
    return starts;
  }

  /** A clean stop (SIGTERM: the shutdown hook closes Kafka Streams). */
  @Override
  public synchronized void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
