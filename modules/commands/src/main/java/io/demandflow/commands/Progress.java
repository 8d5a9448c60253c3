package io.demandflow.commands;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a long command on standard error: a bar redrawn in place with the rate when a person
 * watches a terminal, plain lines every few seconds otherwise (logs, CI), so standard output stays
 * clean for the summary.
 */
final class Progress {

  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final boolean terminal;
  private final long intervalNanos;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos = startNanos;
  private boolean printed;

  /**
   * @param err where progress goes
   * @param label what is being done, e.g. the file name
   * @param total units of work expected, or 0 when unknown
   * @param terminal redraw a bar in place (true) or print plain lines (false)
   */
  Progress(PrintWriter err, String label, long total, boolean terminal) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.terminal = terminal;
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(terminal ? 200 : 5_000);
  }

  /** Whether standard input and output are a terminal (a person is watching). */
  static boolean onTerminal() {
    return System.console() != null;
  }

  /** Reports {@code done} units; prints only when the last print is old enough. */
  void update(long done) {
    long now = System.nanoTime();
    if (now - lastPrintNanos >= intervalNanos) {
      lastPrintNanos = now;
      print(done, now);
    }
  }

  /** Prints the final state and ends the bar's line. */
  void finish(long done) {
    print(done, System.nanoTime());
    if (terminal && printed) {
      err.println();
      err.flush();
    }
  }

  private void print(long done, long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    long rate = Math.round(done / seconds);
    printed = true;
    if (terminal) {
      int filled = total > 0 ? (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total) : 0;
      err.printf(
          "\r%s [%s%s] %3d%% %,d/%,d  %,d/s ",
          label,
          "#".repeat(filled),
          ".".repeat(BAR_WIDTH - filled),
          total > 0 ? done * 100 / total : 0,
          done,
          total,
          rate);
    } else {
      err.printf("%s: %,d/%,d (%,d/s)%n", label, done, total, rate);
    }
    err.flush();
  }
}
