package io.demandflow.service.http.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer tokens: 32 random bytes, URL-safe base64. The tokens file stores only their SHA-256,
 * written {@code sha256:<hex>}: a token is random and long, so a plain digest cannot be reversed by
 * guessing, and checking it costs one hash per request.
 */
public final class BearerToken {

  static final String SCHEME = "sha256";

  private static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private BearerToken() {}

  /** A new random token. */
  public static String generate() {
    byte[] token = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /** {@code sha256:<hex>}: the form written to the tokens file. */
  public static String encodedDigest(String token) {
    return SCHEME + ":" + HexFormat.of().formatHex(sha256(token));
  }

  /**
   * The digest an encoded form holds.
   *
   * @throws IllegalArgumentException when it is not {@code sha256:<64 hex digits>}
   */
  static byte[] parseDigest(String encoded) {
    String prefix = SCHEME + ":";
    if (!encoded.startsWith(prefix) || encoded.length() != prefix.length() + 64) {
      throw new IllegalArgumentException("a token digest is " + SCHEME + ":<64 hex digits>");
    }
    return HexFormat.of().parseHex(encoded.substring(prefix.length()));
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
