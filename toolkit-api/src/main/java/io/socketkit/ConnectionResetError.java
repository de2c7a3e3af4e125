package io.socketkit;

import java.net.SocketAddress;

/** The peer reset the connection, ECONNRESET (Python's {@code ConnectionResetError}). */
public class ConnectionResetError extends SocketError {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the error.
     *
     * @param message the message
     * @param address the peer, or {@code null}
     */
    public ConnectionResetError(String message, SocketAddress address) {
        super(Errno.ECONNRESET, message, address);
    }
}
