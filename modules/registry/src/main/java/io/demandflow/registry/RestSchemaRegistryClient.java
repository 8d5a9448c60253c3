package io.demandflow.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Talks to a Confluent-compatible registry over its REST API (the subset in {@link
 * SchemaRegistryClient}), because Confluent's own client is not available to this project.
 *
 * <p>Answers are cached both ways (subject+schema → id, id → schema): ids are immutable, so the
 * serdes' hot path never leaves the JVM after the first record. 5xx answers and connection errors
 * are retried with exponential backoff, trying each configured URL in turn, until {@link
 * SchemaRegistryConfig#MAX_RETRIES} or {@link SchemaRegistryConfig#CALL_TIMEOUT_MS} runs out,
 * whichever comes first: a call on a stream thread must end before its transaction times out. 4xx
 * answers throw {@link SchemaRegistryException} at once. Basic-auth credentials are sent but never
 * logged.
 *
 * <p>Parts: {@link RegistryEndpoints} (URLs and credentials), {@link RegistryHttpTransport}
 * (retries, backoff, deadline; TLS from {@link RegistryTrustStore}) and {@link SchemaIdCache}; this
 * class maps the API calls onto them.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  /** The media type Confluent's API speaks. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final RegistryEndpoints endpoints;
  private final RegistryHttpTransport transport;
  private final SchemaIdCache cache = new SchemaIdCache();

  private RestSchemaRegistryClient(Map<String, ?> configs) {
    this.endpoints = RegistryEndpoints.fromConfig(configs);
    this.transport = new RegistryHttpTransport(endpoints, configs);
  }

  /**
   * A client for the URLs and settings in {@code configs} (keys in {@link SchemaRegistryConfig}).
   */
  public static RestSchemaRegistryClient fromConfig(Map<String, ?> configs) {
    return new RestSchemaRegistryClient(configs);
  }

  @Override
  public int register(String subject, Schema schema) {
    return idOf(subject, schema, "/subjects/" + encode(subject) + "/versions");
  }

  @Override
  public int getId(String subject, Schema schema) {
    return idOf(subject, schema, "/subjects/" + encode(subject));
  }

  @Override
  public Schema getSchemaById(int id) {
    Schema cached = cache.schema(id);
    if (cached != null) {
      return cached;
    }
    JsonNode reply = transport.send("GET", "/schemas/ids/" + id, null, null);
    return cache.putSchema(id, parseSchema(reply.path("schema").asText(), null));
  }

  @Override
  public List<String> getAllSubjects() {
    List<String> subjects = new ArrayList<>();
    transport.send("GET", "/subjects", null, null).forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  @Override
  public List<Integer> getVersions(String subject) {
    List<Integer> versions = new ArrayList<>();
    transport
        .send("GET", "/subjects/" + encode(subject) + "/versions", null, subject)
        .forEach(node -> versions.add(node.asInt()));
    return versions;
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest";
    return transport
        .send("POST", path, schemaBody(schema), subject)
        .path("is_compatible")
        .asBoolean();
  }

  @Override
  public RegisteredSchema getSchemaMetadata(String subject, int version) {
    return metadata(subject, String.valueOf(version));
  }

  @Override
  public RegisteredSchema getLatestSchemaMetadata(String subject) {
    return metadata(subject, "latest");
  }

  @Override
  public List<Integer> deleteSubject(String subject) {
    List<Integer> versions = new ArrayList<>();
    transport
        .send("DELETE", "/subjects/" + encode(subject), null, subject)
        .forEach(node -> versions.add(node.asInt()));
    cache.forgetSubject(subject);
    return versions;
  }

  @Override
  public CompatibilityLevel getGlobalCompatibility() {
    return CompatibilityLevel.parse(
        transport.send("GET", "/config", null, null).path("compatibilityLevel").asText());
  }

  @Override
  public void setGlobalCompatibility(CompatibilityLevel level) {
    transport.send("PUT", "/config", Map.of("compatibility", level.name()), null);
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    String path = "/config/" + encode(subject) + "?defaultToGlobal=true";
    return CompatibilityLevel.parse(
        transport.send("GET", path, null, subject).path("compatibilityLevel").asText());
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    transport.send(
        "PUT", "/config/" + encode(subject), Map.of("compatibility", level.name()), subject);
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads are daemons.
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryClient" + endpoints; // URLs only: credentials were stripped
  }

  /** Registers ({@code POST .../versions}) or looks up ({@code POST /subjects/s}) a schema's id. */
  private int idOf(String subject, Schema schema, String path) {
    Integer cached = cache.id(subject, schema);
    if (cached != null) {
      return cached;
    }
    int id = transport.send("POST", path, schemaBody(schema), subject).path("id").asInt();
    cache.putId(subject, schema, id);
    return id;
  }

  private RegisteredSchema metadata(String subject, String version) {
    JsonNode reply =
        transport.send(
            "GET", "/subjects/" + encode(subject) + "/versions/" + version, null, subject);
    int id = reply.path("id").asInt();
    Schema schema = cache.schema(id, i -> parseSchema(reply.path("schema").asText(), subject));
    return new RegisteredSchema(
        reply.path("subject").asText(subject), reply.path("version").asInt(), id, schema);
  }

  private static Map<String, String> schemaBody(Schema schema) {
    return Map.of("schema", schema.toString()); // schemaType omitted: AVRO is the default
  }

  private static Schema parseSchema(String json, String subject) {
    try {
      return new Schema.Parser().parse(json);
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(
          subject, 200, ErrorCodes.INVALID_SCHEMA, "registry returned an invalid schema", e);
    }
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
