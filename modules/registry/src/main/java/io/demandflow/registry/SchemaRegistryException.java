package io.demandflow.registry;

/**
 * A schema registry refused a request or could not be reached.
 *
 * <p>Unchecked so that it can cross the Kafka {@code Serializer} API. {@link #httpStatus()} tells
 * the two cases apart: a 4xx status means the request itself is wrong (unknown subject or id,
 * incompatible or invalid schema) and retrying will not help; {@code 0} or a 5xx status means the
 * registry was unavailable after all retries.
 */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** HTTP status used when no response was received (connection refused, timeout, ...). */
  public static final int NO_RESPONSE = 0;

  private final String subject;
  private final int httpStatus;
  private final int errorCode;
  private final String detail;

  /**
   * @param subject the subject the request was about, or {@code null}
   * @param httpStatus the HTTP status, or {@link #NO_RESPONSE}
   * @param errorCode the Confluent {@code error_code} (e.g. 40901), or the HTTP status if none
   * @param detail the registry's own message (sent as {@code message} by the server)
   */
  public SchemaRegistryException(
      String subject, int httpStatus, int errorCode, String detail, Throwable cause) {
    super(describe(subject, httpStatus, errorCode, detail), cause);
    this.subject = subject;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.detail = detail;
  }

  public SchemaRegistryException(String subject, int httpStatus, int errorCode, String detail) {
    this(subject, httpStatus, errorCode, detail, null);
  }

  private static String describe(String subject, int httpStatus, int errorCode, String detail) {
    String about = subject == null ? "" : " for subject '" + subject + "'";
    String status =
        httpStatus == NO_RESPONSE
            ? "no response"
            : "HTTP " + httpStatus + " (error code " + errorCode + ")";
    return "Schema registry request" + about + " failed: " + status + ": " + detail;
  }

  /** The subject the request was about, or {@code null} (e.g. lookup by id). */
  public String subject() {
    return subject;
  }

  /** The HTTP status, or {@link #NO_RESPONSE} when the registry could not be reached. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent's finer error code, e.g. 40401 subject not found, 40901 incompatible schema. */
  public int errorCode() {
    return errorCode;
  }

  /** The registry's message without the subject/status prefix. */
  public String detail() {
    return detail;
  }

  /** True for 4xx: the request is wrong and retrying will not help. */
  public boolean isClientError() {
    return httpStatus >= 400 && httpStatus < 500;
  }
}
