package io.demandflow.commands;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM) into a clean stop: the JVM's shutdown hook only signals the
 * command's own thread and then waits for it to finish closing, so state is flushed and temporary
 * data removed before the JVM halts.
 */
public final class ShutdownSignal implements AutoCloseable {

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Thread hook;

  public ShutdownSignal(String name, Duration maxCleanup) {
    hook =
        new Thread(
            () -> {
              stopRequested.countDown();
              try {
                cleanedUp.await(maxCleanup.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Asks the command to stop, as Ctrl-C would. */
  public void requestStop() {
    stopRequested.countDown();
  }

  public boolean isStopRequested() {
    return stopRequested.getCount() == 0;
  }

  /** Waits up to {@code timeout} for a stop request; true when one came. */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopRequested.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }

  /** Waits for a stop request without limit. */
  public void awaitStop() throws InterruptedException {
    stopRequested.await();
  }

  /** Call when everything is closed: releases a waiting shutdown hook. */
  @Override
  public void close() {
    cleanedUp.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // Ctrl-C: the hook is running and has just been released.
    }
  }
}
