package io.socketkit;

import java.net.SocketAddress;

/**
 * A non-blocking call could not proceed now (Python's {@code BlockingIOError}): EAGAIN for
 * {@code recv}/{@code send}/{@code accept}, EINPROGRESS or EALREADY for {@code connect}.
 */
public class BlockingIOError extends SocketError {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the error.
     *
     * @param errno EAGAIN, EINPROGRESS or EALREADY
     * @param message the message
     * @param address the address involved, or {@code null}
     */
    public BlockingIOError(Errno errno, String message, SocketAddress address) {
        super(errno, message, address);
    }
}
