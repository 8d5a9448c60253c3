package io.demandflow.service.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.ingest.json.EventJson;
import io.demandflow.pipeline.Keys;
import io.demandflow.service.http.HttpRequest;
import io.demandflow.service.http.HttpResponse;
import io.demandflow.service.http.Router;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the key-value stores of every instance of the application.
 *
 * <ul>
 *   <li>A single key is answered by its active owner ({@link KafkaStreams#queryMetadataForKey}):
 *       locally when that is this instance, otherwise by forwarding the request to the owner's
 *       {@code application.server}.
 *   <li>A listing gathers the local rows of each instance that hosts the store ({@link
 *       KafkaStreams#streamsMetadataForStore}) with {@code ?scope=local} requests.
 *   <li>Forwarded requests carry {@link Router#FORWARDED_HEADER} and are always answered locally,
 *       never forwarded again (no loops), and fail fast with 503 so the instance that forwarded
 *       them retries with fresh metadata. {@link PeerClient} sends them, with the instances'
 *       credentials and over TLS when the service uses them; an instance refusing them (401, 403)
 *       is a configuration error, answered 502.
 *   <li>While stores migrate or restore (rebalance, start-up) an instance retries with backoff up
 *       to the query timeout, then answers 503 with a JSON error.
 * </ul>
 *
 * <p>Every answer has rows {@code {"key": ..., "value": ...}} with values as {@link EventJson}.
 * Listings are a consistent read per instance, not a snapshot of the whole cluster: rows of a
 * partition that is moving at that very moment can be missing until the next request.
 */
public final class StoreQueries {

  /** The query parameter of a listing asking one instance for its local rows only. */
  public static final String SCOPE = "scope";

  private static final Serializer<String> KEYS = Serdes.String().serializer();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final KafkaStreams streams;
  private final HostInfo self;
  private final Duration timeout;
  private final PeerClient peers;

  /**
   * @param self this instance's {@code application.server}
   * @param timeout how long a query retries before it answers 503
   * @param peers how requests are forwarded to other instances
   */
  public StoreQueries(KafkaStreams streams, HostInfo self, Duration timeout, PeerClient peers) {
    this.streams = Objects.requireNonNull(streams);
    this.self = Objects.requireNonNull(self);
    this.timeout = Objects.requireNonNull(timeout);
    this.peers = Objects.requireNonNull(peers);
  }

  /** The row of {@code key}, from whichever instance owns it; 404 when there is none. */
  public HttpResponse lookup(String store, String key, HttpRequest request)
      throws InterruptedException {
    if (request.forwardedBy().isPresent()) {
      return once(store, () -> lookupLocally(store, key));
    }
    return retrying(
        store,
        () -> {
          HostInfo owner = ownerOf(store, key);
          return owner.equals(self)
              ? lookupLocally(store, key)
              : forward(owner, request.path(), request.queryParameters());
        });
  }

  /** The rows of every instance whose key parts match {@code keyFilter}, sorted by key. */
  public HttpResponse list(String store, Predicate<List<String>> keyFilter, HttpRequest request)
      throws InterruptedException {
    boolean localOnly =
        request.forwardedBy().isPresent()
            || request.queryParameter(SCOPE).filter("local"::equals).isPresent();
    if (localOnly) {
      return once(store, () -> rows(localRows(store, keyFilter)));
    }
    return retrying(
        store,
        () -> {
          Collection<StreamsMetadata> hosts = streams.streamsMetadataForStore(store);
          if (hosts.isEmpty()) {
            throw new Unavailable("no instance hosts the store yet");
          }
          Map<String, JsonNode> rows = new TreeMap<>();
          for (StreamsMetadata host : hosts) {
            if (host.hostInfo().equals(self)) {
              rows.putAll(localRows(store, keyFilter));
            } else {
              Map<String, String> query = new TreeMap<>(request.queryParameters());
              query.put(SCOPE, "local");
              HttpResponse remote = forward(host.hostInfo(), request.path(), query);
              if (remote.status() != 200) {
                return remote; // never a listing with one instance's rows silently missing
              }
              remote
                  .jsonBody()
                  .path("rows")
                  .forEach(row -> rows.put(row.path("key").asText(), row));
            }
          }
          return rows(rows);
        });
  }

  private HostInfo ownerOf(String store, String key) throws Unavailable {
    KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
    if (metadata == null
        || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
        || metadata.activeHost() == null
        || metadata.activeHost().equals(HostInfo.unavailable())) {
      throw new Unavailable("the owner of key '" + key + "' is not known yet");
    }
    return metadata.activeHost();
  }

  private HttpResponse lookupLocally(String store, String key) throws Unavailable {
    KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
    if (metadata == null || !self.equals(metadata.activeHost())) {
      throw new Unavailable("this instance does not own key '" + key + "' (any more)");
    }
    ReadOnlyKeyValueStore<String, Object> kv =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                    store, QueryableStoreTypes.<String, Object>keyValueStore())
                .withPartition(metadata.partition()));
    Object value = kv.get(key);
    if (value == null) {
      return HttpResponse.error(404, "no row with key '" + key + "' in " + store);
    }
    return HttpResponse.json(200, row(key, value));
  }

  private Map<String, JsonNode> localRows(String store, Predicate<List<String>> keyFilter) {
    ReadOnlyKeyValueStore<String, Object> kv =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                store, QueryableStoreTypes.<String, Object>keyValueStore()));
    Map<String, JsonNode> rows = new TreeMap<>();
    try (KeyValueIterator<String, Object> all = kv.all()) {
      while (all.hasNext()) {
        KeyValue<String, Object> entry = all.next();
        if (keyFilter.test(Keys.split(entry.key))) {
          rows.put(entry.key, row(entry.key, entry.value));
        }
      }
    }
    return rows;
  }

  private HttpResponse forward(HostInfo host, String path, Map<String, String> query)
      throws Unavailable, InterruptedException {
    StringBuilder pathAndQuery = new StringBuilder(path);
    String separator = "?";
    for (Map.Entry<String, String> parameter : query.entrySet()) {
      pathAndQuery
          .append(separator)
          .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
      separator = "&";
    }
    String instance = host.host() + ":" + host.port();
    try {
      java.net.http.HttpResponse<byte[]> response = peers.get(host, pathAndQuery.toString(), self);
      if (response.statusCode() == 503) {
        throw new Unavailable("instance " + instance + " cannot answer yet");
      }
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        return HttpResponse.error(
            502,
            "instance "
                + instance
                + " refused a forwarded request ("
                + response.statusCode()
                + "): every instance needs the same demandflow.http.auth.peer-token");
      }
      String type = response.headers().firstValue("Content-Type").orElse(HttpResponse.JSON);
      return new HttpResponse(response.statusCode(), type, response.body());
    } catch (IOException e) {
      throw new Unavailable("instance " + instance + " is unreachable: " + e.getMessage());
    }
  }

  private HttpResponse retrying(String store, Attempt attempt) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      String reason;
      try {
        return attempt.run();
      } catch (Unavailable | InvalidStateStoreException e) {
        reason = e.getMessage();
      }
      if (System.nanoTime() + backoff.toNanos() > deadline) {
        return unavailable(store, reason + "; retried for " + timeout.toMillis() + " ms");
      }
      Thread.sleep(backoff.toMillis());
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  private static HttpResponse once(String store, Attempt attempt) throws InterruptedException {
    try {
      return attempt.run();
    } catch (Unavailable | InvalidStateStoreException e) {
      return unavailable(store, e.getMessage());
    }
  }

  private static HttpResponse unavailable(String store, String reason) {
    return HttpResponse.error(
        503,
        "store "
            + store
            + " is not available (state is migrating or restoring, try again): "
            + reason);
  }

  private static ObjectNode row(String key, Object value) {
    ObjectNode row = NODES.objectNode();
    row.put("key", key);
    row.set("value", EventJson.value(value));
    return row;
  }

  private static HttpResponse rows(Map<String, JsonNode> rows) {
    ArrayNode array = NODES.arrayNode();
    rows.values().forEach(array::add);
    ObjectNode body = NODES.objectNode();
    body.put("count", rows.size());
    body.set("rows", array);
    return HttpResponse.json(200, body);
  }

  @FunctionalInterface
  private interface Attempt {
    HttpResponse run() throws Unavailable, InterruptedException;
  }

  /** The store or its owner cannot answer right now; worth retrying. */
  private static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message, null, false, false);
    }
  }
}
