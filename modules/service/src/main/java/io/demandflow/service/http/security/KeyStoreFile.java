package io.demandflow.service.http.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key store or trust store file, as Kafka's {@code ssl.keystore.*} and {@code ssl.truststore.*}
 * settings name one: location, password (may be null for a trust store) and type ({@code PKCS12},
 * {@code JKS}).
 */
public record KeyStoreFile(Path location, String password, String type) {

  @Override
  public String toString() {
    return "KeyStoreFile[" + location + ", " + type + "]";
  }

  /** The TLS context of a server presenting this key store's key and certificate. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(), passwordChars());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use key store " + location + ": " + e.getMessage(), e);
    }
  }

  /** The TLS context of a client trusting the certificates of this trust store. */
  public SSLContext clientContext() {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use trust store " + location + ": " + e.getMessage(), e);
    }
  }

  private char[] passwordChars() {
    return password == null ? null : password.toCharArray();
  }

  private KeyStore load() throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(location)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, passwordChars());
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }
}
