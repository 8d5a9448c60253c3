package io.demandflow.registry;

/** Confluent Schema Registry error codes, so that the mock, server and client agree. */
public final class ErrorCodes {
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int INCOMPATIBLE_SCHEMA = 40901;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

  private ErrorCodes() {}

  /** The HTTP status carried by a Confluent error code (its first three digits). */
  public static int httpStatusOf(int errorCode) {
    return errorCode >= 10000 ? errorCode / 100 : errorCode;
  }

  static SchemaRegistryException error(String subject, int errorCode, String detail) {
    return new SchemaRegistryException(subject, httpStatusOf(errorCode), errorCode, detail);
  }
}
