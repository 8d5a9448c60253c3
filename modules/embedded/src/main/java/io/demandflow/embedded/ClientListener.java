package io.demandflow.embedded;

import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The listener clients (and, on a single node, the broker itself) connect to.
 *
 * <p>Why a type of its own: the embedded broker always has two listeners, the client listener and
 * the KRaft {@code CONTROLLER} listener. Keeping the client listener's name and security protocol
 * in one value lets a caller switch it to {@code SASL_SSL} or {@code SASL_PLAINTEXT} (plus the
 * listener-prefixed properties passed as extra broker properties) without the broker having to know
 * about security; the listener map, inter-broker listener and advertised listener are derived from
 * it in one place.
 *
 * @param name listener name as it appears in {@code listeners}, upper case, never {@code
 *     CONTROLLER}
 * @param securityProtocol protocol of the client listener
 */
public record ClientListener(String name, SecurityProtocol securityProtocol) {

  /** Name of the KRaft controller listener, reserved. */
  public static final String CONTROLLER_LISTENER_NAME = "CONTROLLER";

  /** The default: a {@code PLAINTEXT} listener called {@code BROKER}. */
  public static final ClientListener PLAINTEXT =
      new ClientListener("BROKER", SecurityProtocol.PLAINTEXT);

  /** Validates the listener name. */
  public ClientListener {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(securityProtocol, "securityProtocol");
    name = name.toUpperCase(Locale.ROOT);
    if (!name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("invalid listener name: " + name);
    }
    if (name.equals(CONTROLLER_LISTENER_NAME)) {
      throw new IllegalArgumentException(CONTROLLER_LISTENER_NAME + " is reserved for KRaft");
    }
  }

  /**
   * A client listener with the given protocol.
   *
   * @param name listener name
   * @param securityProtocol protocol
   * @return the listener
   */
  public static ClientListener of(String name, SecurityProtocol securityProtocol) {
    return new ClientListener(name, securityProtocol);
  }
}
