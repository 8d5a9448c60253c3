package io.demandflow.pipeline.security;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged at INFO and above, by any logger (demandflow's and Kafka's clients, which print
 * their whole configuration at start), while it is open. For tests that prove no secret is logged.
 */
final class CapturedLogs implements AutoCloseable {

  private final StringWriter text = new StringWriter();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final LoggerConfig root;
  private final Level previousLevel;
  private final WriterAppender appender;

  private CapturedLogs() {
    Configuration configuration = context.getConfiguration();
    root = configuration.getRootLogger();
    previousLevel = root.getLevel();
    appender =
        WriterAppender.newBuilder()
            .setName("captured-logs")
            .setTarget(text)
            .setLayout(
                PatternLayout.newBuilder()
                    .withConfiguration(configuration)
                    .withPattern("%p %c - %m%n%throwable")
                    .build())
            .setConfiguration(configuration)
            .build();
    appender.start();
    root.addAppender(appender, Level.INFO, null);
    root.setLevel(Level.INFO);
    context.updateLoggers();
  }

  static CapturedLogs start() {
    return new CapturedLogs();
  }

  /** What was logged so far. */
  synchronized String text() {
    return text.toString();
  }

  @Override
  public void close() {
    root.removeAppender(appender.getName());
    root.setLevel(previousLevel);
    context.updateLoggers();
    appender.stop();
  }
}
