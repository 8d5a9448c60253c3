package io.demandflow.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.ingest.DemandflowPublisher;
import io.demandflow.ingest.EventType;
import io.demandflow.ingest.file.BatchFileReader;
import io.demandflow.ingest.file.BatchFormat;
import io.demandflow.pipeline.app.DemandflowConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code demandflow publish}: batch files exported by an ERP (CSV or JSON Lines) into their topic.
 * Every line is checked (format, then the R8 rules); valid lines are published with the ingest
 * library's {@link DemandflowPublisher}, rejected ones are written with their line number and
 * reason to a rejects file. Nothing is dropped silently.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes ERP batch files (CSV with a header row, or JSON Lines) of one event type.",
      "Every line is validated; valid lines are published, rejected lines are written with",
      "their line number and reason to a rejects file (JSON Lines).",
      "Exit codes: 0 all published, 3 some lines rejected, 1 failure, 2 wrong usage."
    })
final class PublishCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--type",
      required = true,
      converter = EventTypeConverter.class,
      paramLabel = "TYPE",
      description = "order, allocation, supply, license or policy.")
  EventType type;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv or jsonl; default: from the extension (.csv, .jsonl, .ndjson, .json).")
  BatchFormat format;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description = "Write rejected lines of every input here; default: <input>.rejects per input.")
  Path rejectsFile;

  @Option(names = "--dry-run", description = "Validate only; publish nothing.")
  boolean dryRun;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Batch files to publish.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<Path, BatchFormat> formats = new LinkedHashMap<>();
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + file);
      }
      try {
        formats.put(file, format != null ? format : BatchFormat.fromFileName(file));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    DemandflowConfig config = connection.resolve(System.getenv());
    List<FileResult> results = new ArrayList<>();
    try (DemandflowPublisher publisher =
            dryRun ? null : DemandflowPublisher.create(config.asMap());
        Rejects shared = rejectsFile == null ? null : new Rejects(rejectsFile)) {
      for (Map.Entry<Path, BatchFormat> input : formats.entrySet()) {
        Path file = input.getKey();
        try (Rejects own = shared == null ? new Rejects(defaultRejectsFile(file)) : null) {
          Rejects rejects = shared != null ? shared : own;
          results.add(publish(file, input.getValue(), publisher, rejects, err));
        }
      }
    }
    return summarize(results, out);
  }

  private FileResult publish(
      Path file,
      BatchFormat fileFormat,
      DemandflowPublisher publisher,
      Rejects rejects,
      PrintWriter err) {
    AtomicLong valid = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long lines = countLines(file);
    Progress progress =
        new Progress(err, file.getFileName().toString(), lines, Progress.onTerminal());
    BatchFileReader.read(
        file,
        fileFormat,
        type,
        line -> {
          if (!line.isValid()) {
            rejected.incrementAndGet();
            rejects.write(file, line.lineNumber(), line.problem(), line.text());
          } else {
            valid.incrementAndGet();
            if (publisher != null) {
              publisher
                  .publish(line.event())
                  .whenComplete(
                      (metadata, error) -> {
                        if (error != null) {
                          // Not acknowledged: goes to the rejects file too, so nothing is lost.
                          failed.incrementAndGet();
                          firstFailure.compareAndSet(null, error.getMessage());
                          rejects.write(
                              file,
                              line.lineNumber(),
                              "not published: " + error.getMessage(),
                              line.text());
                        }
                      });
            }
          }
          progress.update(line.lineNumber());
        });
    if (publisher != null) {
      publisher.flush();
    }
    progress.finish(lines);
    return new FileResult(
        file,
        valid.get() - failed.get(),
        rejected.get(),
        failed.get(),
        firstFailure.get(),
        rejects);
  }

  private Integer summarize(List<FileResult> results, PrintWriter out) {
    long published = 0;
    long rejected = 0;
    long failed = 0;
    String verb = dryRun ? "valid" : "published";
    for (FileResult result : results) {
      out.printf(
          "%s: %,d %s, %,d rejected%s%n",
          result.file(),
          result.published(),
          verb,
          result.rejected() + result.failed(),
          result.rejected() + result.failed() > 0 ? " (see " + result.rejects().file() + ")" : "");
      if (result.firstFailure() != null) {
        out.printf(
            "  %,d not acknowledged by Kafka, first: %s%n", result.failed(), result.firstFailure());
      }
      published += result.published();
      rejected += result.rejected();
      failed += result.failed();
    }
    if (results.size() > 1) {
      out.printf("total: %,d %s, %,d rejected%n", published, verb, rejected + failed);
    }
    if (dryRun) {
      out.println("dry run: nothing was published.");
    }
    out.flush();
    if (failed > 0) {
      return ExitCodes.FAILURE;
    }
    return rejected > 0 ? ExitCodes.REJECTED : ExitCodes.OK;
  }

  static Path defaultRejectsFile(Path input) {
    return input.resolveSibling(input.getFileName() + ".rejects");
  }

  private static long countLines(Path file) {
    long lines = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return lines;
  }

  /** What publishing one file came to. */
  private record FileResult(
      Path file,
      long published,
      long rejected,
      long failed,
      String firstFailure,
      Rejects rejects) {}

  /**
   * A rejects file: JSON Lines {@code {"file":..,"line":..,"reason":..,"input":..}}. Created on the
   * first rejected line; when nothing is rejected, none is left behind (a stale one from an earlier
   * run is removed). Thread-safe: producer callbacks report unacknowledged lines from their thread.
   */
  private static final class Rejects implements AutoCloseable {
    private final Path file;
    private BufferedWriter writer;
    private boolean used;

    Rejects(Path file) {
      this.file = file;
    }

    Path file() {
      return file;
    }

    synchronized void write(Path input, int lineNumber, String reason, String text) {
      try {
        if (writer == null) {
          writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("file", input.toString());
        line.put("line", lineNumber);
        line.put("reason", reason);
        line.put("input", text);
        writer.write(JSON.writeValueAsString(line));
        writer.newLine();
        used = true;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write rejects to " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public synchronized void close() {
      try {
        if (writer != null) {
          writer.close();
        } else if (!used) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** {@code --type}: the event type names of the files ({@code order}, ...). */
  static final class EventTypeConverter implements CommandLine.ITypeConverter<EventType> {
    @Override
    public EventType convert(String value) {
      try {
        return EventType.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
