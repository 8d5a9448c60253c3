package io.demandflow.cli.reliability;

import io.demandflow.cli.DemandflowCli;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One pipeline instance in a JVM of its own, started the way operators start it ({@code demandflow
 * streams} with {@code -D} settings) from a copy of the test's class path, and killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no clean close, an open
 * transaction left behind. Its state directory survives kills, as a pod's volume would.
 */
final class PipelineProcess implements AutoCloseable {

  private final String name;
  private final String classPath;
  private final Map<String, String> settings;
  private final Path logDirectory;
  private Process process;
  private int starts;

  /** An instance running the code of {@code classPath} (a {@link #snapshotClassPath}). */
  PipelineProcess(String name, String classPath, Map<String, String> settings, Path logDirectory) {
    this.name = name;
    this.classPath = classPath;
    this.settings = settings;
    this.logDirectory = logDirectory;
  }

  /**
   * The test's class path with the project's own entries (class directories and demandflow jars)
   * copied into {@code directory}: a build running beside the test may replace them, and an
   * instance started after that would run other code than the test and the instances before it (a
   * topology with other internal topics, say).
   */
  static String snapshotClassPath(Path directory) throws IOException {
    List<String> entries = new ArrayList<>();
    String ownJars = File.separator + "io" + File.separator + "demandflow" + File.separator;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!Files.isDirectory(path) && !entry.contains(ownJars)) {
        entries.add(entry);
        continue;
      }
      Path copy = directory.resolve(entries.size() + "-" + path.getFileName());
      try (Stream<Path> files = Files.walk(path)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(path.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
          }
        }
      }
      entries.add(copy.toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  synchronized void start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(classPath);
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

  @Override
  public String toString() {
    return name;
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
