package io.demandflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of this process (broker, registry and Streams all live in it). */
public final class ProcessMeter {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMeter() {}

  /** CPU time of all threads of the process so far, in nanoseconds; -1 where not supported. */
  public static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Resident set size (VmRSS) in bytes; -1 where /proc is not available (not Linux). */
  public static long residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          // "VmRSS:    123456 kB"
          String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
