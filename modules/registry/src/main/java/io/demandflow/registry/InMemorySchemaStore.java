package io.demandflow.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The one implementation of registry semantics (global ids, subject versions, compatibility),
 * shared by the {@code mock://} registry and {@code EmbeddedSchemaRegistryServer} so both behave
 * alike.
 *
 * <p>Confluent semantics: a schema gets one global id however many subjects hold it; registering a
 * schema that a subject already has returns its id without a compatibility check; versions count
 * from 1 per subject. Schemas are compared by their canonical JSON ({@link Schema#toString()}). All
 * methods are synchronized: the store is small and the serdes cache its answers.
 *
 * <p>Every change is written to a {@link SchemaJournal} before it takes effect; the {@code
 * restore...} methods rebuild a store from such a journal (ids continue after the highest one seen,
 * so an id is never given to a second schema).
 */
public final class InMemorySchemaStore implements SchemaRegistryClient {

  private final Map<String, Integer> idsByCanonical = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<Integer>> idsBySubject = new TreeMap<>(); // index = version - 1
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int nextId = 1;
  private final SchemaJournal journal;

  /** A store in memory only. */
  public InMemorySchemaStore() {
    this(SchemaJournal.NONE);
  }

  /** A store that writes every change to {@code journal} first. */
  public InMemorySchemaStore(SchemaJournal journal) {
    this.journal = journal;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String canonical = schema.toString();
    List<Integer> versions = idsBySubject.getOrDefault(subject, List.of());
    Integer existingId = idsByCanonical.get(canonical);
    if (existingId != null && versions.contains(existingId)) {
      return existingId;
    }
    List<String> problems = getCompatibility(subject).incompatibilities(schema, history(subject));
    if (!problems.isEmpty()) {
      throw ErrorCodes.error(
          subject,
          ErrorCodes.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject '"
              + subject
              + "' (level "
              + getCompatibility(subject)
              + "): "
              + String.join("; ", problems));
    }
    int id = existingId != null ? existingId : nextId;
    if (existingId == null) {
      journal.schemaCreated(id, schema);
      nextId++;
    }
    idsByCanonical.put(canonical, id);
    schemasById.putIfAbsent(id, schema);
    List<Integer> newVersions = new ArrayList<>(versions);
    newVersions.add(id);
    journal.subjectChanged(subject, List.copyOf(newVersions));
    idsBySubject.put(subject, newVersions);
    return id;
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    return lookup(subject, schema).id();
  }

  /** {@code POST /subjects/{subject}}: the version of the subject holding this schema. */
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    List<Integer> versions = versionsOf(subject);
    Integer id = idsByCanonical.get(schema.toString());
    int index = id == null ? -1 : versions.indexOf(id);
    if (index < 0) {
      throw ErrorCodes.error(
          subject, ErrorCodes.SCHEMA_NOT_FOUND, "Schema not found under subject '" + subject + "'");
    }
    return new RegisteredSchema(subject, index + 1, id, schemasById.get(id));
  }

  @Override
  public synchronized Schema getSchemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw ErrorCodes.error(null, ErrorCodes.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
    return schema;
  }

  @Override
  public synchronized List<String> getAllSubjects() {
    return List.copyOf(idsBySubject.keySet());
  }

  @Override
  public synchronized List<Integer> getVersions(String subject) {
    int count = versionsOf(subject).size();
    List<Integer> numbers = new ArrayList<>(count);
    for (int v = 1; v <= count; v++) {
      numbers.add(v);
    }
    return numbers;
  }

  @Override
  public synchronized boolean testCompatibility(String subject, Schema schema) {
    return getCompatibility(subject).incompatibilities(schema, history(subject)).isEmpty();
  }

  /** Compatibility with one given version, at the subject's level without transitivity. */
  public synchronized boolean testCompatibility(String subject, Schema schema, int version) {
    Schema target = getSchemaMetadata(subject, version).schema();
    CompatibilityLevel level = getCompatibility(subject);
    return level.incompatibilities(schema, List.of(target)).isEmpty();
  }

  @Override
  public synchronized RegisteredSchema getSchemaMetadata(String subject, int version) {
    List<Integer> versions = versionsOf(subject);
    if (version < 1 || version > versions.size()) {
      throw ErrorCodes.error(
          subject,
          ErrorCodes.VERSION_NOT_FOUND,
          "Version " + version + " not found for subject '" + subject + "'");
    }
    int id = versions.get(version - 1);
    return new RegisteredSchema(subject, version, id, schemasById.get(id));
  }

  @Override
  public synchronized RegisteredSchema getLatestSchemaMetadata(String subject) {
    return getSchemaMetadata(subject, versionsOf(subject).size());
  }

  @Override
  public synchronized List<Integer> deleteSubject(String subject) {
    List<Integer> versions = getVersions(subject);
    journal.subjectChanged(subject, List.of());
    idsBySubject.remove(subject);
    if (subjectLevels.containsKey(subject)) {
      journal.compatibilityChanged(subject, null);
      subjectLevels.remove(subject);
    }
    return versions;
  }

  @Override
  public synchronized CompatibilityLevel getGlobalCompatibility() {
    return globalLevel;
  }

  @Override
  public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
    journal.compatibilityChanged(null, level);
    globalLevel = level;
  }

  @Override
  public synchronized CompatibilityLevel getCompatibility(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  @Override
  public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
    journal.compatibilityChanged(subject, level);
    subjectLevels.put(subject, level);
  }

  /** Restores a journalled {@link SchemaJournal#schemaCreated}; not journalled again. */
  public synchronized void restoreSchema(int id, Schema schema) {
    schemasById.put(id, schema);
    idsByCanonical.put(schema.toString(), id);
    nextId = Math.max(nextId, id + 1);
  }

  /** Restores a journalled {@link SchemaJournal#subjectChanged}; not journalled again. */
  public synchronized void restoreSubject(String subject, List<Integer> ids) {
    if (ids.isEmpty()) {
      idsBySubject.remove(subject);
    } else {
      idsBySubject.put(subject, new ArrayList<>(ids));
    }
  }

  /** Restores a journalled {@link SchemaJournal#compatibilityChanged}; not journalled again. */
  public synchronized void restoreCompatibility(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level == null ? CompatibilityLevel.BACKWARD : level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  /** Nothing to release; a store may be shared by many clients (mock scopes, the server). */
  @Override
  public void close() {}

  private List<Integer> versionsOf(String subject) {
    List<Integer> versions = idsBySubject.get(subject);
    if (versions == null) {
      throw ErrorCodes.error(
          subject, ErrorCodes.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found");
    }
    return versions;
  }

  private List<Schema> history(String subject) {
    List<Schema> schemas = new ArrayList<>();
    for (int id : idsBySubject.getOrDefault(subject, List.of())) {
      schemas.add(schemasById.get(id));
    }
    return schemas;
  }
}
