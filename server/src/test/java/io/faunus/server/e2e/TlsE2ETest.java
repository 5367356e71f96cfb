package io.faunus.server.e2e;

import static io.faunus.server.e2e.E2E.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faunus.server.Tls;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a PEM certificate and key (issue 18): queries over TLS, cleartext refused, bad files refused at start. */
class TlsE2ETest {
  @TempDir Path dir;

  /** A self-signed certificate for localhost/127.0.0.1 made with the openssl command. */
  private void selfSigned(Path cert, Path key) throws Exception {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static HttpClient trusting(Path cert) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      ks.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void queriesRunOverHttpsAndCleartextGetsNoAnswer() throws Exception {
    Path cert = dir.resolve("cert.pem"), key = dir.resolve("key.pem");
    selfSigned(cert, key);
    try (E2E.InProcess db = E2E.InProcess.inMemory(c -> c.withTls(Tls.of(cert, key)))) {
      int port = db.server.port();
      HttpResponse<String> r = trusting(cert).send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/query/1"))
          .header("Authorization", "Bearer " + ROOT).POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"1 + 1\"}"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"data\":2");
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
          .as("a cleartext request to the TLS port gets no HTTP answer").isInstanceOf(java.io.IOException.class);
      assertThatThrownBy(() -> HttpClient.newBuilder().build().send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + port + "/ping")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString())).as("an untrusted certificate is refused by the client")
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void missingOrMismatchedFilesFailAtStart() throws Exception {
    Path cert = dir.resolve("cert.pem"), key = dir.resolve("key.pem"), other = dir.resolve("other-key.pem");
    selfSigned(cert, key);
    selfSigned(dir.resolve("other-cert.pem"), other);
    assertThatThrownBy(() -> Tls.of(cert, dir.resolve("nope.pem"))).hasMessageContaining("cannot read");
    assertThatThrownBy(() -> Tls.of(cert, other)).isInstanceOf(IllegalArgumentException.class);
  }
}
