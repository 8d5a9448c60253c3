package io.demandflow.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/** The planning period of a date: its calendar month, {@code YYYY-MM} (SPEC §2). */
public final class Periods {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM");

  private Periods() {}

  /**
   * Returns the period of {@code date}. A {@link LocalDate} carries no zone: the Avro {@code date}
   * type counts days since the epoch, so its calendar month is the UTC month the SPEC asks for.
   */
  public static String of(LocalDate date) {
    Objects.requireNonNull(date, "date");
    return YearMonth.from(date).format(FORMAT);
  }
}
