package io.demandflow.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntFunction;
import org.apache.avro.Schema;

/**
 * The registry's answers kept both ways (subject+schema → id, id → schema). Ids are immutable, so
 * after the first record the serdes' hot path never leaves the JVM.
 */
final class SchemaIdCache {

  private record SubjectSchema(String subject, Schema schema) {}

  private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  /**
   * The id of the schema under the subject, if known.
   *
   * @param subject subject
   * @param schema schema
   * @return the id, or null
   */
  Integer id(String subject, Schema schema) {
    return idsBySubjectSchema.get(new SubjectSchema(subject, schema));
  }

  /**
   * Records the id the registry gave the schema under the subject.
   *
   * @param subject subject
   * @param schema schema
   * @param id its id
   */
  void putId(String subject, Schema schema, int id) {
    idsBySubjectSchema.put(new SubjectSchema(subject, schema), id);
    schemasById.putIfAbsent(id, schema);
  }

  /**
   * The schema with this id, if known.
   *
   * @param id schema id
   * @return the schema, or null
   */
  Schema schema(int id) {
    return schemasById.get(id);
  }

  /**
   * Keeps the schema for the id unless another thread did first.
   *
   * @param id schema id
   * @param schema schema read from the registry
   * @return the schema kept for the id
   */
  Schema putSchema(int id, Schema schema) {
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  /**
   * The schema for the id, computed (and kept) if unknown.
   *
   * @param id schema id
   * @param load reads the schema when it is not cached
   * @return the schema
   */
  Schema schema(int id, IntFunction<Schema> load) {
    return schemasById.computeIfAbsent(id, load::apply);
  }

  /**
   * Forgets the ids registered under a subject (schemas by id stay: ids are never reused).
   *
   * @param subject the deleted subject
   */
  void forgetSubject(String subject) {
    idsBySubjectSchema.keySet().removeIf(key -> key.subject().equals(subject));
  }
}
