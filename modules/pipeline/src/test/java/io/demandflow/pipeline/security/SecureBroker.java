package io.demandflow.pipeline.security;

import io.demandflow.embedded.ClientListener;
import io.demandflow.embedded.EmbeddedKafkaBroker;
import io.demandflow.testkit.TestCertificates;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * An embedded broker of its own with a SASL_SSL listener (SCRAM-SHA-512 over TLS with a test CA)
 * and the StandardAuthorizer denying everything no ACL allows. {@code admin} is the only super user
 * that authenticates (plus ANONYMOUS, which only the plaintext KRaft controller listener produces).
 */
final class SecureBroker implements AutoCloseable {

  static final String LISTENER = "SECURE";
  static final String MECHANISM = "SCRAM-SHA-512";

  private final EmbeddedKafkaBroker broker;
  private final TestCertificates certificates;

  private SecureBroker(EmbeddedKafkaBroker broker, TestCertificates certificates) {
    this.broker = broker;
    this.certificates = certificates;
  }

  /** A fresh random password, so a test can look for it in logs. */
  static String newPassword(String who) {
    return who + "-pw-" + Long.toHexString(new SecureRandom().nextLong());
  }

  static SecureBroker start(Path directory, String adminPassword) {
    TestCertificates certificates = TestCertificates.generate(directory.resolve("tls"));
    Map<String, String> brokerProps = new HashMap<>();
    brokerProps.put(
        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    // The KRaft controller listener stays PLAINTEXT inside the process: its principal is ANONYMOUS.
    brokerProps.put("super.users", "User:admin;User:ANONYMOUS");
    brokerProps.put("allow.everyone.if.no.acl.found", "false");
    brokerProps.put("sasl.enabled.mechanisms", MECHANISM);
    brokerProps.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    brokerProps.put(
        "listener.name.secure.scram-sha-512.sasl.jaas.config", jaas("admin", adminPassword));
    brokerProps.putAll(certificates.brokerListenerProperties(LISTENER));
    Map<String, Object> adminClient = new HashMap<>(certificates.clientTrustProperties());
    adminClient.putAll(saslProperties("admin", adminPassword));
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder()
            .dataDirectory(directory.resolve("kafka"))
            .clientListener(ClientListener.of(LISTENER, SecurityProtocol.SASL_SSL))
            .brokerProperties(brokerProps)
            .formatArguments(
                "--add-scram", MECHANISM + "=[name=admin,password=" + adminPassword + "]")
            .clientSecurityProperties(adminClient)
            .start();
    return new SecureBroker(broker, certificates);
  }

  /** Creates or replaces SCRAM users at runtime. */
  void addUsers(Map<String, String> passwordsByUser)
      throws ExecutionException, InterruptedException {
    List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> upserts =
        passwordsByUser.entrySet().stream()
            .map(
                e ->
                    (org.apache.kafka.clients.admin.UserScramCredentialAlteration)
                        new UserScramCredentialUpsertion(
                            e.getKey(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                            e.getValue()))
            .toList();
    try (Admin admin = Admin.create(broker.clientProperties())) {
      admin.alterUserScramCredentials(upserts).all().get();
    }
  }

  /** The super user's client properties (bootstrap, SASL_SSL, trust store). */
  Map<String, Object> adminProperties() {
    return broker.clientProperties();
  }

  /** Client properties of {@code user}: bootstrap servers, SASL_SSL, SCRAM login, trust store. */
  Map<String, String> clientProperties(String user, String password) {
    Map<String, String> props = new HashMap<>(certificates.clientTrustProperties());
    props.putAll(saslProperties(user, password));
    props.put("bootstrap.servers", broker.bootstrapServers());
    return props;
  }

  private static Map<String, String> saslProperties(String user, String password) {
    return Map.of(
        "security.protocol",
        "SASL_SSL",
        "sasl.mechanism",
        MECHANISM,
        "sasl.jaas.config",
        jaas(user, password));
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  @Override
  public void close() {
    broker.close();
  }
}
