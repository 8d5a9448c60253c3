package io.demandflow.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Where an instrumented exactly-once run's cost went, per sub-topology: the stream thread's CPU in
 * the processors of each ({@link ProcessTimeWrapper}) and the internal records each wrote (its
 * stores' changelogs, the repartition and subscription topics it sends to; transaction markers
 * count with the topic they land on), per input record. Then what no sub-topology is charged with:
 * the stream threads outside processor calls, and the other threads of the process by group.
 *
 * @param rows one per sub-topology, in id order
 * @param streamThreadOtherSecondsPerMillion the stream threads' CPU outside processor calls: poll,
 *     deserialisation, commits (store caches to RocksDB and changelogs, transactions), punctuators
 * @param otherThreads the process's CPU outside the stream threads by thread group, largest first
 *     (the in-process broker and registry, the clients' network threads, the benchmark's probes),
 *     the smallest groups summed as one
 * @param hops every internal topic the run wrote to, most records per input first
 */
public record SubtopologySplit(
    List<Row> rows,
    double streamThreadOtherSecondsPerMillion,
    List<Share> otherThreads,
    List<Hop> hops) {

  /** Groups of other threads listed one by one; the rest are summed. */
  static final int LISTED_THREAD_GROUPS = 6;

  /** CPU of one group of threads, in seconds per million input records. */
  public record Share(String group, double secondsPerMillion) {}

  /**
   * One sub-topology.
   *
   * @param id its number in the topology description
   * @param name its stateful processors (or, for a stateless one, its first processors)
   * @param secondsPerMillion stream-thread seconds in its processors per million input records
   * @param internalPerRecord internal records it wrote per input record
   */
  public record Row(int id, String name, double secondsPerMillion, double internalPerRecord) {}

  /**
   * One internal topic: a hop of the pipeline's records (a repartition or subscription topic) or a
   * store's changelog.
   *
   * @param topic its name without the application id
   * @param subtopology the sub-topology that writes it
   * @param internalPerRecord records written to it per input record, transaction markers included
   */
  public record Hop(String topic, int subtopology, double internalPerRecord) {}

  /**
   * @param description the run's topology
   * @param applicationId prefix of its internal topics
   * @param nanosByProcessor time per entry processor ({@link ProcessTimeWrapper})
   * @param offsetsByTopic offsets written per internal topic during the run
   * @param cpuByThreadGroup CPU time of the run by thread group ({@link ThreadCpu})
   * @param records input records of the run
   */
  static SubtopologySplit of(
      TopologyDescription description,
      String applicationId,
      Map<String, Long> nanosByProcessor,
      Map<String, Long> offsetsByTopic,
      Map<String, Long> cpuByThreadGroup,
      long records) {
    double perMillion = 1e6 / records;
    List<Row> rows = new ArrayList<>();
    List<Hop> hops = new ArrayList<>();
    long processorNanos = 0;
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      long nanos = 0;
      long offsets = 0;
      Set<String> stateful = new LinkedHashSet<>();
      Set<String> processors = new LinkedHashSet<>();
      for (TopologyDescription.Node node : sub.nodes()) {
        nanos += nanosByProcessor.getOrDefault(node.name(), 0L);
        if (node instanceof TopologyDescription.Processor processor) {
          processors.add(processor.name());
          if (!processor.stores().isEmpty()) {
            stateful.add(processor.name());
          }
          for (String store : processor.stores()) {
            offsets +=
                hop(store + "-changelog", sub.id(), applicationId, offsetsByTopic, records, hops);
          }
        } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          offsets += hop(sink.topic(), sub.id(), applicationId, offsetsByTopic, records, hops);
        }
      }
      processorNanos += nanos;
      String name =
          String.join(", ", stateful.isEmpty() ? processors.stream().limit(2).toList() : stateful);
      rows.add(new Row(sub.id(), name, nanos / 1e9 * perMillion, offsets / (double) records));
    }
    rows.sort(Comparator.comparingInt(Row::id));
    long streamThreadNanos = cpuByThreadGroup.getOrDefault(ThreadCpu.STREAM_THREADS, 0L);
    List<Share> others =
        cpuByThreadGroup.entrySet().stream()
            .filter(group -> !group.getKey().equals(ThreadCpu.STREAM_THREADS))
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(group -> new Share(group.getKey(), group.getValue() / 1e9 * perMillion))
            .toList();
    List<Share> listed = new ArrayList<>(others.stream().limit(LISTED_THREAD_GROUPS).toList());
    if (others.size() > LISTED_THREAD_GROUPS) {
      listed.add(
          new Share(
              (others.size() - LISTED_THREAD_GROUPS) + " other thread groups",
              others.stream()
                  .skip(LISTED_THREAD_GROUPS)
                  .mapToDouble(Share::secondsPerMillion)
                  .sum()));
    }
    hops.sort(Comparator.comparingDouble(Hop::internalPerRecord).reversed());
    return new SubtopologySplit(
        rows, Math.max(0, streamThreadNanos - processorNanos) / 1e9 * perMillion, listed, hops);
  }

  /**
   * The offsets written to one internal topic, noted as a hop the first time a processor or sink
   * names it; 0 after that (a store several processors share is counted once: stores are never
   * shared across sub-topologies) and when it was not written to.
   */
  private static long hop(
      String topic,
      int subtopology,
      String applicationId,
      Map<String, Long> offsetsByTopic,
      long records,
      List<Hop> hops) {
    long offsets = offsetsByTopic.getOrDefault(applicationId + "-" + topic, 0L);
    if (offsets == 0 || hops.stream().anyMatch(hop -> hop.topic().equals(topic))) {
      return 0;
    }
    hops.add(new Hop(topic, subtopology, offsets / (double) records));
    return offsets;
  }

  /** Offsets by topic name. */
  static Map<String, Long> byTopic(Map<org.apache.kafka.common.TopicPartition, Long> offsets) {
    Map<String, Long> result = new HashMap<>();
    offsets.forEach((partition, offset) -> result.merge(partition.topic(), offset, Long::sum));
    return result;
  }
}
