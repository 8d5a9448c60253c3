package io.demandflow.service.http.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callers the service knows, read once at start from two files (typically a mounted secret),
 * one caller per line, {@code #} comments and blank lines ignored:
 *
 * <ul>
 *   <li>users file (basic auth): {@code <name>:<role>:pbkdf2-sha256:<iterations>:<salt>:<hash>}
 *       ({@link PasswordHash});
 *   <li>tokens file (bearer tokens): {@code <name>:<role>:sha256:<hex>} ({@link BearerToken}).
 * </ul>
 *
 * <p>Both lines are written by {@code demandflow http-auth user|token}. Secrets are compared in
 * constant time. A password is checked with PBKDF2 once; after that a SHA-256 of salt and password
 * is kept per user, so that a console polling every 2 s does not cost a PBKDF2 computation per
 * request (the password itself is never kept).
 */
public final class Credentials {

  /** The name a forwarding instance authenticates as. */
  public static final String PEER = "peer";

  private record User(Role role, PasswordHash hash) {}

  private record Token(Caller caller, byte[] digest) {}

  private final Map<String, User> users;
  private final List<Token> tokens;
  private final Map<String, byte[]> verifiedPasswords = new ConcurrentHashMap<>();

  /**
   * Hashed against when the user is unknown, so that the answer takes as long as a wrong password.
   */
  private final PasswordHash unknownUser;

  private Credentials(Map<String, User> users, List<Token> tokens) {
    this.users = Map.copyOf(users);
    this.tokens = List.copyOf(tokens);
    int iterations =
        users.values().stream()
            .findFirst()
            .map(user -> user.hash().iterations())
            .orElse(PasswordHash.DEFAULT_ITERATIONS);
    this.unknownUser = PasswordHash.of(BearerToken.generate().toCharArray(), iterations);
  }

  /**
   * Reads the users and tokens files (either may be absent); {@code peerToken}, when given, is the
   * token instances forward queries with, and authenticates as {@code peer}, a planner.
   *
   * @throws IllegalArgumentException naming the file and line of a malformed entry
   * @throws UncheckedIOException when a file cannot be read
   */
  public static Credentials load(
      Optional<Path> usersFile, Optional<Path> tokensFile, Optional<String> peerToken) {
    Map<String, User> users = new LinkedHashMap<>();
    usersFile.ifPresent(
        file ->
            readEntries(
                file,
                (name, role, hash) -> users.put(name, new User(role, PasswordHash.parse(hash)))));
    List<Token> tokens = new ArrayList<>();
    tokensFile.ifPresent(
        file ->
            readEntries(
                file,
                (name, role, digest) ->
                    tokens.add(
                        new Token(new Caller(name, role), BearerToken.parseDigest(digest)))));
    peerToken.ifPresent(
        token -> tokens.add(new Token(new Caller(PEER, Role.PLANNER), BearerToken.sha256(token))));
    return new Credentials(users, tokens);
  }

  /** The caller with this user name and password, if they match. */
  public Optional<Caller> ofPassword(String name, char[] password) {
    User user = users.get(name);
    if (user == null) {
      unknownUser.matches(password);
      return Optional.empty();
    }
    byte[] quick = quickDigest(name, password);
    byte[] verified = verifiedPasswords.get(name);
    if (verified != null && MessageDigest.isEqual(verified, quick)) {
      return Optional.of(new Caller(name, user.role()));
    }
    if (!user.hash().matches(password)) {
      return Optional.empty();
    }
    verifiedPasswords.put(name, quick);
    return Optional.of(new Caller(name, user.role()));
  }

  /** The caller holding this bearer token, if it is known. */
  public Optional<Caller> ofToken(String token) {
    byte[] digest = BearerToken.sha256(token);
    Caller found = null;
    for (Token known : tokens) {
      // Every entry is compared, so the time taken does not tell which one matched.
      if (MessageDigest.isEqual(known.digest(), digest)) {
        found = known.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  private byte[] quickDigest(String name, char[] password) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(users.get(name).hash().encoded().getBytes(StandardCharsets.UTF_8));
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
      sha256.update(bytes);
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Takes one entry of a credentials file. */
  @FunctionalInterface
  private interface EntryReader {
    void read(String name, Role role, String secret);
  }

  private static void readEntries(Path file, EntryReader reader) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read credentials file " + file, e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split(":", 3);
      try {
        if (fields.length != 3 || fields[0].isEmpty()) {
          throw new IllegalArgumentException("expected <name>:<role>:<hash>");
        }
        reader.read(fields[0], Role.parse(fields[1]), fields[2]);
      } catch (IllegalArgumentException e) {
        // The line itself is not quoted: it holds a hash.
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
  }
}
