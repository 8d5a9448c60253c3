package io.demandflow.testkit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one broker and registry of this test JVM, kept in JUnit's root store so that JUnit closes it
 * when the whole run ends.
 *
 * <p>A start failure is remembered: every later test fails fast with the same cause instead of
 * trying (and timing out) again.
 */
final class SharedKafka implements AutoCloseable {

  /** How many shared backends this JVM started; the testkit's own tests expect exactly one. */
  static final AtomicInteger STARTS = new AtomicInteger();

  private final KafkaBackend backend;
  private final RuntimeException failure;
  private final AtomicLong topicCounter = new AtomicLong();

  private SharedKafka(KafkaBackend backend, RuntimeException failure) {
    this.backend = backend;
    this.failure = failure;
  }

  static SharedKafka start(KafkaBackendType type) {
    try {
      KafkaBackend started = KafkaBackend.start(type);
      STARTS.incrementAndGet();
      return new SharedKafka(started, null);
    } catch (RuntimeException e) {
      return new SharedKafka(null, e);
    }
  }

  KafkaBackend backend() {
    if (failure != null) {
      throw new IllegalStateException("the shared Kafka backend failed to start", failure);
    }
    return backend;
  }

  long nextTopicNumber() {
    return topicCounter.incrementAndGet();
  }

  @Override
  public void close() {
    if (backend != null) {
      backend.close();
    }
  }
}
