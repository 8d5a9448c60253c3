package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.demandflow.commands.ProductionCli;
import org.junit.jupiter.api.Test;

/** {@code ./demandflow}'s command line: the production commands with the development ones. */
class DemandflowCliTest {

  @Test
  void shouldOfferTheDevelopmentCommandsBeforeTheProductionOnesWhenBuilt() {
    // When
    var commands = DemandflowCli.newCommandLine().getSubcommands();

    // Then every command keeps its name, the production ones as in the production jar
    assertThat(commands.keySet())
        .containsExactly(
            "demo",
            "broker",
            "replay",
            "bench",
            "streams",
            "publish",
            "simulate",
            "snapshot",
            "signals",
            "http-auth",
            "help");
    assertThat(ProductionCli.newCommandLine().getSubcommands().keySet())
        .containsExactly(
            "streams", "publish", "simulate", "snapshot", "signals", "http-auth", "help");
  }
}
