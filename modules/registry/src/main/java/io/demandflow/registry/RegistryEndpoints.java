package io.demandflow.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the registry is and how to authenticate: the base URLs from {@link
 * SchemaRegistryConfig#SCHEMA_REGISTRY_URL} with any credentials taken out of them, and the basic-
 * auth header from the URL or from {@link SchemaRegistryConfig#BASIC_AUTH_USER_INFO}.
 *
 * @param baseUrls base URLs without user info or trailing slashes, tried in turn
 * @param authorization the {@code Authorization} header value, or null without basic auth
 */
record RegistryEndpoints(List<String> baseUrls, String authorization) {

  RegistryEndpoints {
    baseUrls = List.copyOf(baseUrls);
  }

  /**
   * Reads the URLs and the basic-auth settings.
   *
   * @param configs settings, keys in {@link SchemaRegistryConfig}
   * @return the endpoints
   * @throws IllegalArgumentException if no URL is given, a scheme is not http(s), or the
   *     credentials settings are invalid
   */
  static RegistryEndpoints fromConfig(Map<String, ?> configs) {
    String urls =
        SchemaRegistryConfig.string(configs, SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "");
    List<String> parsed = new ArrayList<>();
    String urlUserInfo = null;
    for (String raw : urls.split(",")) {
      if (raw.isBlank()) {
        continue;
      }
      URI uri = URI.create(raw.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("Unsupported schema registry URL scheme: " + uri);
      }
      if (uri.getRawUserInfo() != null) {
        urlUserInfo = uri.getUserInfo();
      }
      // Keep credentials out of the request URL (and of every message naming the URL).
      String withoutUserInfo =
          uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      parsed.add(withoutUserInfo + path.replaceAll("/+$", ""));
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException(SchemaRegistryConfig.SCHEMA_REGISTRY_URL + " is empty");
    }
    return new RegistryEndpoints(parsed, basicAuth(configs, urlUserInfo));
  }

  private static String basicAuth(Map<String, ?> configs, String urlUserInfo) {
    String source =
        SchemaRegistryConfig.string(
                configs, SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL")
            .toUpperCase(Locale.ROOT);
    String userInfo =
        switch (source) {
          case "USER_INFO" -> {
            String value =
                SchemaRegistryConfig.string(configs, SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "");
            if (!value.contains(":")) {
              throw new IllegalArgumentException(
                  SchemaRegistryConfig.BASIC_AUTH_USER_INFO + " must be user:password");
            }
            yield value;
          }
          case "URL" -> urlUserInfo;
          default ->
              throw new IllegalArgumentException(
                  "Unsupported "
                      + SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                      + ": "
                      + source);
        };
    if (userInfo == null) {
      return null;
    }
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return baseUrls.toString(); // never the authorization header
  }
}
