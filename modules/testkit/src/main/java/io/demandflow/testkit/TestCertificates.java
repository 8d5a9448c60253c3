package io.demandflow.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and a server certificate it signed, made at test time so no
 * key material is committed and no {@code openssl}/{@code keytool} is needed: a PKCS12 key store
 * (server key and chain, for a broker's TLS listener) and a PKCS12 trust store (the CA, for
 * clients). The server certificate names {@code localhost} and {@code 127.0.0.1}, so clients keep
 * host name verification on.
 *
 * @param keyStore PKCS12 file with the server key and its chain
 * @param trustStore PKCS12 file with the CA certificate
 * @param password password of both stores and of the key
 */
public record TestCertificates(Path keyStore, Path trustStore, String password) {

  private static final Duration VALIDITY = Duration.ofDays(2);

  /**
   * Generates a CA and a server certificate into {@code directory}.
   *
   * @param directory where {@code server.keystore.p12} and {@code truststore.p12} are written
   * @return the stores
   */
  public static TestCertificates generate(Path directory) {
    String password = "test-" + Long.toHexString(new SecureRandom().nextLong());
    try {
      Files.createDirectories(directory);
      KeyPair caKeys = rsaKeys();
      X500Name caName = new X500Name("CN=demandflow test CA");
      X509Certificate ca =
          sign(
              caName,
              caName,
              caKeys.getPublic(),
              caKeys.getPrivate(),
              builder -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
              });
      KeyPair serverKeys = rsaKeys();
      X509Certificate server =
          sign(
              caName,
              new X500Name("CN=localhost"),
              serverKeys.getPublic(),
              caKeys.getPrivate(),
              builder -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(
                        new GeneralName[] {
                          new GeneralName(GeneralName.dNSName, "localhost"),
                          new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                        }));
              });

      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "server",
          serverKeys.getPrivate(),
          password.toCharArray(),
          new Certificate[] {server, ca});
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);

      Path keyStore = directory.resolve("server.keystore.p12");
      Path trustStore = directory.resolve("truststore.p12");
      store(keys, keyStore, password);
      store(trust, trustStore, password);
      return new TestCertificates(keyStore, trustStore, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate test certificates", e);
    }
  }

  /** Client settings trusting the test CA: {@code ssl.truststore.*}. */
  public Map<String, String> clientTrustProperties() {
    Map<String, String> props = new HashMap<>();
    props.put("ssl.truststore.location", trustStore.toString());
    props.put("ssl.truststore.password", password);
    props.put("ssl.truststore.type", "PKCS12");
    return props;
  }

  /**
   * Broker settings of a TLS listener using the server certificate, each prefixed with {@code
   * listener.name.<listener>.}.
   *
   * @param listenerName listener name, lower-cased for the prefix
   */
  public Map<String, String> brokerListenerProperties(String listenerName) {
    String prefix = "listener.name." + listenerName.toLowerCase(java.util.Locale.ROOT) + ".";
    Map<String, String> props = new HashMap<>();
    props.put(prefix + "ssl.keystore.location", keyStore.toString());
    props.put(prefix + "ssl.keystore.password", password);
    props.put(prefix + "ssl.key.password", password);
    props.put(prefix + "ssl.keystore.type", "PKCS12");
    props.put(prefix + "ssl.truststore.location", trustStore.toString());
    props.put(prefix + "ssl.truststore.password", password);
    props.put(prefix + "ssl.truststore.type", "PKCS12");
    return props;
  }

  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws IOException;
  }

  private static X509Certificate sign(
      X500Name issuer,
      X500Name subject,
      PublicKey subjectKey,
      PrivateKey issuerKey,
      Extensions extensions)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(VALIDITY)),
            subject,
            subjectKey);
    extensions.add(builder);
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
  }

  private static KeyPair rsaKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static void store(KeyStore store, Path file, String password)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
  }
}
