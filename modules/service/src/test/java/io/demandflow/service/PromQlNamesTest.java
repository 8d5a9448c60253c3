package io.demandflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

  @Test
  void shouldFindMetricNamesWhenExpressionHasFunctionsMatchersAndGrouping() {
    // Given a dashboard expression with functions, matchers, a range, grouping and a variable
    String expression =
        "sum by (product) (rate(a_total{application=~\"$application\", x=\"b_total\"}"
            + "[$__rate_interval])) / on (product) group_left sum without (instance) (c) > 1 "
            + "and up{job=\"demandflow\"} == 0";

    // When the names are extracted
    var names = PromQlNames.metricNames(expression);

    // Then exactly the metrics are found, not functions, labels, strings or keywords
    assertThat(names).containsExactly("a_total", "c", "up");
  }
}
