package io.demandflow.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Where {@link InMemorySchemaStore} writes each change before it takes effect, so that a durable
 * journal (the embedded registry's {@code _schemas} topic) can rebuild the store after a restart.
 * Each call carries the whole new state of one key, so a compacted log of the calls is enough. A
 * call that throws leaves the store unchanged.
 */
public interface SchemaJournal {

  /** Keeps nothing: the store lives in memory only ({@code mock://}). */
  SchemaJournal NONE =
      new SchemaJournal() {
        @Override
        public void schemaCreated(int id, Schema schema) {}

        @Override
        public void subjectChanged(String subject, List<Integer> ids) {}

        @Override
        public void compatibilityChanged(String subject, CompatibilityLevel level) {}
      };

  /** A new global id was given to {@code schema}; ids are never reused. */
  void schemaCreated(int id, Schema schema);

  /** {@code subject} now holds {@code ids} as versions 1..n; empty when it was deleted. */
  void subjectChanged(String subject, List<Integer> ids);

  /**
   * The compatibility level of {@code subject} ({@code null}: the global level) is now {@code
   * level} ({@code null}: removed, the global level applies again).
   */
  void compatibilityChanged(String subject, CompatibilityLevel level);
}
