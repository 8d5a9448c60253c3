package io.demandflow.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * The demo's logging: everything goes to a log file, and the terminal keeps the live summary and
 * demandflow's own ERROR messages (a stream thread that died, a feed that cannot publish). The
 * broker, the clients, Kafka Streams and the registry warn about things that are expected in a demo
 * (topics not created yet, a state directory under /tmp) and would scroll the summary away.
 *
 * <p>It changes the running configuration of {@code log4j2.xml} rather than replacing it, so the
 * levels stay the ones written there; other commands never call it and keep logging to standard
 * error.
 */
public final class DemoLogging {

  private static final String OWN_LOGGERS = "io.demandflow";
  private static final String FILE_APPENDER = "demo-log-file";

  private DemoLogging() {}

  /**
   * Sends all logging to {@code logFile} (replaced), and only demandflow's errors to the console.
   */
  public static void toFile(Path logFile) {
    LoggerContext context = LoggerContext.getContext(false);
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    List<Appender> consoles = new ArrayList<>();
    for (Appender appender : root.getAppenders().values()) {
      if (appender instanceof ConsoleAppender) {
        consoles.add(appender);
      }
    }
    FileAppender file =
        FileAppender.newBuilder()
            .setName(FILE_APPENDER)
            .withFileName(logFile.toString())
            .withAppend(false)
            // The console's own pattern, so that the file reads like the other commands' output.
            .setLayout(consoles.isEmpty() ? null : consoles.get(0).getLayout())
            .setConfiguration(config)
            .build();
    if (file == null) { // log4j reported why on its status logger
      throw new IllegalArgumentException("cannot write the demo's log file " + logFile);
    }
    file.start();
    config.addAppender(file);
    consoles.forEach(console -> root.removeAppender(console.getName()));
    root.addAppender(file, null, null);
    LoggerConfig own = config.getLoggerConfig(OWN_LOGGERS);
    if (!own.getName().equals(OWN_LOGGERS)) {
      own = new LoggerConfig(OWN_LOGGERS, null, true);
      config.addLogger(OWN_LOGGERS, own);
    }
    for (Appender console : consoles) {
      // Additivity still sends these to the root logger's file as well.
      own.addAppender(console, Level.ERROR, null);
    }
    context.updateLoggers();
  }
}
