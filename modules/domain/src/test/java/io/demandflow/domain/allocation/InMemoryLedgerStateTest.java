package io.demandflow.domain.allocation;

class InMemoryLedgerStateTest extends LedgerStateContract {

  @Override
  protected LedgerState newState() {
    return new InMemoryLedgerState();
  }
}
