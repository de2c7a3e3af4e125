package io.socketkit.examples;

import io.socketkit.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The servers' TLS options: {@code --tls-cert FILE --tls-key FILE} (PEM) serve TLS instead of plain text. */
public final class TlsServerOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "serve TLS with this PEM certificate chain (with --tls-key)")
    private Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the PEM private key (PKCS#8) of --tls-cert")
    private Path key;

    /**
     * The server context the options ask for.
     *
     * @return the context, or {@code null} if neither option is given
     * @throws ParameterException if only one of the two is given (a usage error)
     * @throws IOException if a file cannot be read
     */
    public SslContext context() throws IOException {
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            throw new ParameterException(command.commandLine(), "--tls-cert and --tls-key go together");
        }
        return SslContext.createDefaultContext(SslContext.Purpose.CLIENT_AUTH).withCertChain(cert, key);
    }
}
