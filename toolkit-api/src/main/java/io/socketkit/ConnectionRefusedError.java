package io.socketkit;

import java.net.ConnectException;
import java.net.SocketAddress;

/** Nobody listens at the address, ECONNREFUSED (Python's {@code ConnectionRefusedError}). */
public class ConnectionRefusedError extends ConnectException implements OSError {
    private static final long serialVersionUID = 1L;

    private final transient SocketAddress address;

    /**
     * Makes the error.
     *
     * @param message the message
     * @param address the address that refused, or {@code null}
     */
    public ConnectionRefusedError(String message, SocketAddress address) {
        super(message);
        this.address = address;
    }

    @Override
    public Errno errno() {
        return Errno.ECONNREFUSED;
    }

    @Override
    public SocketAddress address() {
        return address;
    }
}
