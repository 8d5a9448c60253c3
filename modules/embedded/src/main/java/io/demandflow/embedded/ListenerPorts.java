package io.demandflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The broker's client and KRaft controller listener ports, and how free ones are found.
 *
 * @param client the client listener port (0: pick a free one)
 * @param controller the controller listener port (0: pick a free one)
 */
record ListenerPorts(int client, int controller) {

  /**
   * Whether a port is still to be picked.
   *
   * @return true if either port is 0
   */
  boolean anyToPick() {
    return client == 0 || controller == 0;
  }

  /**
   * Two distinct free ports on the host: the requested ones, or any free one where 0 was requested.
   * They are reserved at once, then released; Kafka binds them a moment later, so a clash in
   * between is possible and is the caller's to retry (see {@link #isBindFailure}).
   *
   * @param host host to bind
   * @return the ports found
   */
  ListenerPorts reserveOn(String host) {
    try (ServerSocket first = openOn(host, client);
        ServerSocket second = openOn(host, controller)) {
      return new ListenerPorts(first.getLocalPort(), second.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "ports " + client + "/" + controller + " not free on " + host, e);
    }
  }

  /**
   * Whether a start failure was caused by a port being taken.
   *
   * @param e the failure
   * @return true if a cause is a bind failure
   */
  static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  private static ServerSocket openOn(String host, int wanted) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getByName(host), wanted));
    return socket;
  }
}
