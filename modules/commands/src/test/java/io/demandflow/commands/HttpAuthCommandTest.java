package io.demandflow.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.service.http.security.Caller;
import io.demandflow.service.http.security.Credentials;
import io.demandflow.service.http.security.Role;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HttpAuthCommandTest {

  @TempDir Path tempDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CommandLine cli = ProductionCli.newCommandLine();

  HttpAuthCommandTest() {
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
  }

  @Test
  void shouldPrintUsersFileLineTheServiceAcceptsWhenPasswordComesFromStdin() throws Exception {
    // Given a password on standard input
    HttpAuthCommand.UserLine user =
        cli.getSubcommands().get("http-auth").getSubcommands().get("user").getCommand();
    user.stdin = new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8));

    // When a users-file line is made for a planner
    int exit =
        cli.execute(
            "http-auth",
            "user",
            "ada",
            "--role",
            "planner",
            "--password-stdin",
            "--iterations",
            "1000");

    // Then the line holds no password and the service accepts that password for ada
    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
    String line = out.toString().strip();
    assertThat(line).startsWith("ada:planner:pbkdf2-sha256:1000:").doesNotContain("horse");
    Credentials credentials = load(line, true);
    assertThat(credentials.ofPassword("ada", "correct horse".toCharArray()))
        .contains(new Caller("ada", Role.PLANNER));
    assertThat(credentials.ofPassword("ada", "wrong horse".toCharArray())).isEmpty();
  }

  @Test
  void shouldPrintTokensFileLineAndTokenOnceWhenTokenIsGenerated() throws Exception {
    int exit = cli.execute("http-auth", "token", "grafana", "--role", "viewer");

    // Then the line (stdout) holds the token's hash, the token itself goes to stderr
    assertThat(exit).isEqualTo(ExitCodes.OK);
    String line = out.toString().strip();
    String token = err.toString().strip().substring(err.toString().strip().lastIndexOf(' ') + 1);
    assertThat(line).startsWith("grafana:viewer:sha256:").doesNotContain(token);
    assertThat(load(line, false).ofToken(token)).contains(new Caller("grafana", Role.VIEWER));
  }

  @Test
  void shouldRefuseNameWhenItWouldBreakTheLine() {
    assertThat(cli.execute("http-auth", "token", "a:b", "--role", "viewer"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.execute("http-auth", "token", "peer", "--role", "planner"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("a name is");
  }

  private Credentials load(String line, boolean isUser) throws Exception {
    Path file = Files.writeString(tempDir.resolve(isUser ? "users" : "tokens"), line + "\n");
    return isUser
        ? Credentials.load(Optional.of(file), Optional.empty(), Optional.empty())
        : Credentials.load(Optional.empty(), Optional.of(file), Optional.empty());
  }
}
