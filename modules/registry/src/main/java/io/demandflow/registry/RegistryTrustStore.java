package io.demandflow.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context trusting {@link SchemaRegistryConfig#TRUSTSTORE_LOCATION}, if one is set. */
final class RegistryTrustStore {

  private RegistryTrustStore() {}

  /**
   * A TLS context trusting the configured trust store.
   *
   * @param configs settings, keys in {@link SchemaRegistryConfig}
   * @return the context, or null to use the JDK's default trust store
   * @throws IllegalArgumentException if the trust store cannot be loaded
   */
  static SSLContext sslContext(Map<String, ?> configs) {
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
