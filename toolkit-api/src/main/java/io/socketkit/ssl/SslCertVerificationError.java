package io.socketkit.ssl;

import java.net.SocketAddress;

/**
 * The peer's certificate did not verify — untrusted, expired, or not for the host asked for: Python's
 * {@code ssl.SSLCertVerificationError} (reason {@code CERTIFICATE_VERIFY_FAILED}).
 */
public class SslCertVerificationError extends SslError {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the error.
     *
     * @param message what did not verify (Python's {@code verify_message})
     * @param address the peer, or {@code null}
     * @param cause the TLS engine's exception, or {@code null}
     */
    public SslCertVerificationError(String message, SocketAddress address, Throwable cause) {
        super("CERTIFICATE_VERIFY_FAILED", "certificate verify failed: " + message, address, cause);
    }
}
