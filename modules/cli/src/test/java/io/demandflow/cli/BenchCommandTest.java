package io.demandflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

  @Test
  void shouldKeepEveryValueOfASettingComparedSeveralTimes() {
    BenchCommand command = new BenchCommand();

    new CommandLine(command)
        .parseArgs(
            "--compare", "producer.linger.ms=5",
            "--compare", "producer.linger.ms=20",
            "--compare", "max.task.idle.ms = -1");

    assertThat(command.compareSettings)
        .containsExactly(
            Map.entry("producer.linger.ms", "5"),
            Map.entry("producer.linger.ms", "20"),
            Map.entry("max.task.idle.ms", "-1"));
  }

  @Test
  void shouldRefuseACompareThatIsNotKeyEqualsValue() {
    assertThatThrownBy(() -> new CommandLine(new BenchCommand()).parseArgs("--compare", "linger"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("'linger' is not KEY=VALUE");
  }
}
