package io.demandflow.service.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.demandflow.pipeline.app.DemandflowConfig;
import io.demandflow.service.ServiceSettings;
import io.demandflow.service.http.HttpResponse;
import io.demandflow.service.http.Router;
import io.demandflow.service.query.PeerClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication, roles and TLS of the HTTP service on the router alone (no broker): the routes are
 * stand-ins with the service's real patterns, the access control is built from settings.
 */
class HttpAuthenticationTest {

  /** Fast hashes: the cost of PBKDF2 is not under test. */
  private static final int TEST_ITERATIONS = 1_000;

  private static final String PLANNER_PASSWORD = "planner-secret";
  private static final String VIEWER_PASSWORD = "viewer-secret";
  private static final String PEER_TOKEN = "peer-token-of-this-test-0123456789";

  @TempDir Path tempDir;

  private final String viewerToken = BearerToken.generate();
  private final String plannerToken = BearerToken.generate();
  private final HttpClient plainClient = HttpClient.newHttpClient();
  private final Map<String, String> settings = new HashMap<>();
  private HttpServer server;

  @BeforeEach
  void writeCredentialFiles() throws Exception {
    Path users = tempDir.resolve("users");
    Files.writeString(
        users,
        String.join(
            "\n",
            "# name:role:hash",
            "ada:planner:" + hash(PLANNER_PASSWORD),
            "",
            "vic:viewer:" + hash(VIEWER_PASSWORD)));
    Path tokens = tempDir.resolve("tokens");
    Files.writeString(
        tokens,
        "grafana:viewer:"
            + BearerToken.encodedDigest(viewerToken)
            + "\nreports:planner:"
            + BearerToken.encodedDigest(plannerToken)
            + "\n");
    settings.put(ServiceSettings.AUTH, "basic,bearer");
    settings.put(ServiceSettings.AUTH_USERS_FILE, users.toString());
    settings.put(ServiceSettings.AUTH_TOKENS_FILE, tokens.toString());
    settings.put(ServiceSettings.AUTH_PEER_TOKEN, PEER_TOKEN);
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldAnswer401WithChallengesWhenRequestHasNoCredentials() throws Exception {
    // Given the service with basic and bearer authentication
    URI base = start();

    // When the console is asked for without credentials
    var response = send(base, "/", Optional.empty());

    // Then it is refused with one challenge per scheme, so that a browser asks for a password
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Basic realm=\"demandflow\"", "Bearer realm=\"demandflow\"");
    assertThat(response.body()).contains("authentication required");
  }

  @Test
  void shouldAnswer401WhenPasswordOrTokenIsWrong() throws Exception {
    URI base = start();

    assertThat(send(base, "/api/ledger", basic("ada", "wrong")).statusCode()).isEqualTo(401);
    assertThat(send(base, "/api/ledger", basic("nobody", PLANNER_PASSWORD)).statusCode())
        .isEqualTo(401);
    assertThat(send(base, "/api/ledger", bearer("not-a-token")).statusCode()).isEqualTo(401);
    assertThat(send(base, "/api/ledger", Optional.of("Basic !!not-base64")).statusCode())
        .isEqualTo(401);
  }

  @Test
  void shouldAnswer403WhenViewerAsksForCustomerLevelData() throws Exception {
    // Given a viewer, by password and by token
    URI base = start();

    // Then aggregated views answer, customer-level data, allocations and the topology do not,
    // however the path is spelled
    for (Optional<String> viewer : List.of(basic("vic", VIEWER_PASSWORD), bearer(viewerToken))) {
      for (String path : List.of("/", "/console/console.js", "/api/demand/regions", "/metrics")) {
        assertThat(send(base, path, viewer).statusCode()).as(path).isEqualTo(200);
      }
      for (String path :
          List.of(
              "/api/demand/customers",
              "/api/demand/%63ustomers",
              "/api//demand/customers/C01/H200",
              "/api/allocations",
              "/topology")) {
        var refused = send(base, path, viewer);
        assertThat(refused.statusCode()).as(path).isEqualTo(403);
        assertThat(refused.body()).contains("role viewer may not read");
      }
    }
  }

  @Test
  void shouldAnswer200WhenPlannerAsksForAnyRoute() throws Exception {
    URI base = start();

    for (Optional<String> planner :
        List.of(basic("ada", PLANNER_PASSWORD), bearer(plannerToken), bearer(PEER_TOKEN))) {
      for (String path :
          List.of("/", "/api/demand/customers/C01/H200", "/api/allocations", "/topology")) {
        assertThat(send(base, path, planner).statusCode()).as(path).isEqualTo(200);
      }
      // Only callers who may read something learn that a path does not exist
      assertThat(send(base, "/no/such/path", planner).statusCode()).isEqualTo(404);
    }
    assertThat(send(base, "/no/such/path", Optional.empty()).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldLeaveHealthAndMetricsOpenWhenTheSettingSaysSo() throws Exception {
    // Given the default: probes and scrapes need no credentials
    URI open = start();
    for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
      assertThat(send(open, path, Optional.empty()).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(send(open, "/topology", Optional.empty()).statusCode()).isEqualTo(401);
    server.stop(0);

    // When they are closed
    settings.put(ServiceSettings.AUTH_OPEN_HEALTH_METRICS, "false");
    URI closed = start();

    // Then they need credentials like everything else
    for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
      assertThat(send(closed, path, Optional.empty()).statusCode()).as(path).isEqualTo(401);
      assertThat(send(closed, path, bearer(viewerToken)).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void shouldAcceptOnlyThePeerTokenAsBearerWhenOnlyBasicIsOffered() throws Exception {
    // Given basic authentication only
    settings.put(ServiceSettings.AUTH, "basic");
    URI base = start();

    // Then tokens of the tokens file are not accepted, the instances' peer token is
    var response = send(base, "/api/allocations", bearer(plannerToken));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Basic realm=\"demandflow\"");
    assertThat(send(base, "/api/allocations", bearer(PEER_TOKEN)).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldForwardWithPeerCredentialsOverTlsWhenServiceServesHttps() throws Exception {
    // Given an HTTPS server with a self-signed certificate, and that certificate as trust store
    KeyStoreFile keyStore = TestKeyStores.selfSigned(tempDir.resolve("http.p12"));
    settings.put(ServiceSettings.TLS_KEYSTORE_LOCATION, keyStore.location().toString());
    settings.put(ServiceSettings.TLS_KEYSTORE_PASSWORD, TestKeyStores.PASSWORD);
    settings.put(ServiceSettings.TLS_TRUSTSTORE_LOCATION, keyStore.location().toString());
    settings.put(ServiceSettings.TLS_TRUSTSTORE_PASSWORD, TestKeyStores.PASSWORD);
    ServiceSettings serviceSettings = settings();
    SSLContext serverTls = serviceSettings.tlsKeyStore().orElseThrow().serverContext();
    SSLContext clientTls = serviceSettings.tlsTrustStore().orElseThrow().clientContext();
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    URI base = start(https);
    HostInfo target = new HostInfo("127.0.0.1", base.getPort());
    HostInfo self = new HostInfo("127.0.0.1", 1);
    assertThat(base.getScheme()).isEqualTo("https");

    // When an instance forwards a planner's request with the peer token, and a client trusting
    // the certificate asks as a planner
    PeerClient peers = new PeerClient(Optional.of(clientTls), serviceSettings.peerToken());
    var forwarded = peers.get(target, "/api/demand/customers?scope=local", self);
    HttpClient trusting = HttpClient.newBuilder().sslContext(clientTls).build();
    var direct = send(trusting, base, "/api/allocations", basic("ada", PLANNER_PASSWORD));

    // Then both are answered over TLS; a forwarded request without credentials is refused
    assertThat(forwarded.statusCode()).isEqualTo(200);
    assertThat(direct.statusCode()).isEqualTo(200);
    assertThat(peers.base(target).toString()).startsWith("https://127.0.0.1:");
    var anonymous = new PeerClient(Optional.of(clientTls), Optional.empty());
    assertThat(anonymous.get(target, "/api/demand/customers?scope=local", self).statusCode())
        .isEqualTo(401);
  }

  @Test
  void shouldRefuseToStartWhenAuthenticationLacksItsFilesOrPeerToken() {
    settings.remove(ServiceSettings.AUTH_PEER_TOKEN);
    assertThat(catchMessage(() -> settings().accessControl()))
        .contains(ServiceSettings.AUTH_PEER_TOKEN);

    settings.put(ServiceSettings.AUTH_PEER_TOKEN, "short");
    assertThat(catchMessage(() -> settings().accessControl())).contains("at least");

    settings.put(ServiceSettings.AUTH_PEER_TOKEN, PEER_TOKEN);
    settings.remove(ServiceSettings.AUTH_USERS_FILE);
    assertThat(catchMessage(() -> settings().accessControl()))
        .contains(ServiceSettings.AUTH_USERS_FILE);

    settings.put(ServiceSettings.AUTH, "digest");
    assertThat(catchMessage(() -> settings().accessControl())).contains("none, basic, bearer");
  }

  @Test
  void shouldHideThePeerTokenAndStorePasswordsWhenSettingsAreLogged() {
    settings.put(ServiceSettings.TLS_KEYSTORE_PASSWORD, "keystore-secret");
    settings.put(ServiceSettings.TLS_TRUSTSTORE_PASSWORD, "truststore-secret");

    String logged = DemandflowConfig.of(settings).redacted().toString();

    assertThat(logged).doesNotContain(PEER_TOKEN, "keystore-secret", "truststore-secret");
  }

  private static String catchMessage(Runnable action) {
    try {
      action.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("no IllegalArgumentException");
  }

  private ServiceSettings settings() {
    return new ServiceSettings(DemandflowConfig.of(settings));
  }

  private URI start() throws Exception {
    return start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
  }

  /** Serves stand-ins of the service's routes (same patterns) behind the configured access. */
  private URI start(HttpServer http) {
    Router router = new Router(settings().accessControl());
    for (String pattern :
        List.of(
            "/",
            "/console/{file}",
            "/health/live",
            "/health/ready",
            "/metrics",
            "/topology",
            "/api/demand/regions",
            "/api/demand/customers",
            "/api/demand/customers/{customerId}/{product}",
            "/api/allocations")) {
      router.get(pattern, request -> HttpResponse.text(200, HttpResponse.TEXT, "ok " + pattern));
    }
    http.createContext("/", router);
    http.start();
    server = http;
    String scheme = http instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + http.getAddress().getPort());
  }

  private java.net.http.HttpResponse<String> send(
      URI base, String path, Optional<String> authorization) throws Exception {
    return send(plainClient, base, path, authorization);
  }

  private static java.net.http.HttpResponse<String> send(
      HttpClient client, URI base, String path, Optional<String> authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
    authorization.ifPresent(value -> request.header("Authorization", value));
    return client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static String hash(String password) {
    return PasswordHash.of(password.toCharArray(), TEST_ITERATIONS).encoded();
  }

  static Optional<String> basic(String user, String password) {
    return Optional.of(
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }
}
