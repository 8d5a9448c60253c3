package io.demandflow.service.http.security;

import io.demandflow.service.http.AccessControl;
import io.demandflow.service.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The service's {@link AccessControl} when authentication is on: a request to a route that is not
 * open must carry {@code Authorization: Basic} (a user of the users file) or {@code Authorization:
 * Bearer} (a token of the tokens file, or the peer token of a forwarding instance), else it is
 * answered 401 with a {@code WWW-Authenticate} challenge per scheme, so that a browser asks for a
 * user name and password. An authenticated caller whose role may not read the route gets 403.
 */
public final class HttpAuthentication implements AccessControl {

  /** The schemes callers may authenticate with. */
  public enum Scheme {
    BASIC("Basic"),
    BEARER("Bearer");

    private final String token;

    Scheme(String token) {
      this.token = token;
    }

    /** The challenge of a 401 answer. */
    String challenge() {
      return token + " realm=\"" + REALM + "\"";
    }
  }

  static final String REALM = "demandflow";

  private final Set<Scheme> schemes;
  private final Credentials credentials;
  private final AccessPolicy policy;

  /**
   * @param schemes the schemes offered to callers (at least one); the peer token is accepted as a
   *     bearer token whatever they are
   */
  public HttpAuthentication(Set<Scheme> schemes, Credentials credentials, AccessPolicy policy) {
    if (schemes.isEmpty()) {
      throw new IllegalArgumentException("authentication needs at least one scheme");
    }
    this.schemes = EnumSet.copyOf(schemes);
    this.credentials = credentials;
    this.policy = policy;
  }

  @Override
  public Optional<HttpResponse> refusal(Optional<String> route, Optional<String> authorization) {
    if (route.filter(policy::isOpen).isPresent()) {
      return Optional.empty();
    }
    Optional<Caller> caller = authorization.flatMap(this::authenticate);
    if (caller.isEmpty()) {
      List<String> challenges = schemes.stream().map(Scheme::challenge).toList();
      return Optional.of(
          HttpResponse.error(
                  401,
                  authorization.isPresent()
                      ? "unknown credentials"
                      : "authentication required (" + String.join(", ", challenges) + ")")
              .withHeader("WWW-Authenticate", challenges));
    }
    Role required = route.map(policy::requiredRole).orElse(Role.VIEWER);
    if (!caller.get().role().includes(required)) {
      return Optional.of(
          HttpResponse.error(
              403,
              "role "
                  + caller.get().role().label()
                  + " may not read "
                  + route.orElse("this path")
                  + "; it needs role "
                  + required.label()));
    }
    return Optional.empty();
  }

  private Optional<Caller> authenticate(String authorization) {
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
    String value = authorization.substring(space + 1).strip();
    if (scheme.equals("basic") && schemes.contains(Scheme.BASIC)) {
      return basic(value);
    }
    if (scheme.equals("bearer")) {
      // Tokens of the tokens file only when bearer is offered; the peer token always (forwarding).
      return credentials
          .ofToken(value)
          .filter(
              caller -> schemes.contains(Scheme.BEARER) || caller.name().equals(Credentials.PEER));
    }
    return Optional.empty();
  }

  private Optional<Caller> basic(String encoded) {
    String userAndPassword;
    try {
      userAndPassword = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = userAndPassword.indexOf(':');
    if (colon < 1) {
      return Optional.empty();
    }
    return credentials.ofPassword(
        userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1).toCharArray());
  }
}
