package io.demandflow.commands;

import io.demandflow.service.http.security.BearerToken;
import io.demandflow.service.http.security.Credentials;
import io.demandflow.service.http.security.PasswordHash;
import io.demandflow.service.http.security.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code demandflow http-auth user|token}: lines for the HTTP service's users and tokens files
 * (docs/operations.md, Security). Nothing is stored or sent anywhere: the line goes to standard
 * output, to be appended to the file or secret.
 */
@Command(
    name = "http-auth",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a line for the HTTP service's users file (basic auth) or tokens file (bearer",
      "tokens): only hashes are written; see docs/operations.md, Security."
    },
    subcommands = {HttpAuthCommand.UserLine.class, HttpAuthCommand.TokenLine.class})
final class HttpAuthCommand implements Runnable {

  /** Names end at the first colon of a line and are shown in logs and errors. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]+");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static void checkName(CommandSpec spec, String name) {
    if (!NAME.matcher(name).matches() || name.equals(Credentials.PEER)) {
      throw new ParameterException(
          spec.commandLine(),
          "a name is letters, digits and . _ @ - (and not '" + Credentials.PEER + "'): " + name);
    }
  }

  @Command(
      name = "user",
      mixinStandardHelpOptions = true,
      description = {
        "Prints `NAME:ROLE:pbkdf2-sha256:...` for the users file. The password is asked for",
        "twice on the terminal, or read from the first line of standard input."
      })
  static final class UserLine implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The user name.")
    String name;

    @Option(names = "--role", required = true, description = "viewer or planner.")
    Role role;

    @Option(
        names = "--password-stdin",
        description = "Read the password from standard input instead of the terminal.")
    boolean passwordFromStdin;

    @Option(
        names = "--iterations",
        defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
        description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    /** Where --password-stdin reads from; a field so that tests can supply it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
      checkName(spec, name);
      char[] password = passwordFromStdin ? firstLine(stdin) : fromTerminal();
      if (password.length == 0) {
        throw new ParameterException(spec.commandLine(), "the password is empty");
      }
      try {
        String hash = PasswordHash.of(password, iterations).encoded();
        spec.commandLine().getOut().println(name + ":" + role.label() + ":" + hash);
      } finally {
        Arrays.fill(password, '\0');
      }
      return ExitCodes.OK;
    }

    private char[] fromTerminal() {
      Console console = System.console();
      if (console == null) {
        throw new ParameterException(spec.commandLine(), "no terminal: use --password-stdin");
      }
      char[] password = console.readPassword("password for %s: ", name);
      char[] again = console.readPassword("again: ");
      if (password == null || !Arrays.equals(password, again)) {
        throw new ParameterException(spec.commandLine(), "the passwords differ");
      }
      Arrays.fill(again, '\0');
      return password;
    }

    private static char[] firstLine(InputStream in) throws IOException {
      String line =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      return line == null ? new char[0] : line.toCharArray();
    }
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = {
        "Generates a random bearer token: prints `NAME:ROLE:sha256:...` for the tokens file on",
        "standard output and the token itself, once, on standard error."
      })
  static final class TokenLine implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Who holds the token.")
    String name;

    @Option(names = "--role", required = true, description = "viewer or planner.")
    Role role;

    @Override
    public Integer call() {
      checkName(spec, name);
      String token = BearerToken.generate();
      spec.commandLine()
          .getOut()
          .println(name + ":" + role.label() + ":" + BearerToken.encodedDigest(token));
      spec.commandLine()
          .getErr()
          .println("token for " + name + " (shown once; only its hash is in the line): " + token);
      return ExitCodes.OK;
    }
  }
}
