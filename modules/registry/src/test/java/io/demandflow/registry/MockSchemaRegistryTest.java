package io.demandflow.registry;

import static io.demandflow.registry.TestRecords.itemV1;
import static io.demandflow.registry.TestRecords.mockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

  private final String scopeA = TestRecords.newScope();
  private final String scopeB = TestRecords.newScope();

  @AfterEach
  void dropScopes() {
    MockSchemaRegistry.dropScope(scopeA);
    MockSchemaRegistry.dropScope(scopeB);
  }

  @Test
  void shouldShareRegistryWhenConfiguredWithSameScope() {
    // Given
    SchemaRegistryClient producerSide = SchemaRegistryClients.fromConfig(mockConfig(scopeA));
    SchemaRegistryClient consumerSide = SchemaRegistryClients.fromConfig(mockConfig(scopeA));

    // When
    int id = producerSide.register("items-value", itemV1());

    // Then
    assertThat(consumerSide.getSchemaById(id)).isEqualTo(itemV1());
  }

  @Test
  void shouldIsolateSchemasWhenScopesDiffer() {
    // Given
    SchemaRegistryClient a = SchemaRegistryClients.fromConfig(mockConfig(scopeA));
    SchemaRegistryClient b = SchemaRegistryClients.fromConfig(mockConfig(scopeB));

    // When
    a.register("items-value", itemV1());

    // Then
    assertThat(a.getAllSubjects()).containsExactly("items-value");
    assertThat(b.getAllSubjects()).isEmpty();
  }

  @Test
  void shouldStartEmptyWhenScopeWasDropped() {
    // Given
    SchemaRegistryClients.fromConfig(mockConfig(scopeA)).register("items-value", itemV1());

    // When
    MockSchemaRegistry.dropScope(scopeA);

    // Then
    assertThat(SchemaRegistryClients.fromConfig(mockConfig(scopeA)).getAllSubjects()).isEmpty();
  }
}
