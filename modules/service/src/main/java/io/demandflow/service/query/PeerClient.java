package io.demandflow.service.query;

import io.demandflow.service.http.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;

/**
 * How this instance asks another one ({@code application.server}) for an answer: over {@code https}
 * trusting the configured trust store when the service serves TLS, with the peer token as bearer
 * credentials when authentication is on, and always with {@link Router#FORWARDED_HEADER}. The
 * header grants nothing by itself: the other instance authenticates the request like any other.
 */
public final class PeerClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final String scheme;
  private final Optional<String> authorization;

  /**
   * @param tls the client context when instances serve TLS, empty for plain HTTP
   * @param peerToken the token instances share when authentication is on
   */
  public PeerClient(Optional<SSLContext> tls, Optional<String> peerToken) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    tls.ifPresent(builder::sslContext);
    this.http = builder.build();
    this.scheme = tls.isPresent() ? "https" : "http";
    this.authorization = peerToken.map(token -> "Bearer " + token);
  }

  /** Plain HTTP without credentials: the service with security off. */
  public static PeerClient plain() {
    return new PeerClient(Optional.empty(), Optional.empty());
  }

  /** The base of another instance's URLs, e.g. {@code https://host:8080}. */
  public URI base(HostInfo host) {
    return URI.create(scheme + "://" + host.host() + ":" + host.port());
  }

  /**
   * GETs {@code pathAndQuery} (raw, encoded) from {@code host} on behalf of {@code self}.
   *
   * @throws IOException when the instance cannot be reached
   */
  public HttpResponse<byte[]> get(HostInfo host, String pathAndQuery, HostInfo self)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base(host) + pathAndQuery))
            .timeout(REQUEST_TIMEOUT)
            .header(Router.FORWARDED_HEADER, self.host() + ":" + self.port())
            .GET();
    authorization.ifPresent(value -> request.header("Authorization", value));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
