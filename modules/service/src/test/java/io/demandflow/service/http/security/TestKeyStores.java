package io.demandflow.service.http.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed key stores made at test time with the JDK's keytool: nothing secret is committed. */
public final class TestKeyStores {

  public static final String PASSWORD = "test-keystore-password";

  private TestKeyStores() {}

  /**
   * A PKCS12 key store at {@code file} with one self-signed certificate for {@code localhost} and
   * {@code 127.0.0.1}; as a trust store it makes a client trust that certificate.
   */
  public static KeyStoreFile selfSigned(Path file) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "demandflow-http",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    return new KeyStoreFile(file, PASSWORD, "PKCS12");
  }
}
