package io.demandflow.registry;

import static io.demandflow.registry.TestRecords.itemV1;
import static io.demandflow.registry.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaStoreTest extends SchemaStoreContract {

  @Override
  protected SchemaRegistryClient newStore() {
    return new InMemorySchemaStore();
  }

  @Test
  void shouldCompareWithOneVersionOnlyWhenAskedAgainstThatVersion() {
    // Given: v1 {sku}, v2 {sku, qty=0}, BACKWARD_TRANSITIVE
    InMemorySchemaStore store = new InMemorySchemaStore();
    store.register("items-value", itemV1());
    store.register("items-value", WITH_DEFAULTED_QTY);
    store.setCompatibility("items-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
    Schema qtyWithoutSku = record("Item", "{\"name\":\"qty\",\"type\":\"int\"}");

    // When / Then: qty without default reads v2 data but not v1 data
    assertThat(store.testCompatibility("items-value", qtyWithoutSku)).isFalse();
    assertThat(store.testCompatibility("items-value", qtyWithoutSku, 2)).isTrue();
  }
}
