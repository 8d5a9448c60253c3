package io.demandflow.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  /** The media type Confluent's API speaks. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> baseUrls;
  private final String authorization; // null without basic auth
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration callTimeout;
  private final int maxRetries;
  private final long backoffMs;
  private final long backoffMaxMs;
  private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  private RestSchemaRegistryClient(Map<String, ?> configs) {
    String urls =
        SchemaRegistryConfig.string(configs, SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "");
    List<String> parsed = new ArrayList<>();
    String urlUserInfo = null;
    for (String raw : urls.split(",")) {
      if (raw.isBlank()) {
        continue;
      }
      URI uri = URI.create(raw.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("Unsupported schema registry URL scheme: " + uri);
      }
      if (uri.getRawUserInfo() != null) {
        urlUserInfo = uri.getUserInfo();
      }
      // Keep credentials out of the request URL (and of every message naming the URL).
      String withoutUserInfo =
          uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      parsed.add(withoutUserInfo + path.replaceAll("/+$", ""));
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException(SchemaRegistryConfig.SCHEMA_REGISTRY_URL + " is empty");
    }
    this.baseUrls = List.copyOf(parsed);
    this.authorization = basicAuth(configs, urlUserInfo);
    this.requestTimeout =
        Duration.ofMillis(
            SchemaRegistryConfig.number(configs, SchemaRegistryConfig.REQUEST_TIMEOUT_MS, 2_000));
    this.callTimeout =
        Duration.ofMillis(
            SchemaRegistryConfig.number(
                configs,
                SchemaRegistryConfig.CALL_TIMEOUT_MS,
                SchemaRegistryConfig.CALL_TIMEOUT_MS_DEFAULT));
    this.maxRetries =
        (int) SchemaRegistryConfig.number(configs, SchemaRegistryConfig.MAX_RETRIES, 3);
    this.backoffMs =
        SchemaRegistryConfig.number(configs, SchemaRegistryConfig.RETRY_BACKOFF_MS, 100);
    this.backoffMaxMs =
        SchemaRegistryConfig.number(configs, SchemaRegistryConfig.RETRY_BACKOFF_MAX_MS, 2_000);
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(min(requestTimeout, callTimeout));
    SSLContext ssl = sslContext(configs);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.http = builder.build();
  }

  /**
   * A client for the URLs and settings in {@code configs} (keys in {@link SchemaRegistryConfig}).
   */
  public static RestSchemaRegistryClient fromConfig(Map<String, ?> configs) {
    return new RestSchemaRegistryClient(configs);
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode reply =
        send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject);
    int id = reply.path("id").asInt();
    idsBySubjectSchema.put(key, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public int getId(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode reply = send("POST", "/subjects/" + encode(subject), schemaBody(schema), subject);
    int id = reply.path("id").asInt();
    idsBySubjectSchema.put(key, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema getSchemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode reply = send("GET", "/schemas/ids/" + id, null, null);
    Schema schema = parseSchema(reply.path("schema").asText(), null);
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  @Override
  public List<String> getAllSubjects() {
    List<String> subjects = new ArrayList<>();
    send("GET", "/subjects", null, null).forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  @Override
  public List<Integer> getVersions(String subject) {
    List<Integer> versions = new ArrayList<>();
    send("GET", "/subjects/" + encode(subject) + "/versions", null, subject)
        .forEach(node -> versions.add(node.asInt()));
    return versions;
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    String path = "/compatibility/subjects/" + encode(subject) + "/versions/latest";
    return send("POST", path, schemaBody(schema), subject).path("is_compatible").asBoolean();
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
    send("DELETE", "/subjects/" + encode(subject), null, subject)
        .forEach(node -> versions.add(node.asInt()));
    idsBySubjectSchema.keySet().removeIf(key -> key.subject().equals(subject));
    return versions;
  }

  @Override
  public CompatibilityLevel getGlobalCompatibility() {
    return CompatibilityLevel.parse(
        send("GET", "/config", null, null).path("compatibilityLevel").asText());
  }

  @Override
  public void setGlobalCompatibility(CompatibilityLevel level) {
    send("PUT", "/config", Map.of("compatibility", level.name()), null);
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    String path = "/config/" + encode(subject) + "?defaultToGlobal=true";
    return CompatibilityLevel.parse(
        send("GET", path, null, subject).path("compatibilityLevel").asText());
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    send("PUT", "/config/" + encode(subject), Map.of("compatibility", level.name()), subject);
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads are daemons.
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryClient" + baseUrls; // URLs only: credentials were stripped
  }

  private RegisteredSchema metadata(String subject, String version) {
    JsonNode reply =
        send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null, subject);
    int id = reply.path("id").asInt();
    Schema schema =
        schemasById.computeIfAbsent(id, i -> parseSchema(reply.path("schema").asText(), subject));
    return new RegisteredSchema(
        reply.path("subject").asText(subject), reply.path("version").asInt(), id, schema);
  }

  /**
   * Sends one API call, retrying 5xx and connection errors over all URLs with backoff, within
   * {@link #callTimeout}.
   */
  private JsonNode send(String method, String path, Object body, String subject) {
    byte[] payload = body == null ? new byte[0] : toJson(body);
    SchemaRegistryException last = null;
    long backoff = backoffMs;
    long deadline = System.nanoTime() + callTimeout.toNanos();
    for (int attempt = 0; ; attempt++) {
      for (String baseUrl : baseUrls) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.toMillis() <= 0) {
          throw outOfTime(method, path, subject, attempt, last);
        }
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(min(requestTimeout, left))
                .header("Accept", CONTENT_TYPE)
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(payload));
        if (body != null) {
          request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
          request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
          response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          last =
              new SchemaRegistryException(
                  subject,
                  SchemaRegistryException.NO_RESPONSE,
                  SchemaRegistryException.NO_RESPONSE,
                  method + " " + baseUrl + path + " could not be sent: " + e,
                  e);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException(
              subject, SchemaRegistryException.NO_RESPONSE, 0, "interrupted", e);
        }
        int status = response.statusCode();
        if (status < 300) {
          return parseJson(response.body(), subject, status);
        }
        last = errorOf(response, subject);
        if (status < 500) {
          throw last;
        }
      }
      if (attempt >= maxRetries) {
        throw last;
      }
      if (System.nanoTime() + Duration.ofMillis(backoff).toNanos() >= deadline) {
        throw outOfTime(method, path, subject, attempt + 1, last);
      }
      LOG.warn(
          "Schema registry {} {} failed (attempt {} of {}), retrying in {} ms: {}",
          method,
          path,
          attempt + 1,
          maxRetries + 1,
          backoff,
          last.getMessage());
      sleep(backoff);
      backoff = Math.min(backoff * 2, backoffMaxMs);
    }
  }

  private SchemaRegistryException outOfTime(
      String method, String path, String subject, int attempts, SchemaRegistryException last) {
    return new SchemaRegistryException(
        subject,
        last == null ? SchemaRegistryException.NO_RESPONSE : last.httpStatus(),
        last == null ? SchemaRegistryException.NO_RESPONSE : last.errorCode(),
        String.format(
            "%s %s: no answer within %d ms (%s) after %d attempt(s); last error: %s",
            method,
            path,
            callTimeout.toMillis(),
            SchemaRegistryConfig.CALL_TIMEOUT_MS,
            Math.max(attempts, 1),
            last == null ? "none" : last.getMessage()),
        last);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static SchemaRegistryException errorOf(HttpResponse<byte[]> response, String subject) {
    int status = response.statusCode();
    int errorCode = status;
    String message = new String(response.body(), StandardCharsets.UTF_8);
    try {
      JsonNode error = JSON.readTree(response.body());
      if (error != null && error.has("error_code")) {
        errorCode = error.path("error_code").asInt(status);
        message = error.path("message").asText(message);
      }
    } catch (IOException notJson) {
      // keep the raw body as the message (e.g. a proxy's HTML error page)
    }
    return new SchemaRegistryException(subject, status, errorCode, message);
  }

  private static JsonNode parseJson(byte[] body, String subject, int status) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          subject, status, status, "response is not JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> schemaBody(Schema schema) {
    return Map.of("schema", schema.toString()); // schemaType omitted: AVRO is the default
  }

  private static byte[] toJson(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          null, SchemaRegistryException.NO_RESPONSE, 0, "interrupted");
    }
  }

  private static String basicAuth(Map<String, ?> configs, String urlUserInfo) {
    String source =
        SchemaRegistryConfig.string(
                configs, SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL")
            .toUpperCase(Locale.ROOT);
    String userInfo =
        switch (source) {
          case "USER_INFO" -> {
            String value =
                SchemaRegistryConfig.string(configs, SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "");
            if (!value.contains(":")) {
              throw new IllegalArgumentException(
                  SchemaRegistryConfig.BASIC_AUTH_USER_INFO + " must be user:password");
            }
            yield value;
          }
          case "URL" -> urlUserInfo;
          default ->
              throw new IllegalArgumentException(
                  "Unsupported "
                      + SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                      + ": "
                      + source);
        };
    if (userInfo == null) {
      return null;
    }
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private static SSLContext sslContext(Map<String, ?> configs) {
    String location =
        SchemaRegistryConfig.string(configs, SchemaRegistryConfig.TRUSTSTORE_LOCATION, "");
    if (location.isEmpty()) {
      return null; // the JDK's default trust store
    }
    String password =
        SchemaRegistryConfig.string(configs, SchemaRegistryConfig.TRUSTSTORE_PASSWORD, "");
    String type =
        SchemaRegistryConfig.string(
            configs, SchemaRegistryConfig.TRUSTSTORE_TYPE, KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      KeyStore trustStore = KeyStore.getInstance(type);
      trustStore.load(in, password.isEmpty() ? null : password.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Cannot load schema registry trust store " + location + " (type " + type + "): " + e, e);
    }
  }
}
