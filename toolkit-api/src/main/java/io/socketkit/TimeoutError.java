package io.socketkit;

import java.net.SocketAddress;
import java.net.SocketTimeoutException;

/**
 * A call on a socket in timeout mode ran out of time (Python's {@code socket.timeout}, "timed out").
 * It has no errno, as in Python.
 */
public class TimeoutError extends SocketTimeoutException implements OSError {
    private static final long serialVersionUID = 1L;

    private final transient SocketAddress address;

    /**
     * Makes the error.
     *
     * @param message the message, usually naming the call: {@code "timed out: recv"}
     * @param address the address involved, or {@code null}
     */
    public TimeoutError(String message, SocketAddress address) {
        super(message);
        this.address = address;
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
