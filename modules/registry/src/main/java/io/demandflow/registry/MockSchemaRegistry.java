package io.demandflow.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * In-memory registries for tests, selected with {@code schema.registry.url=mock://<scope>}: every
 * serde and client configured with the same scope in this JVM shares one {@link
 * InMemorySchemaStore}, so a producer and a consumer in one test see the same ids while tests using
 * different scopes stay isolated.
 */
public final class MockSchemaRegistry {

  /** The URL prefix that selects a mock registry. */
  public static final String MOCK_URL_PREFIX = "mock://";

  private static final ConcurrentMap<String, InMemorySchemaStore> SCOPES =
      new ConcurrentHashMap<>();

  private MockSchemaRegistry() {}

  /** The registry of {@code scope}, created on first use. */
  public static SchemaRegistryClient getClientForScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaStore());
  }

  /** Forgets the scope's schemas; the next use of the scope starts empty. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }
}
