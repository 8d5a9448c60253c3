package io.demandflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time per thread of this process, grouped by what the threads are (their names without numbers
 * and ids): stream threads, the in-process broker's request handlers and network threads, the
 * producers' I/O threads, and so on.
 */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  /** Name of the group every stream thread of the measured application falls in. */
  static final String STREAM_THREADS = "stream threads";

  /** One thread's name and CPU time at a moment. */
  record Sample(String name, long cpuNanos) {}

  private ThreadCpu() {}

  /** Every live thread's CPU time now, by thread id. */
  static Map<Long, Sample> snapshot() {
    Map<Long, Sample> samples = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        long cpu = THREADS.getThreadCpuTime(info.getThreadId());
        if (cpu >= 0) {
          samples.put(info.getThreadId(), new Sample(info.getThreadName(), cpu));
        }
      }
    }
    return samples;
  }

  /**
   * CPU used between two snapshots, by thread group; a thread started in between counts whole, one
   * that ended is not counted.
   */
  static Map<String, Long> usedByGroup(Map<Long, Sample> before, Map<Long, Sample> after) {
    Map<String, Long> byGroup = new HashMap<>();
    after.forEach(
        (id, now) -> {
          Sample then = before.get(id);
          long used = now.cpuNanos() - (then == null ? 0 : then.cpuNanos());
          byGroup.merge(group(now.name()), used, Long::sum);
        });
    return byGroup;
  }

  /** A thread's group: its name with ids and numbers replaced, stream threads as one group. */
  static String group(String threadName) {
    if (threadName.contains("-StreamThread-")) {
      return STREAM_THREADS;
    }
    String withoutIds = UUID.matcher(threadName).replaceAll("*");
    return NUMBER.matcher(withoutIds).replaceAll("N");
  }
}
