package io.socketkit.examples;

import io.socketkit.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The servers' TLS options: {@code --tls-cert FILE --tls-key FILE} (PEM) serve TLS instead of plain text. */
public final class TlsServerOptions {
    @Option(names = "--tls-cert", paramLabel = "FILE", description = "serve TLS with this PEM certificate chain (with --tls-key)")
    private Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the PEM private key (PKCS#8) of --tls-cert")
    private Path key;

    /**
     * The server context the options ask for.
     *
     * @return the context, or {@code null} if neither option is given
     * @throws IllegalArgumentException if only one of the two is given
     * @throws IOException if a file cannot be read
     */
    public SslContext context() throws IOException {
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return SslContext.createDefaultContext(SslContext.Purpose.CLIENT_AUTH).loadCertChain(cert, key);
    }
}
