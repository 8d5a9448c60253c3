package io.demandflow.bench;

import java.util.Arrays;
import java.util.List;

/** Median, minimum and maximum of a few rounds. */
public record Summary(double median, double min, double max) {

  /** Of {@code values}, at least one; the median of an even count is the mean of the middle two. */
  public static Summary of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Summary(median, sorted[0], sorted[n - 1]);
  }
}
