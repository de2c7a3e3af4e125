package io.socketkit;

import java.net.SocketAddress;

/** Sending on a connection whose writing side is shut, EPIPE (Python's {@code BrokenPipeError}). */
public class BrokenPipeError extends SocketError {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the error.
     *
     * @param message the message
     * @param address the peer, or {@code null}
     */
    public BrokenPipeError(String message, SocketAddress address) {
        super(Errno.EPIPE, message, address);
    }
}
