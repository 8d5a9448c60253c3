package io.demandflow.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demandflow.service.http.HttpResponse;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * The health probes, from the Kafka Streams client state.
 *
 * <ul>
 *   <li>live: the process can still make progress by itself — CREATED (starting), REBALANCING (also
 *       while state is restored), RUNNING and PENDING_SHUTDOWN (closing cleanly). ERROR,
 *       PENDING_ERROR and NOT_RUNNING are dead: a restart is the cure.
 *   <li>ready: only RUNNING, when every task is assigned and restored, so a load balancer or a
 *       rolling update waits for restoration to finish.
 * </ul>
 */
final class Health {

  private static final Set<State> DEAD =
      EnumSet.of(State.ERROR, State.PENDING_ERROR, State.NOT_RUNNING);

  private final KafkaStreams streams;

  Health(KafkaStreams streams) {
    this.streams = streams;
  }

  static boolean isLive(State state) {
    return !DEAD.contains(state);
  }

  static boolean isReady(State state) {
    return state == State.RUNNING;
  }

  HttpResponse live() {
    State state = streams.state();
    return answer(isLive(state), state);
  }

  HttpResponse ready() {
    State state = streams.state();
    return answer(isReady(state), state);
  }

  private static HttpResponse answer(boolean up, State state) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", up ? "UP" : "DOWN");
    body.put("state", state.name());
    return HttpResponse.json(up ? 200 : 503, body);
  }
}
