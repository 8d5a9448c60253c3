package io.demandflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks the raw HTTP shapes a third-party Confluent client relies on. */
class EmbeddedSchemaRegistryServerTest {

  private static final String TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ITEM =
      "{\"type\":\"record\",\"name\":\"Item\",\"fields\":[{\"name\":\"sku\",\"type\":\"string\"}]}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmbeddedSchemaRegistryServer server =
      EmbeddedSchemaRegistryServer.start("127.0.0.1", 0);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", TYPE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String schemaBody(String schema) throws Exception {
    return JSON.writeValueAsString(java.util.Map.of("schema", schema));
  }

  @Test
  void shouldAnswerInConfluentShapesWhenSchemaRegisteredAndRead() throws Exception {
    // Given
    assertThat(server.port()).isPositive();
    HttpResponse<String> registered =
        call("POST", "/subjects/items-value/versions", schemaBody(ITEM));

    // When
    HttpResponse<String> byId = call("GET", "/schemas/ids/1", null);
    HttpResponse<String> rawById = call("GET", "/schemas/ids/1/schema", null);
    HttpResponse<String> latest = call("GET", "/subjects/items-value/versions/latest", null);
    HttpResponse<String> rawVersion = call("GET", "/subjects/items-value/versions/1/schema", null);
    HttpResponse<String> lookup = call("POST", "/subjects/items-value", schemaBody(ITEM));
    HttpResponse<String> compatible =
        call("POST", "/compatibility/subjects/items-value/versions/1", schemaBody(ITEM));

    // Then
    assertThat(registered.statusCode()).isEqualTo(200);
    assertThat(registered.headers().firstValue("Content-Type")).contains(TYPE);
    assertThat(JSON.readTree(registered.body())).isEqualTo(JSON.readTree("{\"id\":1}"));
    assertThat(JSON.readTree(byId.body()).path("schema").asText()).isEqualTo(ITEM);
    assertThat(JSON.readTree(rawById.body())).isEqualTo(JSON.readTree(ITEM));
    assertThat(JSON.readTree(rawVersion.body())).isEqualTo(JSON.readTree(ITEM));
    JsonNode version = JSON.readTree(latest.body());
    assertThat(version.path("subject").asText()).isEqualTo("items-value");
    assertThat(version.path("version").asInt()).isEqualTo(1);
    assertThat(version.path("id").asInt()).isEqualTo(1);
    assertThat(version.has("schemaType")).isFalse();
    assertThat(JSON.readTree(lookup.body())).isEqualTo(version);
    assertThat(JSON.readTree(compatible.body()).path("is_compatible").asBoolean()).isTrue();
  }

  @Test
  void shouldAnswerConfluentErrorsWhenRequestIsWrong() throws Exception {
    // Given
    call("POST", "/subjects/items-value/versions", schemaBody(ITEM));

    // When
    HttpResponse<String> noSubject = call("GET", "/subjects/nope/versions", null);
    HttpResponse<String> noVersion = call("GET", "/subjects/items-value/versions/5", null);
    HttpResponse<String> noSchema = call("GET", "/schemas/ids/77", null);
    HttpResponse<String> invalid =
        call("POST", "/subjects/items-value/versions", schemaBody("{\"type\":\"recrd\"}"));
    HttpResponse<String> badLevel = call("PUT", "/config", "{\"compatibility\":\"SOMETIMES\"}");

    // Then
    assertThat(noSubject.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(noSubject.body()).path("error_code").asInt()).isEqualTo(40401);
    assertThat(JSON.readTree(noVersion.body()).path("error_code").asInt()).isEqualTo(40402);
    assertThat(JSON.readTree(noSchema.body()).path("error_code").asInt()).isEqualTo(40403);
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(invalid.body()).path("error_code").asInt()).isEqualTo(42201);
    assertThat(badLevel.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(badLevel.body()).path("message").asText()).contains("SOMETIMES");
  }

  @Test
  void shouldApplySubjectLevelWhenConfigPut() throws Exception {
    // Given
    HttpResponse<String> put = call("PUT", "/config/items-value", "{\"compatibility\":\"FULL\"}");

    // When
    HttpResponse<String> subject = call("GET", "/config/items-value", null);
    HttpResponse<String> global = call("GET", "/config", null);

    // Then
    assertThat(JSON.readTree(put.body()).path("compatibility").asText()).isEqualTo("FULL");
    assertThat(JSON.readTree(subject.body()).path("compatibilityLevel").asText()).isEqualTo("FULL");
    assertThat(JSON.readTree(global.body()).path("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
  }
}
