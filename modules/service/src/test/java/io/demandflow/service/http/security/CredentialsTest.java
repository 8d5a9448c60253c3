package io.demandflow.service.http.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @TempDir Path tempDir;

  @Test
  void shouldKnowUserWhenPasswordMatchesItsHashAgain() throws Exception {
    // Given a users file with one planner
    Path users = tempDir.resolve("users");
    Files.writeString(
        users, "ada:planner:" + PasswordHash.of("s3cret".toCharArray(), 1_000).encoded() + "\n");
    Credentials credentials =
        Credentials.load(Optional.of(users), Optional.empty(), Optional.empty());

    // Then the right password is accepted, also the second time (from the verified digest), and a
    // wrong one never is
    assertThat(credentials.ofPassword("ada", "s3cret".toCharArray()))
        .contains(new Caller("ada", Role.PLANNER));
    assertThat(credentials.ofPassword("ada", "s3cret".toCharArray()))
        .contains(new Caller("ada", Role.PLANNER));
    assertThat(credentials.ofPassword("ada", "s3cret!".toCharArray())).isEmpty();
    assertThat(credentials.ofPassword("bob", "s3cret".toCharArray())).isEmpty();
  }

  @Test
  void shouldNameFileAndLineWithoutTheHashWhenAnEntryIsMalformed() throws Exception {
    Path tokens = tempDir.resolve("tokens");
    Files.writeString(
        tokens,
        "# tokens\nci:viewer:" + BearerToken.encodedDigest("t") + "\nops:admin:sha256:00\n");

    assertThatThrownBy(
            () -> Credentials.load(Optional.empty(), Optional.of(tokens), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tokens + " line 3")
        .hasMessageContaining("unknown role 'admin'")
        .hasMessageNotContaining("sha256:00");
  }

  @Test
  void shouldRoundTripPasswordHashWhenEncodedAndParsed() {
    PasswordHash hash = PasswordHash.of("pw".toCharArray(), 1_000);

    PasswordHash parsed = PasswordHash.parse(hash.encoded());

    assertThat(parsed.matches("pw".toCharArray())).isTrue();
    assertThat(parsed.matches("pW".toCharArray())).isFalse();
    assertThat(hash.encoded()).startsWith("pbkdf2-sha256:1000:");
  }
}
