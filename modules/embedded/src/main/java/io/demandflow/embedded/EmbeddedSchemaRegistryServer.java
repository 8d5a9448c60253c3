package io.demandflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.demandflow.registry.CompatibilityLevel;
import io.demandflow.registry.ErrorCodes;
import io.demandflow.registry.InMemorySchemaStore;
import io.demandflow.registry.RegisteredSchema;
import io.demandflow.registry.RestSchemaRegistryClient;
import io.demandflow.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Confluent-compatible Schema Registry on the JDK's HTTP server, because no Confluent-API
 * registry can be run here (see PLATFORM-NOTES). Separate processes, our {@link
 * RestSchemaRegistryClient} and third-party Confluent serializers can share schemas through it.
 *
 * <p>Speaks the REST subset our client uses (subjects, versions, ids, compatibility, config) with
 * Confluent's request/response shapes and error codes; the registry logic itself is {@link
 * InMemorySchemaStore}, so it behaves exactly like {@code mock://}. Started with Kafka client
 * properties, it keeps its schemas in a compacted {@code _schemas} topic on that broker ({@link
 * KafkaSchemaJournal}), as Confluent's does, and reads them back when it starts again: ids keep
 * their meaning across restarts. Started without, state lives in memory only.
 */
public final class EmbeddedSchemaRegistryServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistryServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = RestSchemaRegistryClient.CONTENT_TYPE;

  private final HttpServer server;
  private final ExecutorService executor;
  private final InMemorySchemaStore store;
  private final AutoCloseable journal;

  private EmbeddedSchemaRegistryServer(
      HttpServer server,
      ExecutorService executor,
      InMemorySchemaStore store,
      AutoCloseable journal) {
    this.server = server;
    this.executor = executor;
    this.store = store;
    this.journal = journal;
  }

  /**
   * Starts a registry on {@code host:port} that keeps its schemas in memory only; port 0 picks a
   * free port (see {@link #port()}).
   */
  public static EmbeddedSchemaRegistryServer start(String host, int port) {
    return start(host, port, new InMemorySchemaStore(), () -> {});
  }

  /**
   * Starts a registry on {@code host:port} whose schemas live in the {@code _schemas} topic of the
   * broker {@code kafkaClientProperties} reach; the schemas already there are read first.
   */
  public static EmbeddedSchemaRegistryServer start(
      String host, int port, Map<String, Object> kafkaClientProperties) {
    KafkaSchemaJournal journal =
        KafkaSchemaJournal.open(kafkaClientProperties, KafkaSchemaJournal.DEFAULT_TOPIC);
    try {
      InMemorySchemaStore store = new InMemorySchemaStore(journal);
      journal.replayInto(store);
      return start(host, port, store, journal);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  private static EmbeddedSchemaRegistryServer start(
      String host, int port, InMemorySchemaStore store, AutoCloseable journal) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind schema registry to " + host + ":" + port, e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "schema-registry-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    EmbeddedSchemaRegistryServer registry =
        new EmbeddedSchemaRegistryServer(http, executor, store, journal);
    http.createContext("/", registry::handle);
    http.setExecutor(executor);
    http.start();
    LOG.info("Schema registry listening on {}", registry.url());
    return registry;
  }

  /** Base URL for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    String host = server.getAddress().getHostString();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      journal.close();
    } catch (Exception e) {
      LOG.warn("Cannot close the schema journal", e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      try {
        reply = route(exchange);
      } catch (SchemaRegistryException e) {
        reply = error(e.httpStatus(), e.errorCode(), e.detail());
      } catch (BadRequest e) {
        reply = error(e.status, e.errorCode, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("Schema registry request {} failed", exchange.getRequestURI(), e);
        reply = error(500, 50001, "Error in the backend data store: " + e);
      }
      byte[] body = reply.body;
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** Maps method and path to a store call; see the class Javadoc for the supported subset. */
  private Reply route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    List<String> path = segments(exchange.getRequestURI().getRawPath());
    int n = path.size();
    String first = n > 0 ? path.get(0) : "";
    if (n == 0 && method.equals("GET")) {
      return json(JSON.createObjectNode());
    }
    if (first.equals("subjects")) {
      if (n == 1 && method.equals("GET")) {
        return json(store.getAllSubjects());
      }
      String subject = n > 1 ? path.get(1) : "";
      if (n == 2 && method.equals("POST")) {
        return json(metadata(store.lookup(subject, schemaFrom(exchange))));
      }
      if (n == 2 && method.equals("DELETE")) {
        return json(store.deleteSubject(subject));
      }
      if (n == 3 && path.get(2).equals("versions") && method.equals("GET")) {
        return json(store.getVersions(subject));
      }
      if (n == 3 && path.get(2).equals("versions") && method.equals("POST")) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("id", store.register(subject, schemaFrom(exchange)));
        return json(reply);
      }
      if (n == 4 && path.get(2).equals("versions") && method.equals("GET")) {
        return json(metadata(version(subject, path.get(3))));
      }
      if (n == 5 && path.get(2).equals("versions") && path.get(4).equals("schema")) {
        return json(JSON.readTree(version(subject, path.get(3)).schema().toString()));
      }
    }
    if (first.equals("schemas") && n >= 3 && path.get(1).equals("ids") && method.equals("GET")) {
      Schema schema = store.getSchemaById(parseInt(path.get(2), "id"));
      if (n == 3) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("schema", schema.toString());
        return json(reply);
      }
      if (n == 4 && path.get(3).equals("schema")) {
        return json(JSON.readTree(schema.toString()));
      }
    }
    if (first.equals("compatibility")
        && n == 5
        && path.get(1).equals("subjects")
        && path.get(3).equals("versions")
        && method.equals("POST")) {
      String subject = path.get(2);
      Schema schema = schemaFrom(exchange);
      boolean compatible =
          path.get(4).equals("latest")
              ? store.testCompatibility(subject, schema)
              : store.testCompatibility(subject, schema, parseVersion(path.get(4)));
      ObjectNode reply = JSON.createObjectNode();
      reply.put("is_compatible", compatible);
      return json(reply);
    }
    if (first.equals("config") && n <= 2) {
      String subject = n == 2 ? path.get(1) : null;
      if (method.equals("GET")) {
        CompatibilityLevel level =
            subject == null ? store.getGlobalCompatibility() : store.getCompatibility(subject);
        ObjectNode reply = JSON.createObjectNode();
        reply.put("compatibilityLevel", level.name());
        return json(reply);
      }
      if (method.equals("PUT")) {
        CompatibilityLevel level =
            CompatibilityLevel.parse(body(exchange).path("compatibility").asText(null));
        if (subject == null) {
          store.setGlobalCompatibility(level);
        } else {
          store.setCompatibility(subject, level);
        }
        ObjectNode reply = JSON.createObjectNode();
        reply.put("compatibility", level.name());
        return json(reply);
      }
    }
    return error(404, 404, "HTTP 404 Not Found: " + method + " " + exchange.getRequestURI());
  }

  private RegisteredSchema version(String subject, String version) {
    return version.equals("latest")
        ? store.getLatestSchemaMetadata(subject)
        : store.getSchemaMetadata(subject, parseVersion(version));
  }

  private static ObjectNode metadata(RegisteredSchema registered) {
    ObjectNode node = JSON.createObjectNode();
    node.put("subject", registered.subject());
    node.put("version", registered.version());
    node.put("id", registered.id());
    node.put("schema", registered.schema().toString()); // schemaType omitted: AVRO
    return node;
  }

  private static Schema schemaFrom(HttpExchange exchange) throws IOException {
    JsonNode body = body(exchange);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equalsIgnoreCase("AVRO")) {
      throw new BadRequest(422, ErrorCodes.INVALID_SCHEMA, "Unsupported schemaType " + type);
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new BadRequest(422, ErrorCodes.INVALID_SCHEMA, "Body must hold a \"schema\" string");
    }
    try {
      return new Schema.Parser().parse(schema.asText());
    } catch (RuntimeException e) { // SchemaParseException, AvroTypeException, ...
      throw new BadRequest(422, ErrorCodes.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
    }
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new BadRequest(400, 400, "Request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest(400, 400, "Malformed JSON: " + e.getOriginalMessage());
    }
  }

  private static int parseVersion(String text) {
    int version = parseIntOr(text, -1);
    if (version < 1) {
      throw new BadRequest(
          422,
          ErrorCodes.INVALID_VERSION,
          "The specified version '" + text + "' is not valid: use 'latest' or a number >= 1");
    }
    return version;
  }

  private static int parseInt(String text, String what) {
    int value = parseIntOr(text, Integer.MIN_VALUE);
    if (value == Integer.MIN_VALUE) {
      throw new BadRequest(404, ErrorCodes.SCHEMA_NOT_FOUND, "Invalid " + what + ": " + text);
    }
    return value;
  }

  private static int parseIntOr(String text, int fallback) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/")) {
      if (!raw.isEmpty()) {
        segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  private static Reply json(Object value) throws IOException {
    return new Reply(200, JSON.writeValueAsBytes(value));
  }

  private static Reply error(int status, int errorCode, String message) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("error_code", errorCode);
    node.put("message", message);
    return new Reply(status, JSON.writeValueAsBytes(node));
  }

  private record Reply(int status, byte[] body) {}

  /** A request the server rejects before it reaches the store. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final int errorCode;

    BadRequest(int status, int errorCode, String message) {
      super(message);
      this.status = status;
      this.errorCode = errorCode;
    }
  }
}
