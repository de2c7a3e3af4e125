package io.socketkit.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
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
 * Certificates the TLS tests make for themselves, as PEM files in a temp directory (none is checked
 * in): a CA; a server certificate it signs for {@code localhost}, 127.0.0.1 and ::1; a client
 * certificate it signs; and a server certificate from another, untrusted CA. EC P-256 keys, valid for a
 * day. The one certificate helper of every module's tests.
 *
 * @param ca the trusted CA's certificate
 * @param serverCert the server's chain (leaf, then the CA)
 * @param serverKey the server's PKCS#8 key
 * @param clientCert the client's chain
 * @param clientKey the client's key
 * @param strangerCert a server chain from an untrusted CA
 * @param strangerKey its key
 */
public record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path strangerCert,
        Path strangerKey) {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /**
     * Makes the set under a directory.
     *
     * @param dir where the PEM files go
     * @return the files
     * @throws IOException if a file cannot be written
     * @throws GeneralSecurityException if a key or certificate cannot be made
     * @throws OperatorCreationException if the signer cannot be made
     */
    public static TestCertificates create(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPair caKeys = keys();
        X500Name caName = new X500Name("CN=socketkit test CA");
        X509Certificate ca = sign(caName, caKeys, caName, caKeys, true, null);
        KeyPair serverKeys = keys();
        X509Certificate server = sign(new X500Name("CN=localhost"), serverKeys, caName, caKeys, false, new GeneralNames(
                new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")}));
        KeyPair clientKeys = keys();
        X509Certificate client = sign(new X500Name("CN=test client"), clientKeys, caName, caKeys, false, null);
        KeyPair otherCaKeys = keys();
        X500Name otherCaName = new X500Name("CN=stranger CA");
        X509Certificate otherCa = sign(otherCaName, otherCaKeys, otherCaName, otherCaKeys, true, null);
        KeyPair strangerKeys = keys();
        X509Certificate stranger = sign(new X500Name("CN=localhost"), strangerKeys, otherCaName, otherCaKeys, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        return new TestCertificates(
                pem(dir.resolve("ca.pem"), ca),
                pem(dir.resolve("server.pem"), server, ca), key(dir.resolve("server-key.pem"), serverKeys),
                pem(dir.resolve("client.pem"), client, ca), key(dir.resolve("client-key.pem"), clientKeys),
                pem(dir.resolve("stranger.pem"), stranger, otherCa), key(dir.resolve("stranger-key.pem"), strangerKeys));
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            boolean isCa, GeneralNames names) throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        builder.addExtension(Extension.keyUsage, true, isCa ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (names != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static Path pem(Path file, X509Certificate... chain) throws IOException, GeneralSecurityException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            text.append(block("CERTIFICATE", certificate.getEncoded()));
        }
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static Path key(Path file, KeyPair keys) throws IOException {
        // An EC private key encodes as PKCS#8: what "BEGIN PRIVATE KEY" holds.
        return Files.writeString(file, block("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
