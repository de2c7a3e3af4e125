package io.socketkit.ssl;

import io.socketkit.Errno;
import io.socketkit.OSError;
import java.net.SocketAddress;
import javax.net.ssl.SSLException;

/**
 * A TLS handshake or record failed: Python's {@code ssl.SSLError}. Like Python's, it has no errno
 * ({@link #errno()} is {@code null}); {@link #reason()} says what went wrong in Python's words where
 * one fits. The connection is unusable after it.
 */
public class SslError extends SSLException implements OSError {
    private static final long serialVersionUID = 1L;

    /** Python's reason, or {@code null}. */
    private final String reason;
    private final transient SocketAddress address;

    /**
     * Makes the error.
     *
     * @param reason Python's {@code reason}, e.g. {@code "WRONG_VERSION_NUMBER"}, or a short description
     * @param message what happened
     * @param address the peer, or {@code null}
     * @param cause the TLS engine's exception, or {@code null}
     */
    public SslError(String reason, String message, SocketAddress address, Throwable cause) {
        super("[SSL: " + reason + "] " + message, cause);
        this.reason = reason;
        this.address = address;
    }

    /** @return the reason, as Python's {@code SSLError.reason} */
    public String reason() {
        return reason;
    }

    @Override
    public Errno errno() {
        return null;
    }

    @Override
    public SocketAddress address() {
        return address;
    }
}
