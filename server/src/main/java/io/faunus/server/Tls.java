package io.faunus.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * HTTPS for the listener: a PEM certificate chain and its PEM (PKCS#8) private key. The context is built,
 * and the key checked against the certificate, when the configuration is made, so a missing file or a key
 * that does not match fails at start, not at the first connection. HTTP/1.1 and HTTP/2 with prior knowledge
 * both run inside TLS; no ALPN is offered, so clients that negotiate speak HTTP/1.1.
 */
public record Tls(Path certificate, Path key, SslContext context) {
  public static Tls of(Path certificate, Path key) {
    for (Path p : new Path[] {certificate, key}) {
      if (!Files.isReadable(p)) throw new IllegalArgumentException("--tls-cert/--tls-key: cannot read " + p);
    }
    try {
      checkPair(certificate, key);
      return new Tls(certificate, key, SslContextBuilder.forServer(certificate.toFile(), key.toFile()).build());
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls-cert/--tls-key: " + e.getMessage(), e);
    }
  }

  /** Signs with the key and verifies with the certificate: they must be a pair. */
  private static void checkPair(Path certificate, Path key) throws IOException, GeneralSecurityException {
    Certificate cert;
    try (InputStream in = Files.newInputStream(certificate)) {
      cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String pem = Files.readString(key);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----"), end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) throw new IllegalArgumentException("the key must be a PEM PKCS#8 PRIVATE KEY");
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    String alg = cert.getPublicKey().getAlgorithm();
    PrivateKey priv = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
    String sigAlg = alg.equals("EC") ? "SHA256withECDSA" : alg.equals("RSA") ? "SHA256withRSA" : alg;
    byte[] probe = "faunus-tls-pair-check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Signature s = Signature.getInstance(sigAlg);
    s.initSign(priv);
    s.update(probe);
    byte[] signed = s.sign();
    Signature v = Signature.getInstance(sigAlg);
    v.initVerify(cert);
    v.update(probe);
    if (!v.verify(signed)) throw new IllegalArgumentException("the key does not belong to the certificate");
  }
}
