package io.demandflow.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Bootstrap addresses seen by the testkit's own test classes in this JVM. */
final class SharedBrokerWitness {

  static final Set<String> BOOTSTRAP_ADDRESSES = ConcurrentHashMap.newKeySet();

  private SharedBrokerWitness() {}
}
