package io.demandflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class LocalKafkaStackIT {

  @Test
  void shouldServeBrokerAndRegistryWhenStarted() throws Exception {
    // Given a started local stack
    try (LocalKafkaStack stack = LocalKafkaStack.start()) {

      // When its client properties are used
      Map<String, Object> props = stack.clientProperties();

      // Then they reach our broker and the registry answers over HTTP
      assertThat(props)
          .containsEntry("bootstrap.servers", stack.bootstrapServers())
          .containsEntry("schema.registry.url", stack.schemaRegistryUrl());
      try (Admin admin = Admin.create(props)) {
        assertThat(admin.describeCluster().clusterId().get()).isEqualTo(stack.broker().clusterId());
      }
      HttpResponse<String> subjects =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(subjects.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldKeepBootstrapAddressWhenBrokerRestarted() {
    // Given a started local stack
    try (LocalKafkaStack stack = LocalKafkaStack.start()) {
      String bootstrap = stack.bootstrapServers();
      String registry = stack.schemaRegistryUrl();

      // When only the broker restarts
      stack.restartBroker();

      // Then both addresses are unchanged
      assertThat(stack.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(stack.schemaRegistryUrl()).isEqualTo(registry);
      assertThat(stack.broker().isRunning()).isTrue();
    }
  }
}
