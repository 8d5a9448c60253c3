package io.demandflow.registry;

import java.util.Map;

/** Picks the registry client a configuration asks for, so callers never name an implementation. */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * {@code schema.registry.url=mock://<scope>} gives the JVM-wide in-memory registry of that scope
   * ({@link MockSchemaRegistry}); {@code http(s)://...}, comma-separated for several instances,
   * gives a {@link RestSchemaRegistryClient}. See {@link SchemaRegistryConfig} for other keys.
   */
  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    String url = SchemaRegistryConfig.string(configs, SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "");
    if (url.isEmpty()) {
      throw new IllegalArgumentException(
          SchemaRegistryConfig.SCHEMA_REGISTRY_URL
              + " is required (http(s)://... or mock://scope)");
    }
    if (url.startsWith(MockSchemaRegistry.MOCK_URL_PREFIX)) {
      String scope = url.substring(MockSchemaRegistry.MOCK_URL_PREFIX.length());
      if (scope.contains(",")) {
        throw new IllegalArgumentException("A mock:// registry URL cannot be a list: " + url);
      }
      return MockSchemaRegistry.getClientForScope(scope);
    }
    return RestSchemaRegistryClient.fromConfig(configs);
  }
}
