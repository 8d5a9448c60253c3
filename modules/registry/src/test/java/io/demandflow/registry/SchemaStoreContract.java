package io.demandflow.registry;

import static io.demandflow.registry.TestRecords.itemV1;
import static io.demandflow.registry.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SchemaRegistryClient} must do with schemas, subjects and compatibility,
 * wherever the schemas are kept: in this process ({@link InMemorySchemaStore}, {@code mock://}) or
 * in a registry server reached over REST ({@link RestSchemaRegistryClient} against the embedded
 * server). {@code InMemorySchemaStoreTest} and the embedded module's {@code
 * RestClientOnEmbeddedServerTest} run it (through this module's test jar).
 */
public abstract class SchemaStoreContract {

  /** {sku, qty} with qty required. */
  protected static final Schema WITH_REQUIRED_QTY =
      record("Item", "{\"name\":\"sku\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"}");

  /** {sku, qty} with qty defaulting to 0. */
  protected static final Schema WITH_DEFAULTED_QTY =
      record(
          "Item",
          "{\"name\":\"sku\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\",\"default\":0}");

  private SchemaRegistryClient store;

  /** A new, empty store. */
  protected abstract SchemaRegistryClient newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void shouldReturnSameIdWhenSameSchemaRegisteredTwice() {
    // Given
    int first = store.register("items-value", itemV1());

    // When
    int second = store.register("items-value", itemV1());

    // Then
    assertThat(second).isEqualTo(first);
    assertThat(store.getVersions("items-value")).containsExactly(1);
  }

  @Test
  void shouldShareGlobalIdWhenSameSchemaRegisteredUnderTwoSubjects() {
    // Given
    int inValue = store.register("items-value", itemV1());

    // When
    int inKey = store.register("other-key", itemV1());

    // Then
    assertThat(inKey).isEqualTo(inValue);
    assertThat(store.getAllSubjects()).containsExactly("items-value", "other-key");
  }

  @Test
  void shouldRejectWith409WhenFieldWithoutDefaultAddedUnderBackward() {
    // Given
    store.register("items-value", itemV1());

    // When / Then
    assertThatThrownBy(() -> store.register("items-value", WITH_REQUIRED_QTY))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(ErrorCodes.INCOMPATIBLE_SCHEMA);
              assertThat(e.subject()).isEqualTo("items-value");
            })
        .hasMessageContaining("items-value")
        .hasMessageContaining("409");
  }

  @Test
  void shouldAcceptNewVersionWhenFieldWithDefaultAddedUnderBackward() {
    // Given
    int v1 = store.register("items-value", itemV1());

    // When
    int v2 = store.register("items-value", WITH_DEFAULTED_QTY);

    // Then
    assertThat(v2).isNotEqualTo(v1);
    assertThat(store.getLatestSchemaMetadata("items-value"))
        .isEqualTo(new RegisteredSchema("items-value", 2, v2, WITH_DEFAULTED_QTY));
    assertThat(store.getSchemaById(v1)).isEqualTo(itemV1());
  }

  @Test
  void shouldCheckEachDirectionWhenLevelIsForwardBackwardOrFull() {
    // Given: {sku, qty=0}; the candidate drops sku, which old readers need (no default)
    store.register("items-value", WITH_DEFAULTED_QTY);
    Schema onlyQty = record("Item", "{\"name\":\"qty\",\"type\":\"int\",\"default\":0}");

    // When / Then: new readers cope (BACKWARD), old readers don't (FORWARD, FULL)
    assertThat(store.testCompatibility("items-value", onlyQty)).isTrue();
    store.setCompatibility("items-value", CompatibilityLevel.FORWARD);
    assertThat(store.testCompatibility("items-value", onlyQty)).isFalse();
    store.setCompatibility("items-value", CompatibilityLevel.FULL);
    assertThat(store.testCompatibility("items-value", onlyQty)).isFalse();
    assertThat(store.testCompatibility("items-value", itemV1())).isTrue();
    store.setCompatibility("items-value", CompatibilityLevel.NONE);
    assertThat(store.testCompatibility("items-value", onlyQty)).isTrue();
    assertThat(store.getGlobalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldCompareWithEveryVersionWhenForwardTransitive() {
    // Given: v1 {sku, qty} (qty required), v2 {sku}
    store.register("items-value", WITH_REQUIRED_QTY);
    store.register("items-value", itemV1());
    Schema withNote =
        record(
            "Item",
            "{\"name\":\"sku\",\"type\":\"string\"},{\"name\":\"note\",\"type\":\"string\"}");

    // When / Then: v2 readers read {sku, note}; v1 readers miss qty
    store.setGlobalCompatibility(CompatibilityLevel.FORWARD);
    assertThat(store.testCompatibility("items-value", withNote)).isTrue();
    store.setGlobalCompatibility(CompatibilityLevel.FORWARD_TRANSITIVE);
    assertThat(store.testCompatibility("items-value", withNote)).isFalse();
    store.setGlobalCompatibility(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(store.testCompatibility("items-value", withNote)).isFalse();
  }

  @Test
  void shouldRejectOnlyOlderVersionWhenBackwardTransitive() {
    // Given: v1 {sku}, v2 {sku, qty=0}
    store.register("items-value", itemV1());
    store.register("items-value", WITH_DEFAULTED_QTY);
    Schema qtyWithoutSku = record("Item", "{\"name\":\"qty\",\"type\":\"int\"}");

    // When / Then: qty without default reads v2 data but not v1 data
    assertThat(store.testCompatibility("items-value", qtyWithoutSku)).isTrue();
    store.setCompatibility("items-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
    assertThat(store.testCompatibility("items-value", qtyWithoutSku)).isFalse();
  }

  @Test
  void shouldThrowConfluentErrorCodesWhenSubjectVersionOrSchemaUnknown() {
    // Given
    store.register("items-value", itemV1());

    // When / Then
    assertThatThrownBy(() -> store.getVersions("nope"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(ErrorCodes.SUBJECT_NOT_FOUND);
              assertThat(e.isClientError()).isTrue();
            });
    assertThatThrownBy(() -> store.getSchemaMetadata("items-value", 7))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.VERSION_NOT_FOUND));
    assertThatThrownBy(() -> store.getSchemaById(999))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    assertThatThrownBy(() -> store.getId("items-value", WITH_DEFAULTED_QTY))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.SCHEMA_NOT_FOUND));
  }

  @Test
  void shouldKeepIdResolvableWhenSubjectDeleted() {
    // Given
    int id = store.register("items-value", itemV1());

    // When
    var deleted = store.deleteSubject("items-value");

    // Then
    assertThat(deleted).containsExactly(1);
    assertThat(store.getAllSubjects()).isEmpty();
    assertThat(store.getSchemaById(id)).isEqualTo(itemV1());
  }
}
