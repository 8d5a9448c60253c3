package io.demandflow.commands;

/** Exit codes of every command, documented in README.md. */
public final class ExitCodes {
  /** Done, nothing rejected. */
  public static final int OK = 0;

  /** The command failed (bad configuration, broker unreachable, I/O error). */
  public static final int FAILURE = 1;

  /** Wrong usage: unknown option, missing argument (picocli's own code). */
  public static final int USAGE = 2;

  /** {@code publish}: some input lines were rejected (the valid ones were published). */
  public static final int REJECTED = 3;

  private ExitCodes() {}
}
