package io.demandflow.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API that demandflow needs. Implemented in memory by
 * {@link InMemorySchemaStore} ({@code mock://}) and over HTTP by {@link RestSchemaRegistryClient};
 * obtain one through {@link SchemaRegistryClients#fromConfig}.
 *
 * <p>Every method throws {@link SchemaRegistryException} on failure; implementations are
 * thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /**
   * Registers {@code schema} under {@code subject} (after a compatibility check) and returns its
   * global id; registering a schema the subject already has returns the existing id.
   */
  int register(String subject, Schema schema);

  /** Looks up the id of a schema already registered under {@code subject}; never registers. */
  int getId(String subject, Schema schema);

  /** The schema with this global id. */
  Schema getSchemaById(int id);

  List<String> getAllSubjects();

  /** The subject's version numbers, ascending. */
  List<Integer> getVersions(String subject);

  /**
   * Whether {@code schema} could be registered under {@code subject} at its compatibility level.
   */
  boolean testCompatibility(String subject, Schema schema);

  RegisteredSchema getSchemaMetadata(String subject, int version);

  RegisteredSchema getLatestSchemaMetadata(String subject);

  /** Deletes the subject and returns the versions it had; ids stay resolvable (as in Confluent). */
  List<Integer> deleteSubject(String subject);

  CompatibilityLevel getGlobalCompatibility();

  void setGlobalCompatibility(CompatibilityLevel level);

  /** The level that applies to the subject: its own, else the global one. */
  CompatibilityLevel getCompatibility(String subject);

  void setCompatibility(String subject, CompatibilityLevel level);

  @Override
  void close();
}
