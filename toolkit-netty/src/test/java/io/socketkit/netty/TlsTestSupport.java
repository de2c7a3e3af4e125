package io.socketkit.netty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.netty.internal.Tls;
import io.socketkit.ssl.SslContext;
import io.socketkit.ssl.SslContext.Engine;
import io.socketkit.ssl.SslContext.Purpose;
import io.socketkit.testkit.TestCertificates;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;

/** What the TLS tests share: certificates made per test, and contexts for either engine. */
abstract class TlsTestSupport extends ServerTestSupport {
    TestCertificates certs;

    @BeforeEach
    void makeCertificates() throws Exception {
        certs = TestCertificates.create(tempDir);
    }

    /** Skips the test where OpenSSL is asked for and netty-tcnative does not load. */
    static void assumeEngine(Engine engine) {
        assumeTrue(engine != Engine.OPENSSL || Tls.openSslAvailable(), "netty-tcnative (OpenSSL) does not load here");
    }

    /** A server context with the test's certificate for localhost. */
    SslContext serverContext(Engine engine) throws IOException {
        return SslContext.createDefaultContext(Purpose.CLIENT_AUTH).withCertChain(certs.serverCert(), certs.serverKey())
                .withEngine(engine);
    }

    /** A client context trusting the test's CA. */
    SslContext clientContext(Engine engine) throws IOException {
        return SslContext.createDefaultContext().withVerifyLocations(certs.ca()).withEngine(engine);
    }
}
