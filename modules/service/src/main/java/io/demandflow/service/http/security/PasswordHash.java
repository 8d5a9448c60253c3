package io.demandflow.service.http.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted password hash, PBKDF2 with HMAC-SHA256 from the JDK, written {@code
 * pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>} in the users file.
 */
public final class PasswordHash {

  static final String SCHEME = "pbkdf2-sha256";

  /** OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023). */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** A fresh hash of {@code password} with a random salt. */
  public static PasswordHash of(char[] password, int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, pbkdf2(password, salt, iterations));
  }

  /**
   * Reads the encoded form.
   *
   * @throws IllegalArgumentException when it is not {@code pbkdf2-sha256:<n>:<salt>:<hash>}
   */
  public static PasswordHash parse(String encoded) {
    String[] parts = encoded.split(":", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException(
          "a password hash is " + SCHEME + ":<iterations>:<salt>:<hash>");
    }
    try {
      Base64.Decoder base64 = Base64.getDecoder();
      return new PasswordHash(
          Integer.parseInt(parts[1]), base64.decode(parts[2]), base64.decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed password hash: " + e.getMessage(), e);
    }
  }

  /** Whether {@code password} is the hashed one; compares in constant time. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, pbkdf2(password, salt, iterations));
  }

  public int iterations() {
    return iterations;
  }

  /** The form written to the users file. */
  public String encoded() {
    Base64.Encoder base64 = Base64.getEncoder();
    return String.join(
        ":",
        SCHEME,
        String.valueOf(iterations),
        base64.encodeToString(salt),
        base64.encodeToString(hash));
  }

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
